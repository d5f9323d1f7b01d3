//! Quotes and their speakers, by pattern (no model): quoted segments found by their quote marks, attributed by
//! the speech verb around them ("X said", "said X", "according to X", "X told ..."), continued across sentences
//! (`"A," said X. "B."` is one statement by X), and speakers resolved from a surname or pronoun back to the
//! full name mentioned earlier in the article. Indirect speech ("X said the talks would resume") is found by the
//! same verbs without quote marks.

use newsdesk_model::Span;

/// Direct (in quote marks) or indirect (reported) speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuoteKind {
    Direct,
    Indirect,
}

/// One statement attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted words; continued segments are joined with a space.
    pub text: String,
    /// Byte spans of each segment in the article text (without the quote marks).
    pub spans: Vec<Span>,
    /// The speaker's full name as the article gives it.
    pub speaker: String,
    pub kind: QuoteKind,
}

/// Verbs that introduce speech, in the forms news prose uses.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "explained",
    "warned",
    "wrote",
    "insisted",
    "argued",
    "stressed",
    "noted",
    "declared",
    "announced",
    "replied",
    "recalled",
    "acknowledged",
    "admitted",
];
/// Words before a name that are a title or role, not part of the name ("Foreign Minister Ana Petrova").
const TITLE_WORDS: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
    "Col",
    "Capt",
    "Sir",
    "Dame",
    "President",
    "Prime",
    "Minister",
    "Foreign",
    "Finance",
    "Defence",
    "Defense",
    "Interior",
    "Health",
    "Economy",
    "Deputy",
    "Governor",
    "Mayor",
    "Senator",
    "Chancellor",
    "Secretary",
    "General",
    "Ambassador",
    "Envoy",
    "Judge",
    "Justice",
    "Chief",
    "Coach",
    "Captain",
    "Commissioner",
    "Director",
    "Chairman",
    "Chairwoman",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Opposition",
    "Leader",
    "Executive",
    "Officer",
    "Professor",
    "Inspector",
    "Commander",
    "Former",
    "Acting",
    "Economist",
    "Analyst",
    "Skipper",
    "Councillor",
    "Head",
    "Father",
    "Sister",
    "Bishop",
    "Rabbi",
    "Imam",
];
/// Capitalised words that mark a place, organisation or event, so a run holding one is not a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "Of",
    "For",
    "And",
    "But",
    "By",
    "As",
    "It",
    "Its",
    "This",
    "That",
    "These",
    "Those",
    "Our",
    "We",
    "They",
    "He",
    "She",
    "His",
    "Her",
    "If",
    "When",
    "After",
    "Before",
    "While",
    "Bay",
    "Isles",
    "Islands",
    "Island",
    "Archipelago",
    "Strait",
    "Sea",
    "Bank",
    "Ministry",
    "Association",
    "Wire",
    "Herald",
    "News",
    "Agency",
    "Post",
    "Gazette",
    "Standard",
    "Review",
    "Courier",
    "Observer",
    "Council",
    "Court",
    "Party",
    "Capital",
    "Institute",
    "Authority",
    "Cup",
    "FC",
    "Athletic",
    "City",
    "Street",
    "Port",
    "Partners",
    "Union",
    "Group",
    "Company",
    "Chamber",
    "Commerce",
    "Office",
    "Service",
    "Services",
    "Agency",
    "Parliament",
    "Guard",
    "Coast",
    "Navy",
    "Army",
    "Force",
    "Forces",
    "Radio",
    "Television",
    "University",
    "School",
    "Hospital",
    "Police",
];
/// A capitalised word that cannot be part of a person's name: a place/organisation/event word, a weekday or a
/// month ("Monday", "May" in a run are dates, not names).
fn not_a_name_word(word: &str) -> bool {
    use newsdesk_text::calendar::{is_english_month_name, is_english_weekday};
    NOT_NAME_WORDS.contains(&word) || is_english_weekday(word) || is_english_month_name(word)
}
/// Pronouns that refer back to the last person named.
const PRONOUNS: &[&str] = &["he", "she", "He", "She"];
/// Role nouns that, after "the", refer back to the last person named ("the minister said").
const ROLE_NOUNS: &[&str] = &[
    "minister",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "coach",
    "chairman",
    "chairwoman",
    "director",
    "analyst",
    "economist",
    "president",
    "skipper",
    "captain",
    "envoy",
    "ambassador",
    "official",
    "researcher",
    "prosecutor",
    "commander",
    "chief",
    "manager",
    "mediator",
    "premier",
    "senator",
];
/// A direct quote shorter than this is a phrase in someone else's sentence ("state piracy", a sign's words), not
/// a statement.
const MIN_QUOTE_WORDS: usize = 4;
/// How far (bytes) after a quote its attribution may sit: the rest of that sentence.
const MAX_ATTRIBUTION_BYTES: usize = 160;

