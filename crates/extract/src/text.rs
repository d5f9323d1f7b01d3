//! Plain-text captures of web pages: find the headline and byline in the preamble, drop page furniture
//! anywhere (patterns in `rules.rs`), keep every paragraph.

use crate::rules::{self, Effect};
use crate::{Dropped, Found, metadata};
use newsdesk_text::word_count;

/// Extract title, byline and clean paragraphs from a plain-text capture.
pub(crate) fn extract_text(input: &str) -> Found {
    let lines: Vec<&str> = input.lines().map(str::trim).collect();
    let mut found = Found::default();
    let body_start = read_preamble(&lines, &mut found);
    let kept = drop_clutter(&lines[body_start..], &mut found);
    let mut paragraphs = assemble_paragraphs(&kept);
    mark_truncation(&mut paragraphs, &mut found);
    found.text = paragraphs.join("\n\n");
    if found.title.is_none() {
        found.title = derive_title(&found.text);
        if found.title.is_some() {
            found.notes.push("no headline line; title derived from the first sentence".into());
        }
    }
    found
}

/// What a line before the first paragraph is.
#[derive(Debug, PartialEq)]
enum PreambleLine {
    Clutter(&'static str),
    Byline(String),
    Repeated,
    Name,
    Headline,
    Other,
}

/// Scan the lines before the first paragraph: the headline, outlet/section labels and a byline.
/// Returns the index where the body starts (just after the headline, or 0 when there is none).
fn read_preamble(lines: &[&str], found: &mut Found) -> usize {
    let first_paragraph =
        lines.iter().position(|l| word_count(l) > rules::MAX_HEADLINE_WORDS).unwrap_or(lines.len());
    let preamble = &lines[..first_paragraph];
    let kinds: Vec<PreambleLine> = preamble.iter().map(|l| classify_preamble(l, preamble)).collect();
    let Some(h) = kinds.iter().position(|k| *k == PreambleLine::Headline) else { return 0 };
    found.title = Some(metadata::clean_inline(lines[h]));
    let mut name_before: Option<String> = None;
    for (line, kind) in preamble[..h].iter().zip(&kinds) {
        match kind {
            PreambleLine::Clutter(reason) => found.drop(line, reason),
            PreambleLine::Byline(name) => found.byline = Some(name.clone()),
            PreambleLine::Repeated => {
                found.site_name.get_or_insert_with(|| line.to_string());
                found.drop(line, "clutter:repeated-line");
            }
            PreambleLine::Name => name_before = Some(line.to_string()),
            PreambleLine::Headline | PreambleLine::Other if !line.is_empty() => {
                found.drop(line, "clutter:preamble-label")
            }
            _ => {}
        }
    }
    // A bare name right under the outlet/section lines, or right under the headline, is the byline.
    if found.byline.is_none() {
        found.byline = name_before;
    }
    let mut start = h + 1;
    let mut byline_guessed = false;
    for (i, line) in lines.iter().enumerate().skip(h + 1).take(rules::MAX_META_LINES_UNDER_HEADLINE) {
        if line.is_empty() {
            continue;
        }
        if found.published.is_none()
            && let Some(date) = date_line(line)
        {
            found.published = Some(date.to_string());
            found.drop(line, "dateline");
            start = i + 1;
            continue;
        }
        let explicit = rules::BYLINE_LINE
            .as_ref()
            .filter(|re| re.is_match(line))
            .and_then(|_| metadata::clean_byline(line));
        if let Some(name) = explicit {
            // "By X" beats a bare name guessed earlier (which was probably a section or team label).
            if found.byline.is_none() || byline_guessed {
                found.byline = Some(name);
                byline_guessed = false;
            }
            found.drop(line, "byline");
            start = i + 1;
            continue;
        }
        if found.byline.is_none() && is_name_like(line) {
            found.byline = Some(line.to_string());
            byline_guessed = true;
            found.drop(line, "byline");
            start = i + 1;
            continue;
        }
        if is_section_label(line) {
            found.drop(line, "clutter:section-label");
            start = i + 1;
            continue;
        }
        break;
    }
    start
}

fn classify_preamble(line: &str, preamble: &[&str]) -> PreambleLine {
    let words = word_count(line);
    if line.is_empty() {
        return PreambleLine::Other;
    }
    if let Some(rule) = matching_rule(line) {
        return PreambleLine::Clutter(rule.reason);
    }
    if rules::BYLINE_LINE.as_ref().is_some_and(|re| re.is_match(line))
        && let Some(name) = metadata::clean_byline(line)
    {
        return PreambleLine::Byline(name);
    }
    if preamble.iter().filter(|l| **l == line).count() > 1 {
        return PreambleLine::Repeated;
    }
    if is_name_like(line) {
        return PreambleLine::Name;
    }
    let sentence_end = line.ends_with('.') && !line.ends_with("...");
    if (rules::MIN_HEADLINE_WORDS..=rules::MAX_HEADLINE_WORDS).contains(&words)
        && !sentence_end
        && !is_caption(line)
    {
        return PreambleLine::Headline;
    }
    PreambleLine::Other
}

/// "Companies | Healthcare", "World › Europe": a short breadcrumb of section names.
fn is_section_label(line: &str) -> bool {
    word_count(line) <= rules::MAX_SECTION_LABEL_WORDS
        && line.contains(rules::SECTION_SEPARATORS)
        && !line.ends_with('.')
}

/// A line under the headline that is only a date ("Tuesday 14 April 2026", "20 May 2026 · 6 min read"):
/// the part before a separator must parse as a full date on its own.
fn date_line(line: &str) -> Option<&str> {
    let date = line.split(['·', '|']).next().unwrap_or("").trim();
    let short = (2..=rules::MAX_DATELINE_WORDS).contains(&word_count(date));
    (short && crate::parse_date(date).is_some()).then_some(date)
}

/// "Mira Kovac": 2-4 capitalised words of letters only, no sentence punctuation.
fn is_name_like(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=rules::MAX_NAME_WORDS).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
}

