//! Reading input files into documents: plain text, HTML, feeds, JSON Lines, and `sources.json` outlet lists.
//! Each file gives documents or one clear reason why it cannot be read.

use newsdesk_extract::{decode_html_bytes, parse_date};
use newsdesk_model::{Body, Document, Hints, Ownership, Source};
use serde_json::Value;
use std::path::Path;

/// Files larger than this are refused: no real article is that big, and reading one must not exhaust memory.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// File names (without extension, any case) that describe a folder rather than hold an article: a data set's
/// README or SOURCE notes must not become articles when the folder is imported (seeds/SOURCE.md).
const DOCUMENTATION_FILES: &[&str] = &[
    "readme",
    "source",
    "sources",
    "license",
    "licence",
    "copying",
    "notice",
    "changelog",
    "authors",
    "contributing",
];
/// Bytes inspected to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// What one input file holds.
#[derive(Debug, Default)]
pub struct FileContents {
    pub documents: Vec<Document>,
    pub sources: Vec<Source>,
    /// Problems with parts of the file (a bad JSON line) that did not stop the rest.
    pub problems: Vec<(String, String)>,
    /// Things worth telling that lost nothing (an encoding guessed).
    pub warnings: Vec<String>,
}

/// Read one file. `Err` carries the reason the whole file could not be used.
pub fn read_input_file(path: &Path) -> Result<FileContents, String> {
    let origin = path.display().to_string();
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "too large: {:.1} MB (the limit is {} MB)",
            size as f64 / 1e6,
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".into());
    }
    if is_binary(&bytes) {
        return Err("binary file: not text, HTML, a feed or JSON Lines".into());
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name == "sources.json" {
        return read_sources(&bytes).map(|sources| FileContents { sources, ..Default::default() });
    }
    if is_documentation(path, &ext) {
        let warnings = vec![format!("{origin}: skipped, a documentation file rather than an article")];
        return Ok(FileContents { warnings, ..Default::default() });
    }
    match detect_kind(&ext, &bytes) {
        Kind::JsonLines => Ok(read_json_lines(&bytes, &origin)),
        Kind::Feed => {
            let feed = newsdesk_feed::parse_feed(&bytes, &origin).map_err(|e| e.to_string())?;
            if feed.entries.is_empty() {
                return Err("feed has no entries".into());
            }
            Ok(FileContents { documents: feed.entries, ..Default::default() })
        }
        Kind::Html => {
            let html = decode_html_bytes(&bytes, None);
            Ok(FileContents { documents: vec![document(origin, Body::Html(html))], ..Default::default() })
        }
        Kind::Text => {
            let mut contents = FileContents::default();
            let text = match std::str::from_utf8(&bytes) {
                Ok(text) => text.to_string(),
                Err(e) => {
                    contents.warnings.push(format!(
                        "{origin}: not valid UTF-8 (bad byte at offset {}); decoded with a guessed encoding",
                        e.valid_up_to()
                    ));
                    decode_html_bytes(&bytes, None)
                }
            };
            contents.documents.push(document(origin, Body::Text(text)));
            Ok(contents)
        }
    }
}

fn is_documentation(path: &Path, ext: &str) -> bool {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    matches!(ext, "md" | "txt" | "rst" | "") && DOCUMENTATION_FILES.contains(&stem.as_str())
}

fn document(origin: String, body: Body) -> Document {
    Document { origin, body, hints: Hints::default() }
}

enum Kind {
    Text,
    Html,
    Feed,
    JsonLines,
}

fn detect_kind(ext: &str, bytes: &[u8]) -> Kind {
    match ext {
        "jsonl" | "ndjson" => return Kind::JsonLines,
        "rss" | "atom" | "rdf" | "xml" | "feed" => return Kind::Feed,
        "html" | "htm" | "xhtml" => return Kind::Html,
        _ => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)]).to_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let is_json_feed = ext == "json" && head.contains("jsonfeed.org/version");
    let is_xml_feed = start.starts_with("<?xml")
        && (head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf"));
    if is_json_feed || is_xml_feed {
        Kind::Feed
    } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
        Kind::Html
    } else if start.starts_with('{') && ext != "json" {
        Kind::JsonLines
    } else {
        Kind::Text
    }
}

/// NUL bytes or many control characters in the first kilobytes mean this is not a text format.
fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) && !(head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff])) {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    control * 10 > head.len()
}

