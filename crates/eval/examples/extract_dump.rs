//! Dumps Newsdesk's main text for every trafilatura-eval page as one JSON object `{url: {text, method}}`, for
//! page-by-page comparison with another extractor's output (e.g. Python trafilatura run over the same pages).
//! `cargo run --release -p newsdesk-eval --example extract_dump -- ../shared/data/trafilatura-eval out.json`
use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data/trafilatura-eval".into()));
    let out = args.next().unwrap_or_else(|| "newsdesk-traf.json".into());
    let gold: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("evaldata.json"))?)?;
    let mut texts = BTreeMap::new();
    for (key, entry) in &gold {
        let file = entry["file"].as_str().unwrap_or_default();
        let mut bytes = Vec::new();
        let path = dir.join("html").join(format!("{file}.gz"));
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(std::fs::File::open(&path)?),
            &mut bytes,
        )?;
        let html = newsdesk_extract::decode_html_bytes(&bytes, None);
        let url = key.starts_with("http").then(|| key.clone());
        let doc = newsdesk_model::Document {
            origin: path.display().to_string(),
            body: newsdesk_model::Body::Html(html),
            hints: newsdesk_model::Hints { url, ..Default::default() },
        };
        let outcome = newsdesk_extract::extract_article(&doc);
        let method = outcome.diagnostics.method;
        let text = outcome.article.map(|a| a.text).unwrap_or_default();
        texts.insert(key.clone(), serde_json::json!({"text": text, "method": method}));
    }
    std::fs::write(out, serde_json::to_string(&texts)?)?;
    Ok(())
}