/// Every attributed quote of an article, in text order.
pub fn extract_quotes(text: &str) -> Vec<Quote> {
    let people = person_mentions(text);
    let mut quotes: Vec<Quote> = Vec::new();
    let mut previous_speaker: Option<(usize, String)> = None; // (paragraph end, speaker) of the last quote
    for (pstart, paragraph) in paragraphs(text) {
        let segments = quote_segments(paragraph);
        let mut last_in_paragraph: Option<usize> = None; // index into `quotes`
        let mut attributed_in_paragraph = false;
        for (i, seg) in segments.iter().enumerate() {
            let content = &paragraph[seg.start..seg.end];
            let next_open = segments.get(i + 1).map_or(paragraph.len(), |n| n.start.saturating_sub(1));
            let after = &paragraph[(seg.end + 1).min(paragraph.len())..next_open];
            let prev_close = if i == 0 { 0 } else { segments[i - 1].end + 1 };
            let before = &paragraph[prev_close.min(seg.start - 1)..seg.start - 1];
            let at = pstart + seg.start;
            let speaker = attribution_after(content, after)
                .or_else(|| attribution_before(before))
                .and_then(|s| resolve(&s, at, &people));
            let span = Span { start: pstart + seg.start, end: pstart + seg.end };
            match speaker {
                Some(speaker) if is_statement(content, before) => {
                    attributed_in_paragraph = true;
                    // The same speaker continuing in this paragraph: one statement.
                    if let Some(q) = last_in_paragraph.and_then(|k| quotes.get_mut(k))
                        && q.speaker == speaker
                    {
                        q.text.push(' ');
                        q.text.push_str(content.trim());
                        q.spans.push(span);
                        continue;
                    }
                    quotes.push(Quote {
                        text: content.trim().to_string(),
                        spans: vec![span],
                        speaker,
                        kind: QuoteKind::Direct,
                    });
                    last_in_paragraph = Some(quotes.len() - 1);
                }
                Some(_) => {}
                None => {
                    // Unattributed full sentence right after an attributed quote: the speaker goes on.
                    let continues = is_sentence_quote(content) && word_count(content) >= MIN_QUOTE_WORDS;
                    if continues && let Some(q) = last_in_paragraph.and_then(|k| quotes.get_mut(k)) {
                        q.text.push(' ');
                        q.text.push_str(content.trim());
                        q.spans.push(span);
                    } else if continues
                        && i == 0
                        && let Some((end, speaker)) = &previous_speaker
                        && is_only_quotes(paragraph)
                        && text[*end..pstart].trim().is_empty()
                    {
                        // A paragraph that is only a quote, right after the speaker's previous quote.
                        quotes.push(Quote {
                            text: content.trim().to_string(),
                            spans: vec![span],
                            speaker: speaker.clone(),
                            kind: QuoteKind::Direct,
                        });
                        last_in_paragraph = Some(quotes.len() - 1);
                    }
                }
            }
        }
        if segments.is_empty() {
            quotes.extend(indirect_quotes(paragraph, pstart, &people));
        }
        previous_speaker = match last_in_paragraph.and_then(|k| quotes.get(k)) {
            Some(q) if attributed_in_paragraph || !segments.is_empty() => {
                Some((pstart + paragraph.len(), q.speaker.clone()))
            }
            _ => None,
        };
    }
    quotes
}

/// Paragraphs (blank-line or line separated) with their byte offsets.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if !trimmed.trim().is_empty() {
            out.push((offset, trimmed));
        }
        offset += line.len();
    }
    out
}

