//! Hostile and degenerate inputs: each returns (no panic, no stack overflow) with a plain outcome.

use newsdesk_extract::{decode_html_bytes, extract_article, parse_date, sanitize_html};
use newsdesk_model::{Body, Document, Hints};
use std::time::{Duration, Instant};

fn run(body: Body) -> newsdesk_extract::Extraction {
    extract_article(&Document { origin: "test".into(), body, hints: Hints::default() })
}

/// Time caps for hostile inputs. They hold for unoptimized test builds on a loaded 2-core machine; a
/// release build is about 10x faster. A quadratic walk over a 20 MB page or a 10,000-deep tree would blow
/// through them by orders of magnitude.
const HUGE_PAGE_CAP: Duration = Duration::from_secs(120);
const DEEP_TREE_CAP: Duration = Duration::from_secs(20);
const BROKEN_ENCODING_CAP: Duration = Duration::from_secs(10);

/// `f`'s result, failing the test when it took longer than `cap`.
fn within<T>(cap: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    println!("{what}: {took:?}");
    assert!(took < cap, "{what} took {took:?} (cap {cap:?})");
    out
}

#[test]
fn empty_inputs_have_no_article() {
    for body in [Body::Html(String::new()), Body::Text(String::new()), Body::Text("  \n\n ".into())] {
        let out = run(body);
        assert!(out.article.is_none());
        assert!(!out.diagnostics.notes.is_empty());
    }
}

#[test]
fn binary_garbage_is_not_an_article() {
    let bytes: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let as_text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(run(Body::Text(as_text)).article.is_none());
    let decoded = decode_html_bytes(&bytes, Some("text/html; charset=utf-8"));
    assert!(run(Body::Html(decoded)).article.is_none());
}

#[test]
fn invalid_utf8_decodes_lossily() {
    let bytes = b"<html><body><p>ok \xff\xfe\xc3\x28 \xed\xa0\x80 end</p></body></html>";
    let s = decode_html_bytes(bytes, Some("text/html; charset=utf-8"));
    assert!(s.contains("ok") && s.contains("end"));
    let s = decode_html_bytes(bytes, Some("text/html; charset=bogus-charset"));
    assert!(s.contains("end"));
}

#[test]
fn deeply_nested_divs_do_not_overflow() {
    let para = "<p>This paragraph sits at the bottom of a very deep tree of nested division elements and has enough words to be an article paragraph on its own.</p>";
    let html = format!(
        "<html><body>{}{}{}{}</body></html>",
        "<div>".repeat(10_000),
        para,
        para,
        "</div>".repeat(10_000)
    );
    let out = within(DEEP_TREE_CAP, "10,000-deep nesting", || run(Body::Html(html)));
    let article = out.article.expect("the deep paragraph is found");
    assert!(article.text.contains("bottom of a very deep tree"));
    assert!(out.diagnostics.notes.iter().any(|n| n.contains("depth")));
}

#[test]
fn twenty_megabyte_page_is_capped_and_returns() {
    let para =
        "<p>Filler paragraph number with plenty of ordinary words so that the page is long and boring.</p>\n";
    let mut html = String::from("<html><head><title>Huge page</title></head><body><article>");
    while html.len() < 21 * 1024 * 1024 {
        html.push_str(para);
    }
    html.push_str("</article></body></html>");
    let out = within(HUGE_PAGE_CAP, "21 MB page", || run(Body::Html(html)));
    assert!(out.diagnostics.notes.iter().any(|n| n.contains("cut")));
    assert!(out.article.is_some_and(|a| a.text.len() > 1000));
}

/// Pages whose bytes and declared charset disagree, or that are cut inside a character, still give the
/// article (or a plain "no article") in bounded time.
#[test]
fn broken_encodings_finish_with_a_result() {
    let prose = "<p>Die Stadtverwaltung hat am Montag neue Pläne für den Ausbau der Straßenbahn vorgestellt, die \
                 über die nächsten zehn Jahre umgesetzt werden sollen und mehrere Stadtteile verbinden.</p>";
    let page = format!(
        "<html><head><meta charset=\"shift_jis\"><title>Straßenbahn</title></head><body><article>{}</article></body></html>",
        prose.repeat(4)
    );
    let utf8 = page.as_bytes().to_vec();
    let latin1: Vec<u8> = page.chars().map(|c| u32::from(c).min(255) as u8).collect();
    let mut cut = utf8.clone();
    cut.truncate(utf8.len() - 20);
    cut.extend_from_slice(&[0xe2, 0x82]); // a 3-byte character cut after its second byte
    let utf16: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect(); // no BOM
    let cases: [(&str, &[u8], Option<&str>); 5] = [
        ("utf-8 bytes declared shift_jis", &utf8, None),
        ("latin-1 bytes declared utf-8 by HTTP", &latin1, Some("text/html; charset=utf-8")),
        ("utf-8 cut inside a character", &cut, None),
        ("utf-16 without a BOM", &utf16, None),
        ("unknown HTTP charset", &utf8, Some("text/html; charset=x-no-such-charset")),
    ];
    for (what, bytes, charset) in cases {
        let out = within(BROKEN_ENCODING_CAP, what, || run(Body::Html(decode_html_bytes(bytes, charset))));
        match out.article {
            Some(a) => assert!(!a.title.is_empty() && !a.text.is_empty(), "{what}"),
            None => assert!(!out.diagnostics.notes.is_empty(), "{what}: no article and no reason"),
        }
    }
}

#[test]
fn odd_strings_do_not_panic() {
    for s in [
        "\u{0}",
        "<<<>>>",
        "<p>",
        "</p></div></html>",
        "<!--",
        "<script>",
        "é\u{301}\u{200d}",
        "2026-13-45",
        "Nov. 99, 2026",
    ] {
        let _ = run(Body::Html(s.into()));
        let _ = run(Body::Text(s.into()));
        let _ = sanitize_html(s);
        let _ = parse_date(s);
        let _ = newsdesk_extract::canonicalize_url(s);
    }
}
