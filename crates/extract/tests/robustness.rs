//! Hostile and degenerate inputs: each returns (no panic, no stack overflow) with a plain outcome.

use newsdesk_extract::{decode_html_bytes, extract_article, parse_date, sanitize_html};
use newsdesk_model::{Body, Document, Hints};

fn run(body: Body) -> newsdesk_extract::Extraction {
    extract_article(&Document { origin: "test".into(), body, hints: Hints::default() })
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
    let out = run(Body::Html(html));
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
    let out = run(Body::Html(html));
    assert!(out.diagnostics.notes.iter().any(|n| n.contains("cut")));
    assert!(out.article.is_some_and(|a| a.text.len() > 1000));
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
