//! Feed bytes → UTF-8 text: BOM, then the HTTP charset, then the XML declaration, then a guess; declarations
//! that contradict the bytes are overridden. The XML declaration is rewritten to UTF-8 so the XML parser does
//! not decode a second time.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How far into the document the XML declaration is looked for.
const DECL_SCAN_BYTES: usize = 512;

/// Decoded feed text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedFeed {
    pub text: String,
    /// The encoding actually used (WHATWG name).
    pub encoding: &'static str,
    /// The declared charset (HTTP or XML) was contradicted by the bytes and not used.
    pub overridden: bool,
}

/// Decode feed bytes. Never fails: undecodable bytes become U+FFFD.
pub fn decode_feed_bytes(bytes: &[u8], content_type: Option<&str>) -> DecodedFeed {
    let (encoding, overridden) = detect(bytes, content_type);
    let (text, _, _) = encoding.decode(bytes);
    DecodedFeed { text: demoronize(rewrite_declaration(&text)), encoding: encoding.name(), overridden }
}

/// The C1 control characters U+0080–U+009F never appear in real text: in a feed they are windows-1252 bytes
/// (curly quotes, dashes, €) that reached a UTF-8 or ISO-8859-1 document unconverted. Every reader maps them
/// back ("demoronizing" in feedparser; HTML5 does the same for `&#128;`–`&#159;`).
fn demoronize(text: String) -> String {
    if !text.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)) {
        return text;
    }
    text.chars().map(c1_as_windows_1252).collect()
}

/// A C1 control character read as the windows-1252 byte of the same value (the five bytes windows-1252
/// leaves undefined stay as they are); any other character unchanged.
pub(crate) fn c1_as_windows_1252(c: char) -> char {
    let Ok(byte) = u8::try_from(u32::from(c)) else { return c };
    if !(0x80..=0x9F).contains(&byte) {
        return c;
    }
    let bytes = [byte];
    let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    decoded.chars().next().unwrap_or(c)
}

fn detect(bytes: &[u8], content_type: Option<&str>) -> (&'static Encoding, bool) {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return (enc, false);
    }
    // UTF-16 without a BOM still starts with "<?" as 16-bit units.
    if bytes.starts_with(b"<\0?\0") {
        return (UTF_16LE, false);
    }
    if bytes.starts_with(b"\0<\0?") {
        return (UTF_16BE, false);
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| xml_declared_encoding(&bytes[..bytes.len().min(DECL_SCAN_BYTES)]))
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    let is_utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        // UTF-16 declared on bytes that are not UTF-16 (no BOM, ASCII "<?xml"): the declaration is wrong.
        Some(enc) if enc == UTF_16LE || enc == UTF_16BE => (if is_utf8 { UTF_8 } else { guess(bytes) }, true),
        Some(enc) if enc == UTF_8 => {
            if is_utf8 {
                (UTF_8, false)
            } else {
                (guess(bytes), true)
            }
        }
        // Bytes that are valid UTF-8 *and* non-ASCII are almost never meant as a legacy encoding (they would
        // read as mojibake like "CafÃ©"): a legacy declaration on them is a publisher's mistake.
        Some(enc) if is_utf8 && !bytes.is_ascii() => (UTF_8, enc != UTF_8),
        Some(enc) => (enc, false),
        None if is_utf8 => (UTF_8, false),
        None => (guess(bytes), false),
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The `encoding="…"` of a leading `<?xml …?>` declaration.
fn xml_declared_encoding(head: &[u8]) -> Option<String> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    Some(value.to_string())
}

/// Replace a leading XML declaration with a UTF-8 one (the text is UTF-8 now).
fn rewrite_declaration(text: &str) -> String {
    let body = text.trim_start_matches('\u{feff}');
    let trimmed = body.trim_start();
    if trimmed.starts_with("<?xml")
        && let Some(end) = trimmed.find("?>")
    {
        return format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{}", &trimmed[end + 2..]);
    }
    body.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(enc: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!("<?xml version=\"1.0\" encoding=\"{enc}\"?><t>").into_bytes();
        v.extend_from_slice(body);
        v.extend_from_slice(b"</t>");
        v
    }

    #[test]
    fn c1_controls_are_read_as_windows_1252() {
        // U+0092 and U+0080 as UTF-8 bytes (a windows-1252 apostrophe and euro sign copied without conversion).
        let text = decode_feed_bytes(&decl("utf-8", b"don\xc2\x92t \xc2\x80 caf\xc3\xa9"), None).text;
        assert!(text.contains("<t>don\u{2019}t \u{20ac} caf\u{e9}</t>"), "{text}");
        // The five bytes windows-1252 leaves undefined stay as they are.
        assert_eq!(c1_as_windows_1252('\u{81}'), '\u{81}');
        assert_eq!(c1_as_windows_1252('a'), 'a');
    }

    #[test]
    fn legacy_encodings_are_decoded() {
        let cases: [(&str, &[u8], &str); 6] = [
            ("windows-1252", b"caf\xe9 \x93quoted\x94 \x80", "café “quoted” €"),
            ("ISO-8859-2", b"\xb3\xf3d\xbc", "łódź"),
            ("ISO-8859-7", b"\xe1\xe8\xe7\xed\xe1", "αθηνα"),
            ("Shift_JIS", b"\x93\xfa\x96\x7b", "日本"),
            ("EUC-JP", b"\xc6\xfc\xcb\xdc", "日本"),
            ("GBK", b"\xd6\xd0\xce\xc4", "中文"),
        ];
        for (enc, bytes, want) in cases.iter().filter(|c| !c.2.is_empty()) {
            let d = decode_feed_bytes(&decl(enc, bytes), None);
            assert_eq!(d.text, format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><t>{want}</t>"), "{enc}");
            assert!(!d.overridden);
        }
    }

    #[test]
    fn http_charset_wins_over_declaration() {
        let bytes = decl("utf-8", b"caf\xe9");
        let d = decode_feed_bytes(&bytes, Some("application/rss+xml; charset=ISO-8859-1"));
        assert!(d.text.contains("café"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "<?xml version=\"1.0\" encoding=\"utf-16\"?><t>ü</t>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut bom = vec![0xff, 0xfe];
        bom.extend_from_slice(&le);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, bom, be] {
            let d = decode_feed_bytes(&bytes, None);
            assert!(d.text.ends_with("<t>ü</t>"), "{}", d.text);
            assert!(d.text.contains("encoding=\"utf-8\""));
        }
    }

    #[test]
    fn wrong_declared_charset_is_overridden() {
        // Declared UTF-8, actually windows-1252.
        let d = decode_feed_bytes(&decl("utf-8", b"Caf\xe9 cr\xe8me br\xfbl\xe9e"), None);
        assert!(d.text.contains("Café crème brûlée"), "{}", d.text);
        assert!(d.overridden);
        // Declared ISO-8859-1, actually UTF-8.
        let d = decode_feed_bytes(&decl("iso-8859-1", "Café".as_bytes()), None);
        assert!(d.text.contains("<t>Café</t>"), "{}", d.text);
        assert!(d.overridden);
        // Declared UTF-16 on ASCII bytes.
        let d = decode_feed_bytes(&decl("utf-16", b"plain"), None);
        assert!(d.text.contains("<t>plain</t>"));
    }
}
