//! Fuzz target: `newsdesk_extract::decode_html_bytes` and `extract_article` (HTML and plain-text bodies) on
//! arbitrary bytes. Extraction must never panic, and a found article always has a title and some text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_model::{Body, Document, Hints};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the body kind, an HTTP charset (or none) and a URL hint (or none).
    const CHARSETS: [Option<&str>; 4] = [
        None,
        Some("text/html; charset=utf-8"),
        Some("text/html; charset=windows-1252"),
        Some("text/html; charset=shift_jis"),
    ];
    let Some((&pick, bytes)) = data.split_first() else { return };
    let charset = CHARSETS[usize::from(pick >> 1) % CHARSETS.len()];
    let decoded = newsdesk_extract::decode_html_bytes(bytes, charset);
    let body = if pick & 1 == 0 { Body::Html(decoded) } else { Body::Text(decoded) };
    let url = (pick & 8 == 0).then(|| "https://example.com/news/2024/05/01/story.html".to_string());
    let doc = Document { origin: "fuzz".into(), body, hints: Hints { url, ..Hints::default() } };
    let outcome = newsdesk_extract::extract_article(&doc);
    if let Some(a) = outcome.article {
        assert!(!a.title.is_empty());
        assert!(!a.text.is_empty());
    }
});
