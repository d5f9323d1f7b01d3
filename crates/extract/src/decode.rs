//! Bytes → text: BOM, then the HTTP charset, then `<meta charset>` / http-equiv, then a chardetng guess.

use encoding_rs::{Encoding, UTF_8};

/// How far into the document `<meta charset>` is looked for (the HTML spec's prescan uses 1024 bytes;
/// real pages put long `<head>` comments first, so look a little further).
const META_PRESCAN_BYTES: usize = 4096;

/// Decode an HTML page to a String. Never fails: undecodable bytes become U+FFFD.
pub fn decode_html_bytes(bytes: &[u8], content_type: Option<&str>) -> String {
    let encoding = detect_encoding(bytes, content_type);
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

fn detect_encoding(bytes: &[u8], content_type: Option<&str>) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if let Some(enc) = content_type.and_then(charset_param).and_then(|l| Encoding::for_label(l.as_bytes())) {
        return html_compatible(enc);
    }
    if let Some(enc) = meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]) {
        return html_compatible(enc);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// A page that declares UTF-16 in ASCII-compatible markup is lying (HTML spec): read it as UTF-8.
fn html_compatible(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE { UTF_8 } else { enc }
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// Find `charset=` inside a `<meta` tag in the prescan window (covers both `<meta charset>` and http-equiv).
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset=") {
            let value: Vec<u8> = tag[c + 8..]
                .iter()
                .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
                .take_while(|b| !matches!(b, b'"' | b'\'' | b' ' | b';' | b'/' | b'>'))
                .copied()
                .collect();
            if let Some(enc) = Encoding::for_label(&value) {
                return Some(enc);
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_meta_bom_and_guess() {
        let latin = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9</body></html>";
        assert!(decode_html_bytes(latin, None).contains("café"));
        assert!(
            decode_html_bytes(b"caf\xe9 cr\xe8me br\xfbl\xe9e", Some("text/html; charset=ISO-8859-1"))
                .contains("café")
        );
        assert_eq!(decode_html_bytes(b"\xef\xbb\xbfhi", None), "hi");
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x93q\x94";
        assert!(decode_html_bytes(http_equiv, None).contains("\u{201c}q\u{201d}"));
        assert!(decode_html_bytes(b"\xff\xfe\xfd garbage \x80", None).len() > 3);
    }
}
