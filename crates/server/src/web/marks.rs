//! Article text → paragraphs of segments, with summary sentences marked so `#s{index}` links land on them.
//!
//! Segments are plain text; the template escapes them, so nothing in an article can become markup.

use newsdesk_model::SummarySentence;
use std::ops::Range;

/// A run of text inside a paragraph; `marked` runs are summary sentences. `id` (`s3`) sits on the first
/// run of a sentence only, so an anchor stays unique when a sentence crosses a paragraph break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub marked: bool,
    pub id: Option<String>,
}

/// Split `text` into paragraphs (blank-line separated) and mark the sentences, by their byte spans.
pub fn mark_paragraphs(text: &str, sentences: &[&SummarySentence]) -> Vec<Vec<Segment>> {
    let marks = resolve_marks(text, sentences);
    let mut anchored = vec![false; marks.len()];
    paragraph_ranges(text)
        .into_iter()
        .map(|paragraph| {
            let mut segments = Vec::new();
            let mut cursor = paragraph.start;
            for (i, (index, mark)) in marks.iter().enumerate() {
                let start = mark.start.max(paragraph.start);
                let end = mark.end.min(paragraph.end);
                if start >= end {
                    continue;
                }
                push_plain(&mut segments, &text[cursor..start]);
                let id = (!anchored[i]).then(|| format!("s{index}"));
                anchored[i] = true;
                segments.push(Segment { text: text[start..end].to_string(), marked: true, id });
                cursor = end;
            }
            push_plain(&mut segments, &text[cursor..paragraph.end]);
            segments
        })
        .collect()
}

/// Byte ranges of the sentences to mark, sorted, valid and non-overlapping. A span that does not match the
/// sentence text (text edited after summarizing) falls back to finding the sentence; failing that it is
/// still used if it lies on character boundaries, since the anchor matters more than exact bounds.
fn resolve_marks(text: &str, sentences: &[&SummarySentence]) -> Vec<(usize, Range<usize>)> {
    let mut marks: Vec<(usize, Range<usize>)> = sentences
        .iter()
        .filter_map(|s| {
            let span = s.span.start..s.span.end;
            let at_span = text.get(span.clone()).filter(|t| !t.trim().is_empty());
            let range = match at_span {
                Some(t) if t.trim() == s.text.trim() => span,
                _ => match find_nonempty(text, s.text.trim()) {
                    Some(start) => start..start + s.text.trim().len(),
                    None => at_span.map(|_| span)?,
                },
            };
            Some((s.sentence_index, range))
        })
        .collect();
    marks.sort_by_key(|(index, range)| (range.start, *index));
    marks.dedup_by_key(|(index, _)| *index);
    let mut last_end = 0;
    marks.retain(|(_, range)| {
        let keep = range.start >= last_end;
        if keep {
            last_end = range.end;
        }
        keep
    });
    marks
}

fn find_nonempty(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() { None } else { text.find(needle) }
}

/// Trimmed, non-empty paragraphs, as byte ranges into `text`.
fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut offset = 0;
    for chunk in text.split("\n\n") {
        let leading = chunk.len() - chunk.trim_start().len();
        let trimmed = chunk.trim();
        if !trimmed.is_empty() {
            let start = offset + leading;
            ranges.push(start..start + trimmed.len());
        }
        offset += chunk.len() + 2;
    }
    ranges
}

fn push_plain(segments: &mut Vec<Segment>, text: &str) {
    if !text.is_empty() {
        segments.push(Segment { text: text.to_string(), marked: false, id: None });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_model::{ArticleId, Span};

    fn sentence(text: &str, index: usize, start: usize) -> SummarySentence {
        SummarySentence {
            text: text.into(),
            article: ArticleId("a".into()),
            sentence_index: index,
            span: Span { start, end: start + text.len() },
        }
    }

    #[test]
    fn marks_sentences_by_span_across_paragraphs() {
        let text = "First one. Second one.\n\nThird one.";
        let second = sentence("Second one.", 1, 11);
        let third = sentence("Third one.", 2, 24);
        let paragraphs = mark_paragraphs(text, &[&third, &second]);
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(paragraphs[0][0].text, "First one. ");
        assert_eq!(
            paragraphs[0][1],
            Segment { text: "Second one.".into(), marked: true, id: Some("s1".into()) }
        );
        assert_eq!(paragraphs[1][0].id.as_deref(), Some("s2"));
    }

    #[test]
    fn stale_span_falls_back_to_finding_the_sentence() {
        let text = "Intro.\n\nThe point é here.";
        let stale = sentence("The point é here.", 4, 0);
        let paragraphs = mark_paragraphs(text, &[&stale]);
        assert_eq!(paragraphs[1][0].id.as_deref(), Some("s4"));
        assert_eq!(paragraphs[1][0].text, "The point é here.");
    }

    #[test]
    fn out_of_range_spans_are_ignored() {
        let text = "Only text.";
        let bogus = SummarySentence {
            text: "Missing.".into(),
            article: ArticleId("a".into()),
            sentence_index: 0,
            span: Span { start: 5, end: 500 },
        };
        let paragraphs = mark_paragraphs(text, &[&bogus]);
        assert_eq!(paragraphs, vec![vec![Segment { text: "Only text.".into(), marked: false, id: None }]]);
    }
}