/// Byte ranges (inside the marks) of quoted segments in a paragraph. Curly quotes pair by direction; a straight
/// `"` opens when it follows a space, an opening bracket or the paragraph start, and closes otherwise.
fn quote_segments(paragraph: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in paragraph.char_indices() {
        match c {
            '“' => open = Some(i + c.len_utf8()),
            '”' => {
                if let Some(s) = open.take() {
                    out.push(Span { start: s, end: i });
                }
            }
            '"' => {
                let opening =
                    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '-' | ':'));
                match (opening, open) {
                    (true, None) => open = Some(i + 1),
                    (_, Some(s)) => {
                        out.push(Span { start: s, end: i });
                        open = None;
                    }
                    (false, None) => {}
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    out
}

/// A quote that is someone's statement: a full sentence (capital first), or words that directly follow a speech
/// verb (`Wendt said "the cost ..."`); long enough not to be a phrase borrowed into the writer's sentence.
fn is_statement(content: &str, before: &str) -> bool {
    if word_count(content) < MIN_QUOTE_WORDS {
        return false;
    }
    is_sentence_quote(content) || ends_with_speech_verb(before)
}

fn is_sentence_quote(content: &str) -> bool {
    content.trim_start().chars().next().is_some_and(char::is_uppercase)
}

fn is_only_quotes(paragraph: &str) -> bool {
    let p = paragraph.trim();
    (p.starts_with('"') || p.starts_with('“')) && (p.ends_with('"') || p.ends_with('”'))
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn ends_with_speech_verb(before: &str) -> bool {
    let b = before.trim_end().trim_end_matches([',', ':']).trim_end();
    b.rsplit(char::is_whitespace).next().is_some_and(|w| SPEECH_VERBS.contains(&w))
}

/// The speaker phrase after a quote that hands over to its attribution (`"...," said X.`, `"...," X said.`,
/// `"..." according to X.`): only when the quote ends in a comma, question or exclamation mark, or the text
/// after it carries on in lower case.
fn attribution_after(content: &str, after: &str) -> Option<String> {
    let hands_over = content.trim_end().ends_with([',', '?', '!'])
        || after.trim_start().starts_with(|c: char| c.is_lowercase() || c == ',');
    if !hands_over {
        return None;
    }
    let clause = first_sentence(after.trim_start().trim_start_matches(',').trim_start());
    let clause = &clause[..floor_boundary(clause, MAX_ATTRIBUTION_BYTES)];
    if let Some(rest) = clause.strip_prefix("according to ") {
        return Some(name_chunk(rest));
    }
    let words: Vec<&str> = clause.split_whitespace().collect();
    let verb = words.iter().position(|w| SPEECH_VERBS.contains(&w.trim_end_matches([',', '.'])))?;
    if verb == 0 {
        // "said Foreign Minister Ana Petrova, ..."
        let rest = clause.split_once(char::is_whitespace).map_or("", |(_, r)| r);
        Some(name_chunk(rest))
    } else {
        // "Foreign Minister Ana Petrova said in Veltra", "he told the Herald", "the minister said"
        Some(words[..verb].join(" "))
    }
}

/// The speaker phrase before a quote: `X said: "...`, `X told reporters, "...`, `according to X: "...`.
fn attribution_before(before: &str) -> Option<String> {
    let sentence = before.rsplit_once(". ").map_or(before, |(_, s)| s).trim();
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let verb = words.iter().rposition(|w| SPEECH_VERBS.contains(&w.trim_end_matches([',', ':'])))?;
    // Only the verb and its object ("told reporters in Veltra") may stand between it and the quote.
    if words.len() - verb > 6 || verb == 0 {
        return None;
    }
    Some(words[..verb].join(" "))
}

fn first_sentence(s: &str) -> &str {
    let mut end = s.len();
    for (i, _) in s.match_indices(". ") {
        let word = s[..i].rsplit(char::is_whitespace).next().unwrap_or("");
        // "Sen. Ron Wyden", "Dr. Sol": an abbreviated title is not a sentence end.
        if !TITLE_WORDS.contains(&word) {
            end = i;
            break;
        }
    }
    s[..end].trim_end_matches('.')
}

fn floor_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The words naming a speaker after "said"/"according to": up to the first comma (apposition) or end.
fn name_chunk(rest: &str) -> String {
    rest.split([',', ';', '(']).next().unwrap_or("").trim().trim_end_matches('.').to_string()
}

/// A mention of a person: full name and where it starts.
#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    name: String,
}

/// Full names (two or three capitalised words, titles stripped, no place or organisation words) in text order.
fn person_mentions(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut run: Vec<(usize, &str)> = Vec::new();
    let mut flush = |run: &mut Vec<(usize, &str)>| {
        let words: Vec<(usize, &str)> = std::mem::take(run);
        if let Some(name) = person_name(&words.iter().map(|(_, w)| *w).collect::<Vec<_>>()) {
            let skipped = words.len() - name.split(' ').count();
            out.push(Mention { at: words[skipped].0, name });
        }
    };
    let mut offset = 0;
    for piece in text.split_inclusive(|c: char| c.is_whitespace()) {
        let word = piece.trim_end();
        let core = word.trim_start_matches(['"', '“', '(']);
        let lead = word.len() - core.len();
        let clean = core.trim_end_matches([',', '.', ';', ':', '"', '”', ')', '!', '?']);
        let clean = clean.strip_suffix("'s").or_else(|| clean.strip_suffix("’s")).unwrap_or(clean);
        let capitalised = clean.chars().next().is_some_and(char::is_uppercase)
            && clean.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        if capitalised && lead == 0 {
            run.push((offset, clean));
        } else {
            flush(&mut run);
            if capitalised {
                run.push((offset + lead, clean));
            }
        }
        // A name ends at punctuation ("Ivo Brandt, spokesperson").
        if clean.len() < core.len() {
            flush(&mut run);
        }
        offset += piece.len();
    }
    flush(&mut run);
    out
}

/// The person's name in a run of capitalised words: titles dropped from the front, two or three words left, none
/// of them a place or organisation word.
fn person_name(words: &[&str]) -> Option<String> {
    let start = words.iter().position(|w| !TITLE_WORDS.contains(w))?;
    let mut name = &words[start..];
    // A longer run is an unlisted title before the name ("Harbour Master Tilde Orm"): keep the last two words.
    if name.len() > 3 {
        name = &name[name.len() - 2..];
    }
    if !(2..=3).contains(&name.len()) || name.iter().any(|w| not_a_name_word(w)) {
        return None;
    }
    Some(name.join(" "))
}

/// Turn a speaker phrase into a full name: a full name as is, a surname or a pronoun or "the minister" through
/// the people mentioned before `at`.
fn resolve(phrase: &str, at: usize, people: &[Mention]) -> Option<String> {
    let words: Vec<&str> = phrase
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',', ':']))
        .map(|w| w.strip_suffix("'s").unwrap_or(w))
        .collect();
    let earlier = || people.iter().rev().filter(|m| m.at < at);
    match words.as_slice() {
        [] => None,
        [p] if PRONOUNS.contains(p) => earlier().next().map(|m| m.name.clone()),
        [the, role] if the.eq_ignore_ascii_case("the") && ROLE_NOUNS.contains(role) => {
            earlier().next().map(|m| m.name.clone())
        }
        _ => {
            // The first run of capitalised words that is a full name ("Porthaven coach Aurelio Fane", "Maren
            // Holt, the company's managing director").
            let runs = capitalised_runs(phrase);
            if let Some(name) = runs.iter().find_map(|r| person_name(r)) {
                return Some(name);
            }
            let [surname] = runs.last()?.as_slice() else { return None };
            if not_a_name_word(surname) || TITLE_WORDS.contains(surname) {
                return None;
            }
            // "Brask told state radio": the full name given earlier, else later, in the article.
            earlier()
                .chain(people.iter().filter(|m| m.at >= at))
                .find(|m| m.name.rsplit(' ').next() == Some(*surname))
                .map(|m| m.name.clone())
        }
    }
}