fn read_json_lines(bytes: &[u8], origin: &str) -> FileContents {
    let mut contents = FileContents::default();
    let text = String::from_utf8_lossy(bytes);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_origin = format!("{origin}:{}", i + 1);
        match json_line_document(line, &line_origin) {
            Ok((doc, source)) => {
                contents.documents.push(doc);
                contents.sources.extend(source);
            }
            Err(reason) => contents.problems.push((line_origin, reason)),
        }
    }
    contents
}

/// One JSON Lines record: `url`, `title`, `text` or `html`, `published`, `source` (a name or an outlet
/// object), `author`, `language`, `guid`/`id`.
fn json_line_document(line: &str, origin: &str) -> Result<(Document, Option<Source>), String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = value.as_object().ok_or("a line must be a JSON object")?;
    let field = |k: &str| {
        obj.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
    };
    let body = match (field("html"), field("text")) {
        (Some(html), _) => Body::Html(html),
        (None, Some(text)) => Body::Text(text),
        (None, None) => return Err("no \"text\" or \"html\" field".into()),
    };
    let source = match obj.get("source") {
        Some(Value::Object(_)) => obj.get("source").and_then(source_from_json),
        _ => None,
    };
    let published = match field("published").or_else(|| field("date")) {
        Some(raw) => Some(parse_date(&raw).ok_or_else(|| format!("cannot read the date {raw:?}"))?),
        None => None,
    };
    let hints = Hints {
        url: field("url"),
        guid: field("guid").or_else(|| field("id")),
        title: field("title"),
        author: field("author"),
        published,
        source: source.as_ref().map(|s| s.name.clone()).or_else(|| field("source")),
        language: field("language"),
    };
    Ok((Document { origin: origin.to_string(), body, hints }, source))
}

fn read_sources(bytes: &[u8]) -> Result<Vec<Source>, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid sources.json: {e}"))?;
    let list = value.as_array().ok_or("sources.json must be a JSON array of outlets")?;
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            source_from_json(v).ok_or_else(|| format!("sources.json entry {} has no \"name\"", i + 1))
        })
        .collect()
}

fn source_from_json(v: &Value) -> Option<Source> {
    let field = |k: &str| {
        v.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
    };
    Some(Source {
        name: field("name")?,
        homepage: field("homepage"),
        country: field("country"),
        language: field("language"),
        ownership: field("ownership").map_or(Ownership::Unknown, |o| Ownership::parse(&o)),
        groups: v
            .get("groups")
            .and_then(Value::as_array)
            .map(|g| g.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    #[test]
    fn bad_files_get_clear_reasons() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        assert_eq!(read_input_file(&write(d, "empty.txt", b"")).err().as_deref(), Some("empty file"));
        let binary = read_input_file(&write(d, "x.bin", &[0u8, 1, 2, 3, 0, 159, 146, 150])).err();
        assert!(binary.is_some_and(|e| e.starts_with("binary file")));
        let feed =
            read_input_file(&write(d, "bad.xml", b"<?xml version=\"1.0\"?><rss><channel><item>")).err();
        assert!(feed.is_some_and(|e| e.contains("not a valid RSS")), "invalid feed");
    }

    #[test]
    fn documentation_files_are_skipped_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let contents =
            read_input_file(&write(dir.path(), "SOURCE.md", b"# seeds\n\nWhere these files come from."))
                .expect("read");
        assert!(contents.documents.is_empty());
        assert!(contents.warnings[0].contains("documentation file"));
        let article =
            read_input_file(&write(dir.path(), "source-of-the-nile.txt", b"Nile source found\n\nText."))
                .expect("read");
        assert_eq!(article.documents.len(), 1);
    }

    #[test]
    fn invalid_utf8_text_is_decoded_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let contents = read_input_file(&write(
            dir.path(),
            "w.txt",
            b"Caf\xe9 opens\n\nThe caf\xe9 opened today in town.",
        ))
        .expect("read");
        assert_eq!(contents.documents.len(), 1);
        assert!(contents.warnings[0].contains("not valid UTF-8"));
    }

    #[test]
    fn json_lines_keep_good_lines_and_report_bad_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let jsonl = b"{\"title\":\"A\",\"text\":\"Body.\",\"source\":\"Wire\",\"published\":\"2026-03-03T09:15:00Z\"}\nnot json\n{\"title\":\"B\"}\n";
        let contents = read_input_file(&write(dir.path(), "a.jsonl", jsonl)).expect("read");
        assert_eq!(contents.documents.len(), 1);
        assert_eq!(contents.documents[0].hints.source.as_deref(), Some("Wire"));
        assert_eq!(contents.problems.len(), 2);
        assert!(contents.problems[0].0.ends_with("a.jsonl:2"));
    }
}
