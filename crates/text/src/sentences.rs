//! Sentence splitting: UAX#29 sentence bounds within each line, then re-joined after abbreviations
//! ("Dr.", "U.S.", "Jan.") and initials, which UAX#29 wrongly treats as sentence ends.

use unicode_segmentation::UnicodeSegmentation;

/// A sentence as a byte span of the text it was split from (trimmed of surrounding whitespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

impl Sentence {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Words that end with a period without ending a sentence. Lowercase, without the dot.
/// Why: news text is full of titles and dates ("Gov. Smith", "Jan. 5", "U.S. officials").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gov", "sen", "rep", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "pres", "rev", "hon", "supt", "insp", "det", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs",
    "fri", "sat", "sun", "no", "nos", "vs", "v", "etc", "inc", "ltd", "co", "corp", "dept", "est", "approx",
    "fig", "vol", "pp", "ft", "mt", "ave", "blvd", "rd", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
    "d.c", "e.u",
];

/// Split `text` into sentences. Line breaks always end a sentence (paragraphs, headings, list items).
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut pending: Option<Sentence> = None;
        for (offset, piece) in line.split_sentence_bound_indices() {
            let Some(span) = trimmed_span(piece, line_start + offset) else { continue };
            pending = Some(match pending {
                Some(prev)
                    if ends_with_abbreviation(&text[prev.start..prev.end])
                        || starts_lowercase(&text[span.start..span.end]) =>
                {
                    Sentence { start: prev.start, end: span.end }
                }
                Some(prev) => {
                    out.push(prev);
                    span
                }
                None => span,
            });
        }
        out.extend(pending);
        line_start += line.len();
    }
    out
}

fn trimmed_span(piece: &str, offset: usize) -> Option<Sentence> {
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(Sentence { start: offset + lead, end: offset + lead + trimmed.len() })
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(body) = sentence.strip_suffix('.') else { return false };
    let last = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    if last.is_empty() {
        return false;
    }
    // A single capital letter is an initial ("John F. Kennedy").
    let mut chars = last.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    let lower = last.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// A "sentence" starting in lowercase is almost always a false split (e.g. after "approx.").
fn starts_lowercase(sentence: &str) -> bool {
    sentence.chars().next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn keeps_abbreviations_and_initials_inside_sentences() {
        let text = "Dr. Smith arrived in the U.S. on Jan. 5 at 3 p.m. and met Mr. Jones. He left.";
        assert_eq!(
            split(text),
            ["Dr. Smith arrived in the U.S. on Jan. 5 at 3 p.m. and met Mr. Jones.", "He left."]
        );
    }

    #[test]
    fn lines_always_end_sentences() {
        assert_eq!(
            split("Headline without dot\nFirst sentence. Second one!\n\nThird?"),
            ["Headline without dot", "First sentence.", "Second one!", "Third?"]
        );
    }

    #[test]
    fn spans_are_trimmed_and_exact() {
        let text = "  One.   Two.  ";
        let spans = sentences(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].start..spans[0].end], "One.");
        assert_eq!(&text[spans[1].start..spans[1].end], "Two.");
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            split("“We will not yield,” she said. Talks resumed."),
            ["“We will not yield,” she said.", "Talks resumed."]
        );
    }
}
