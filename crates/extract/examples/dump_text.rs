//! Error analysis: runs `extract_article` on the pages listed in `list.tsv` (key, unused, file) and prints
//! one JSON line per page with the text, so a scorer outside Rust can compare runs.
//! `cargo run --release -p newsdesk-extract --example dump_text -- <folder>`
use newsdesk_model::{Body, Document, Hints};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    for line in std::fs::read_to_string(dir.join("list.tsv"))?.lines() {
        let mut parts = line.split('\t');
        let (Some(key), Some(_), Some(file)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let html = newsdesk_extract::decode_html_bytes(&std::fs::read(dir.join(file))?, None);
        let doc = Document { origin: key.into(), body: Body::Html(html), hints: Hints::default() };
        let out = newsdesk_extract::extract_article(&doc);
        let text = out.article.map(|a| a.text).unwrap_or_default();
        println!("{}", serde_json::json!({"key": key, "text": text}));
    }
    Ok(())
}