/// Runs of capitalised words in a phrase; punctuation after a word ends its run.
fn capitalised_runs(phrase: &str) -> Vec<Vec<&str>> {
    let mut runs: Vec<Vec<&str>> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for raw in phrase.split_whitespace() {
        let word = raw.trim_end_matches(['.', ',', ':', ';']);
        let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
        if word.chars().next().is_some_and(char::is_uppercase) {
            run.push(word);
            if word.len() < raw.len() {
                runs.push(std::mem::take(&mut run));
            }
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Reported speech in a paragraph without quote marks: `<speaker> said (that) <clause>.`
fn indirect_quotes(paragraph: &str, pstart: usize, people: &[Mention]) -> Vec<Quote> {
    let mut out = Vec::new();
    for s in newsdesk_text::sentences(paragraph) {
        let sentence = s.text(paragraph);
        let Some((subject, clause_at)) = reported_clause(sentence) else { continue };
        let clause = sentence[clause_at..].trim().trim_end_matches('.');
        if word_count(clause) < MIN_QUOTE_WORDS {
            continue;
        }
        let Some(speaker) = resolve(subject, pstart + s.start, people) else { continue };
        let start = pstart
            + s.start
            + clause_at
            + (sentence[clause_at..].len() - sentence[clause_at..].trim_start().len());
        out.push(Quote {
            text: clause.to_string(),
            spans: vec![Span { start, end: start + clause.len() }],
            speaker,
            kind: QuoteKind::Indirect,
        });
    }
    out
}

/// For "Petrova said on Monday that the talks ...": the subject ("Petrova") and where the reported clause starts.
fn reported_clause(sentence: &str) -> Option<(&str, usize)> {
    let (verb_at, verb) = ["said that ", "said ", "told reporters that ", "told reporters "]
        .iter()
        .filter_map(|v| sentence.find(&format!(" {v}")).map(|i| (i, *v)))
        .min()?;
    let subject = &sentence[..verb_at];
    // The subject must be short (a name with its title), not a clause of its own.
    if word_count(subject) > 4 || subject.contains(',') {
        return None;
    }
    Some((subject, verb_at + 1 + verb.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(text: &str) -> Vec<(String, String)> {
        extract_quotes(text)
            .into_iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .map(|q| (q.speaker, q.text))
            .collect()
    }

    #[test]
    fn said_after_and_before_the_name() {
        let t = "\"The harbour will reopen on Monday,\" said Harbour Master Tilde Orm.\n\n\"We lost two cranes in the storm,\" Orm's deputy Jakob Lind said.";
        assert_eq!(
            direct(t),
            vec![
                ("Tilde Orm".into(), "The harbour will reopen on Monday,".into()),
                ("Jakob Lind".into(), "We lost two cranes in the storm,".into()),
            ]
        );
    }

    #[test]
    fn surname_and_pronoun_resolve_to_the_full_name() {
        let t = "Interior Minister Sanna Kiel visited the site.\n\n\"Nobody will be left without a roof tonight,\" Kiel told reporters.\n\nLater she spoke again. \"The shelters are open to everyone who needs them,\" she said.";
        let q = direct(t);
        assert_eq!(q.len(), 2, "{q:?}");
        assert!(q.iter().all(|(s, _)| s == "Sanna Kiel"), "{q:?}");
    }

    #[test]
    fn according_to_and_continuation_across_sentences() {
        let t = "\"The bridge is safe to use,\" according to city engineer Paul Varn. \"We checked every bolt twice this week.\"";
        let q = extract_quotes(t);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].speaker, "Paul Varn");
        assert_eq!(q[0].spans.len(), 2);
        for span in &q[0].spans {
            assert!(q[0].text.contains(&t[span.start..span.end]));
        }
    }

    #[test]
    fn short_phrases_and_unattributed_quotes_are_not_statements() {
        let t = "Protesters carried signs reading \"Bring them home\".\n\nThe ministry called the move \"a regrettable but predictable escalation\" on Friday.";
        assert!(direct(t).is_empty(), "{:?}", direct(t));
    }

    #[test]
    fn a_partial_quote_after_the_verb_counts() {
        let t = "Governor Ilsa Marr spoke at noon. Marr said \"the cost of waiting would be higher still\" and left.";
        assert_eq!(direct(t), vec![("Ilsa Marr".into(), "the cost of waiting would be higher still".into())]);
    }

    #[test]
    fn indirect_speech_is_attributed() {
        let t = "Finance Minister Otto Brenn said the budget would be balanced by next spring.";
        let q = extract_quotes(t);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].kind, QuoteKind::Indirect);
        assert_eq!(q[0].speaker, "Otto Brenn");
        assert_eq!(&t[q[0].spans[0].start..q[0].spans[0].end], q[0].text);
    }
}
