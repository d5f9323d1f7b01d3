//! The index schema: one title and one body field per analyzer (a Snowball stemmer per European language,
//! CJK bigrams, plain lowercased words for everything else), plus the filter and display fields.

use crate::cjk::{CjkTokenizer, is_cjk};
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// Tokens longer than this (bytes) are dropped: URLs and base64 runs, never words anyone searches.
pub(crate) const MAX_TOKEN_BYTES: usize = 40;

/// Share of CJK characters among letters above which a text is indexed with the CJK analyzer whatever its
/// declared language: a page declared `en` that is mostly Chinese must still be findable by Chinese words.
const CJK_SHARE: f64 = 0.3;

/// Languages with a Snowball stemmer in tantivy, by ISO 639-1 code.
pub const STEMMED: &[(&str, Language)] = &[
    ("en", Language::English),
    ("de", Language::German),
    ("fr", Language::French),
    ("es", Language::Spanish),
    ("it", Language::Italian),
    ("pt", Language::Portuguese),
    ("nl", Language::Dutch),
    ("sv", Language::Swedish),
    ("da", Language::Danish),
    ("no", Language::Norwegian),
    ("fi", Language::Finnish),
    ("ru", Language::Russian),
    ("hu", Language::Hungarian),
    ("ro", Language::Romanian),
    ("tr", Language::Turkish),
    ("el", Language::Greek),
];

/// Analyzer keys: every stemmed language code, then these two.
pub const CJK: &str = "cjk";
pub const PLAIN: &str = "plain";
/// Tokenizer of the outlet field: the whole value, lowercased (so `outlet:"the courier"` matches).
const KEYWORD: &str = "nd_keyword";

#[derive(Debug, Clone)]
pub struct Fields {
    pub id: Field,
    pub story: Field,
    /// Hash of the story id (fast field): grouping reads it without loading stored documents.
    pub story_key: Field,
    pub outlet: Field,
    pub outlet_name: Field,
    pub lang: Field,
    pub analyzer: Field,
    pub published: Field,
    pub title_stored: Field,
    pub body_stored: Field,
    /// (analyzer key, title field, body field)
    pub text: Vec<(&'static str, Field, Field)>,
}

impl Fields {
    pub fn text_fields(&self, analyzer: &str) -> Option<(Field, Field)> {
        self.text.iter().find(|(key, _, _)| *key == analyzer).map(|&(_, t, b)| (t, b))
    }
}

fn analyzer_keys() -> impl Iterator<Item = &'static str> {
    STEMMED.iter().map(|(code, _)| *code).chain([CJK, PLAIN])
}

fn tokenizer_name(key: &str) -> String {
    format!("nd_{key}")
}

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let story = b.add_text_field("story", STRING | STORED);
    let story_key = b.add_u64_field("story_key", FAST);
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(KEYWORD).set_index_option(IndexRecordOption::Basic),
    );
    let outlet = b.add_text_field("outlet", keyword);
    let outlet_name = b.add_text_field("outlet_name", STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let analyzer = b.add_text_field("analyzer", STRING | STORED);
    let published = b.add_date_field("published", INDEXED | FAST | STORED);
    let title_stored = b.add_text_field("title", STORED);
    let body_stored = b.add_text_field("body", STORED);
    let mut text = Vec::new();
    for key in analyzer_keys() {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&tokenizer_name(key))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let t = b.add_text_field(&format!("title_{key}"), options.clone());
        let body = b.add_text_field(&format!("body_{key}"), options);
        text.push((key, t, body));
    }
    let fields = Fields {
        id,
        story,
        story_key,
        outlet,
        outlet_name,
        lang,
        analyzer,
        published,
        title_stored,
        body_stored,
        text,
    };
    (b.build(), fields)
}

/// Register the analyzers on an index (they are not persisted: every open must do this).
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    for &(code, language) in STEMMED {
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build();
        manager.register(&tokenizer_name(code), analyzer);
    }
    manager.register(
        &tokenizer_name(CJK),
        TextAnalyzer::builder(CjkTokenizer).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES)).build(),
    );
    manager.register(
        &tokenizer_name(PLAIN),
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    manager.register(KEYWORD, TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build());
}

/// The analyzer for a text in `language` (ISO 639-1, as the extractor records it).
pub fn analyzer_for(language: Option<&str>, text: &str) -> &'static str {
    let code = language.map(|l| l.trim().to_ascii_lowercase());
    if matches!(code.as_deref(), Some("zh" | "ja" | "ko")) || mostly_cjk(text) {
        return CJK;
    }
    code.and_then(|c| STEMMED.iter().find(|(k, _)| *k == c).map(|(k, _)| *k)).unwrap_or(PLAIN)
}

fn mostly_cjk(text: &str) -> bool {
    let (mut letters, mut cjk) = (0usize, 0usize);
    for c in text.chars().take(2000).filter(|c| c.is_alphabetic()) {
        letters += 1;
        cjk += usize::from(is_cjk(c));
    }
    letters > 0 && cjk as f64 / letters as f64 >= CJK_SHARE
}