pub(crate) fn matching_rule(line: &str) -> Option<&'static rules::LineRule> {
    if more_words_than(line, rules::MAX_CLUTTER_WORDS) {
        return None;
    }
    match rules::LINE_CLUTTER_SET.as_ref() {
        Some(set) => set.matches(line).iter().next().and_then(|i| rules::LINE_CLUTTER.get(i)),
        None => rules::LINE_CLUTTER.iter().find(|r| r.regex.is_match(line)),
    }
}

/// `word_count(text) > n`, counting only as far as it needs: long paragraphs are the common case and these
/// tests run on every paragraph of a page.
pub(crate) fn more_words_than(text: &str, n: usize) -> bool {
    newsdesk_text::tokens(text).nth(n).is_some()
}

pub(crate) fn is_caption(line: &str) -> bool {
    !more_words_than(line, rules::MAX_CAPTION_WORDS)
        && rules::CAPTION.as_ref().is_some_and(|re| re.is_match(line))
}

/// Body lines with clutter removed; `None` marks a blank line (paragraph boundary in wrapped text).
fn drop_clutter<'a>(lines: &[&'a str], found: &mut Found) -> Vec<Option<&'a str>> {
    let is_paragraph = |l: &str| word_count(l) > rules::MAX_CLUTTER_WORDS && !is_caption(l);
    let mut kept = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.is_empty() {
            kept.push(None);
            continue;
        }
        if found.title.as_deref() == Some(line) {
            found.drop(line, "clutter:repeated-title");
            continue;
        }
        if is_caption(line) {
            found.drop(line, "clutter:caption");
            continue;
        }
        let Some(rule) = matching_rule(line) else {
            kept.push(Some(line));
            continue;
        };
        found.drop(line, rule.reason);
        if rule.reason == "clutter:credit-line" && found.byline.is_none() {
            found.byline = metadata::clean_byline(line);
        }
        match rule.effect {
            Effect::Drop => {}
            Effect::Truncates => found.truncated = true,
            Effect::TailMarker => {
                if !lines[i..].iter().any(|l| is_paragraph(l)) {
                    for rest in lines[i..].iter().filter(|l| !l.is_empty()) {
                        found.drop(rest, rule.reason);
                    }
                    break;
                }
            }
        }
    }
    kept
}

/// One paragraph per line, unless the text is hard-wrapped (blocks of several short lines between blank
/// lines), in which case each block is one paragraph.
fn assemble_paragraphs(kept: &[Option<&str>]) -> Vec<String> {
    let blocks: Vec<Vec<&str>> = kept
        .split(Option::is_none)
        .map(|b| b.iter().flatten().copied().collect::<Vec<_>>())
        .filter(|b| !b.is_empty())
        .collect();
    let multi = blocks.iter().filter(|b| b.len() > 1).count();
    let lines: Vec<&str> = blocks.iter().flatten().copied().collect();
    let avg_len = lines.iter().map(|l| l.len()).sum::<usize>() / lines.len().max(1);
    let hard_wrapped = blocks.len() > 1 && multi * 2 > blocks.len() && avg_len < 90;
    if hard_wrapped {
        blocks.iter().map(|b| metadata::clean_inline(&b.join(" "))).collect()
    } else {
        lines.iter().map(|l| metadata::clean_inline(l)).collect()
    }
}

