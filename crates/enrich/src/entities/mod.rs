//! Named entities: mentions (PER, ORG, LOC, MISC) found by a tagger over word tokens, then folded into one
//! canonical entity per real-world thing (`canon`). Two taggers: `rules` (capitalisation, cue words and a
//! small gazetteer; ships by default, nothing to train) and `perceptron` (trained by a project command from
//! data the user supplies; used when a model is given).

pub mod canon;
pub mod perceptron;
pub mod rules;

use crate::Span;
pub use canon::{Entity, canonicalize};
pub use perceptron::NerModel;

/// The CoNLL entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Misc,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Organization => "ORG",
            EntityKind::Location => "LOC",
            EntityKind::Misc => "MISC",
        }
    }

    pub fn parse(s: &str) -> Option<EntityKind> {
        match s {
            "PER" => Some(EntityKind::Person),
            "ORG" => Some(EntityKind::Organization),
            "LOC" => Some(EntityKind::Location),
            "MISC" => Some(EntityKind::Misc),
            _ => None,
        }
    }
}

pub(crate) const KINDS: [EntityKind; 4] =
    [EntityKind::Person, EntityKind::Organization, EntityKind::Location, EntityKind::Misc];

/// A BIO tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(EntityKind),
    I(EntityKind),
}

impl Tag {
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(k) => 1 + 2 * k as usize,
            Tag::I(k) => 2 + 2 * k as usize,
        }
    }

    pub fn from_index(i: usize) -> Tag {
        match i {
            0 => Tag::O,
            i if i % 2 == 1 => Tag::B(KINDS[(i - 1) / 2 % 4]),
            i => Tag::I(KINDS[(i - 2) / 2 % 4]),
        }
    }

    pub fn kind(self) -> Option<EntityKind> {
        match self {
            Tag::O => None,
            Tag::B(k) | Tag::I(k) => Some(k),
        }
    }

    /// Parse `O`, `B-PER`, `I-LOC`, ...
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (bio, kind) = s.split_once('-')?;
        let kind = EntityKind::parse(kind)?;
        match bio {
            "B" => Some(Tag::B(kind)),
            "I" => Some(Tag::I(kind)),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"][self.index()]
    }
}

/// Entity chunks `(first token, end token exclusive, kind)` from BIO tags, conlleval style: an `I-X` that does
/// not continue an `X` chunk starts a new one.
pub fn chunks(tags: &[Tag]) -> Vec<(usize, usize, EntityKind)> {
    let mut out: Vec<(usize, usize, EntityKind)> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        match *tag {
            Tag::O => {}
            Tag::I(k) if out.last().is_some_and(|c| c.1 == i && c.2 == k) => {
                if let Some(last) = out.last_mut() {
                    last.1 = i + 1;
                }
            }
            Tag::B(k) | Tag::I(k) => out.push((i, i + 1, k)),
        }
    }
    out
}

/// One entity mention in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub text: String,
    pub kind: EntityKind,
    /// A title or role written just before the name ("President", "Foreign Minister"), kept as an attribute.
    pub title: Option<String>,
}

/// Find the entity mentions of `text` with the given model, or the default rules when `model` is `None`.
pub fn find_mentions(text: &str, model: Option<&NerModel>) -> Vec<Mention> {
    let sentences = newsdesk_text::sentences(text);
    let toks: Vec<Vec<newsdesk_text::Token<'_>>> =
        sentences.iter().map(|s| with_punctuation(s.text(text), s.start)).collect();
    let words: Vec<Vec<&str>> = toks.iter().map(|ts| ts.iter().map(|t| t.text).collect()).collect();
    let tags = match model {
        Some(m) => m.tag_document(&words),
        None => rules::tag_document(&words),
    };
    let mut out = Vec::new();
    for ((ts, tags), sentence_words) in toks.iter().zip(&tags).zip(&words) {
        for (a, b, kind) in chunks(tags) {
            let span = Span { start: ts[a].start, end: ts[b - 1].end };
            let title = rules::title_before(sentence_words, a);
            out.push(Mention { span, text: span.text(text).to_string(), kind, title });
        }
    }
    out
}

/// Mentions with the default tagger (rules).
pub fn find_entities(text: &str) -> Vec<Mention> {
    find_mentions(text, None)
}

/// Word tokens plus each punctuation character between them as its own token, so that a name never runs
/// across ")" or "-" and taggers see punctuation as CoNLL-trained models expect. Offsets are shifted by `by`.
fn with_punctuation(sentence: &str, by: usize) -> Vec<newsdesk_text::Token<'_>> {
    fn push_gap<'a>(
        out: &mut Vec<newsdesk_text::Token<'a>>,
        sentence: &'a str,
        from: usize,
        to: usize,
        by: usize,
    ) {
        for (i, c) in sentence[from..to].char_indices().filter(|(_, c)| !c.is_whitespace()) {
            let start = from + i;
            let end = start + c.len_utf8();
            out.push(newsdesk_text::Token { text: &sentence[start..end], start: start + by, end: end + by });
        }
    }
    let mut out = Vec::new();
    let mut last = 0;
    for t in newsdesk_text::tokens(sentence) {
        push_gap(&mut out, sentence, last, t.start, by);
        out.push(newsdesk_text::Token { text: t.text, start: t.start + by, end: t.end + by });
        last = t.end;
    }
    push_gap(&mut out, sentence, last, sentence.len(), by);
    out
}
