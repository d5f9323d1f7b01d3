//! Our own fixture pages (`tests/pages/<slug>/{source.html|source.txt, expected.json}`, invented text):
//! title, byline, date, language, truncation, text snippets present/absent, sanitized HTML.

use newsdesk_extract::{decode_html_bytes, extract_article};
use newsdesk_model::{Body, Document, Hints};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn pages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}

fn load(dir: &Path) -> (Document, Value) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"))
            .expect("json");
    let origin = dir.display().to_string();
    let body = if let Ok(bytes) = std::fs::read(dir.join("source.html")) {
        Body::Html(decode_html_bytes(&bytes, None))
    } else {
        Body::Text(std::fs::read_to_string(dir.join("source.txt")).expect("source.txt"))
    };
    (Document { origin, body, hints: Hints::default() }, expected)
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

fn opt_str(v: &Value, key: &str) -> Option<String> {
    v[key].as_str().map(String::from)
}

#[test]
fn fixture_pages_match_expectations() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("pages dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 7, "expected at least 7 fixture pages");
    for dir in dirs {
        let (doc, want) = load(&dir);
        let slug = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let outcome = extract_article(&doc);
        if want["article"] == Value::Bool(false) {
            assert!(outcome.article.is_none(), "{slug}: expected no article");
            assert!(
                outcome.diagnostics.notes.iter().any(|n| n.contains("no article")),
                "{slug}: no reason given"
            );
            continue;
        }
        let a = outcome.article.unwrap_or_else(|| panic!("{slug}: no article: {:?}", outcome.diagnostics));
        assert_eq!(Some(a.title.clone()), opt_str(&want, "title"), "{slug} title");
        assert_eq!(a.byline, opt_str(&want, "byline"), "{slug} byline");
        assert_eq!(a.published.map(|d| d.to_rfc3339()), opt_str(&want, "published"), "{slug} published");
        assert_eq!(a.language, opt_str(&want, "language"), "{slug} language");
        assert_eq!(Some(a.truncated), want["truncated"].as_bool(), "{slug} truncated");
        for key in ["site_name", "canonical_url", "image"] {
            if let Some(expected) = opt_str(&want, key) {
                let got = match key {
                    "site_name" => a.site_name.clone(),
                    "canonical_url" => a.canonical_url.clone(),
                    _ => a.image.clone(),
                };
                assert_eq!(got.as_deref(), Some(expected.as_str()), "{slug} {key}");
            }
        }
        for s in strings(&want, "contains") {
            assert!(a.text.contains(&s), "{slug}: missing {s:?} in\n{}", a.text);
        }
        for s in strings(&want, "absent") {
            assert!(!a.text.contains(&s), "{slug}: clutter {s:?} left in\n{}", a.text);
        }
        let html = a.html.clone().unwrap_or_default();
        for s in strings(&want, "html_contains") {
            assert!(html.contains(&s), "{slug}: html lacks {s:?}:\n{html}");
        }
        for s in strings(&want, "html_absent") {
            assert!(!html.contains(&s), "{slug}: html keeps {s:?}:\n{html}");
        }
        assert!(!a.text.contains("\n\n\n"), "{slug}: paragraphs separated by exactly one blank line");
    }
}

#[test]
fn hints_win_except_empty_ones() {
    let (mut doc, _) = load(&pages_dir().join("og-byline"));
    doc.hints = Hints {
        title: Some("Hinted title".into()),
        author: Some(String::new()),
        url: Some("https://example.com/x?utm_source=a#f".into()),
        language: Some("de".into()),
        ..Hints::default()
    };
    let a = extract_article(&doc).article.expect("article");
    assert_eq!(a.title, "Hinted title");
    assert_eq!(a.byline.as_deref(), Some("Tom Reed"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://example.com/x"));
    assert_eq!(a.language.as_deref(), Some("de"));
}