/// A trailing "(Read more)" is cut and marks the text as truncated; so does a trailing "..." teaser.
fn mark_truncation(paragraphs: &mut Vec<String>, found: &mut Found) {
    let Some(last) = paragraphs.last_mut() else { return };
    if let Some(m) = rules::TRAILING_READ_MORE.as_ref().and_then(|re| re.find(last)) {
        found.dropped.push(Dropped { text: m.as_str().trim().to_string(), reason: "clutter:read-more" });
        last.truncate(m.start());
        *last = last.trim_end().to_string();
        found.truncated = true;
    }
    if last.ends_with("...") || last.ends_with('…') {
        found.truncated = true;
    }
    if last.is_empty() {
        paragraphs.pop();
    }
}

/// A title for a capture without a headline line: the first sentence, capped in length.
pub(crate) fn derive_title(text: &str) -> Option<String> {
    let first = newsdesk_text::sentences(text).first().map(|s| s.text(text).to_string())?;
    let words: Vec<&str> = first.split_whitespace().collect();
    let title = if words.len() > rules::MAX_DERIVED_TITLE_WORDS {
        format!("{}…", words[..rules::MAX_DERIVED_TITLE_WORDS].join(" "))
    } else {
        first.trim_end_matches('.').to_string()
    };
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_byline_and_clutter() {
        let input = "Get all your news in one place.\nDaily Harbour\nDaily Harbour\nCity\nMira Kovac\n\n\
            Harbour council approves the new ferry terminal plan\n\nNo time to read?\nGet a summary\n\
            The council voted seven to two on Tuesday evening to approve the long-debated ferry terminal, ending \
            a three-year dispute over the site, the cost and the number of daily crossings it would allow.\n\
            Share this article\nSign up for our morning newsletter\nPrevious Article\nSome other headline here";
        let f = extract_text(input);
        assert_eq!(f.title.as_deref(), Some("Harbour council approves the new ferry terminal plan"));
        assert_eq!(f.byline.as_deref(), Some("Mira Kovac"));
        assert_eq!(f.site_name.as_deref(), Some("Daily Harbour"));
        assert!(f.text.starts_with("The council voted"));
        assert!(
            !f.text.contains("Share") && !f.text.contains("newsletter") && !f.text.contains("Some other")
        );
    }

    #[test]
    fn date_line_under_headline_is_the_publish_date() {
        let f = extract_text(
            "Ferry service resumes\n\nBy Mira Kovac\nTuesday 14 April 2026 · 3 min read\n\nThe ferry between the islands resumed service on Tuesday after repairs to its ramp were completed.",
        );
        assert_eq!(f.published.as_deref(), Some("Tuesday 14 April 2026"));
        assert!(!f.text.contains("April 2026"));
    }

    #[test]
    fn section_label_and_explicit_byline_under_headline() {
        let f = extract_text(
            "Ferry service resumes\n\nHarbour Club\nTravel | Islands\nBy Mira Kovac\nWednesday 20 May 2026 · 6 min read\n\nThe ferry between the islands resumed service on Tuesday after repairs to its ramp were completed.",
        );
        assert_eq!(f.byline.as_deref(), Some("Mira Kovac"));
        assert_eq!(f.published.as_deref(), Some("Wednesday 20 May 2026"));
        assert!(f.text.starts_with("The ferry"), "{}", f.text);
    }

    #[test]
    fn inline_related_links_are_dropped_but_prose_is_kept() {
        let f = extract_text(
            "Ferry service resumes\n\nThe ferry between the islands resumed service on Tuesday after repairs to its ramp were completed.\n\nMost read: Council approves riverside tram extension\n\nRead more: Five ferries to try this summer\n\nPassengers said they had missed the crossing, which most read as a sign of better times.",
        );
        assert!(!f.text.contains("Most read:"), "{}", f.text);
        assert!(!f.text.contains("Read more:"), "{}", f.text);
        assert!(!f.text.contains("in your inbox"), "{}", f.text);
        assert!(f.text.contains("most read as a sign"), "{}", f.text);
    }

    #[test]
    fn read_more_truncates() {
        let f = extract_text(
            "A short headline for testing\n\nBy Tom Reed\n\nThe first paragraph has enough words in it to count as a real paragraph of the article, which is what we want to check here today... (Read more)",
        );
        assert!(f.truncated);
        assert_eq!(f.byline.as_deref(), Some("Tom Reed"));
        assert!(!f.text.contains("Read more"));
    }
}
