//! A byte pre-pass before the HTML parse: empties `<script>` and `<style>` elements, whose contents no step reads
//! from the tree, so html5ever never tokenizes them (they are about 45% of the bytes of the bench's pages).
//!
//! Only the contents go; the tags stay, so the tree has the same elements in the same places and differs only by
//! the text inside those elements. What is kept, and why:
//! - Scripts whose start tag mentions `json` (`application/ld+json`, `application/json`): metadata and
//!   dom_smoothie read JSON-LD from the tree. (The publication-date steps read JSON from the raw page, which is
//!   never stripped.)
//! - Everything inside comments, attribute values, other raw-text and RCDATA elements (`<title>`, `<textarea>`,
//!   `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`), after `<plaintext>`, and inside `<svg>`/`<math>` (foreign
//!   content, where `<script>` and `<style>` hold markup). A `<script` in any of these is not a script element.
//!
//! The scanner follows the HTML tokenizer where it decides element boundaries: tag and attribute states (quotes
//! only after `=`), comment ends (`-->`, `--!>`, `<!-->`), and the script-data escape states (`<!--<script>` ...
//! `</script>` inside a script does not end it). Where the tokenizer's state also depends on the tree builder
//! (foreign content, a `<script>` the builder ignores in a frameset), it errs towards stripping nothing: an
//! unclosed `<svg>` ends the stripping for the rest of the page.

use memchr::memmem::Finder;
use std::sync::LazyLock;

/// Raw-text and RCDATA elements whose contents are skipped unchanged (a `<script` inside them is text).
const SKIPPED_TEXT_ELEMENTS: &[&[u8]] = &[b"title", b"textarea", b"xmp", b"iframe", b"noembed", b"noframes"];

/// The parts of `html` that remain once the contents of its `<script>` (except JSON data blocks) and `<style>`
/// elements are removed, in order: the parser reads them one after another, so the page is never copied.
pub(crate) fn kept_parts(html: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    for (start, end) in unread_ranges(html.as_bytes()) {
        // Every cut starts right after a `>` and ends right before a `<` or at the end: char boundaries.
        parts.extend(html.get(from..start));
        from = end;
    }
    parts.extend(html.get(from..));
    parts
}

/// Byte ranges (ascending, disjoint) of script and style contents to remove.
fn unread_ranges(b: &[u8]) -> Vec<(usize, usize)> {
    let mut cuts = Vec::new();
    let mut foreign = 0usize;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i.min(b.len())..]) {
        let lt = i + off;
        i = lt + 1;
        match b.get(i) {
            Some(b'!') => i = markup_declaration_end(b, lt, foreign > 0),
            Some(b'?') => i = after_byte(b, b'>', i),
            Some(b'/') => match b.get(i + 1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let tag = scan_tag(b, i + 1);
                    if foreign > 0 && is_foreign_root(&b[i + 1..tag.name_end]) {
                        foreign -= 1;
                    }
                    i = tag.end;
                }
                Some(b'>') => i += 2,
                Some(_) => i = after_byte(b, b'>', i + 1),
                None => break,
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let tag = scan_tag(b, i);
                let name = &b[i..tag.name_end];
                i = tag.end;
                if tag.end >= b.len() {
                    break;
                }
                if is_foreign_root(name) {
                    foreign += usize::from(!tag.self_closing);
                } else if foreign > 0 {
                    // Foreign content: `<script>`/`<style>` hold markup here; nothing is raw text.
                } else if name.eq_ignore_ascii_case(b"script") {
                    let end = script_end(b, i);
                    if !contains_ignore_case(&b[lt..i], b"json") {
                        cuts.push((i, end));
                    }
                    i = end;
                } else if name.eq_ignore_ascii_case(b"style") {
                    let end = raw_text_end(b, i, b"style");
                    cuts.push((i, end));
                    i = end;
                } else if SKIPPED_TEXT_ELEMENTS.iter().any(|n| name.eq_ignore_ascii_case(n)) {
                    i = raw_text_end(b, i, name);
                } else if name.eq_ignore_ascii_case(b"plaintext") {
                    break;
                }
            }
            _ => {}
        }
    }
    cuts.retain(|(s, e)| e > s);
    cuts
}

fn is_foreign_root(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math")
}

/// Index after the first `c` at or after `from`, or the end.
fn after_byte(b: &[u8], c: u8, from: usize) -> usize {
    b.get(from..).and_then(|rest| memchr::memchr(c, rest)).map_or(b.len(), |p| from + p + 1)
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// HTML whitespace as the tokenizer sees it (CR becomes LF before tokenizing).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// `<!--` comments, `<![CDATA[` (a section in foreign content, else a bogus comment), `<!DOCTYPE` and other
/// bogus comments: the index after their end. `lt` is the `<`.
fn markup_declaration_end(b: &[u8], lt: usize, foreign: bool) -> usize {
    let rest = &b[lt..];
    if rest.starts_with(b"<!--") {
        static DASHES: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"-->"));
        static BANG: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"--!>"));
        // `<!-->` and `<!--->` are whole comments; else the first `-->` or `--!>` after `<!--` ends it. `--!>`
        // is looked for only before the first `-->` (a search to the end per comment would be quadratic).
        let dash_end = DASHES.find(&rest[2..]).map_or(rest.len(), |p| 2 + p + 3);
        let bang_end = rest.get(4..dash_end).and_then(|r| BANG.find(r)).map(|p| 4 + p + 4);
        return lt + bang_end.map_or(dash_end, |e| e.min(dash_end));
    }
    if foreign && rest.starts_with(b"<![CDATA[") {
        return memchr::memmem::find(&rest[9..], b"]]>").map_or(b.len(), |p| lt + 9 + p + 3);
    }
    after_byte(b, b'>', lt + 2)
}

struct Tag {
    name_end: usize,
    /// Index after the tag's `>`, or the end of input.
    end: usize,
    self_closing: bool,
}

/// A start or end tag from the first letter of its name, to its `>`. A quote opens a value only when the last
/// non-space byte before it is `=` (the tokenizer enters its quoted-value states only from `=`), and then a `>`
/// inside it does not end the tag. Where the tokenizer reads `=` as the start of an attribute name (`<a ="x">`,
/// `<a b="x"="y">`), this takes the quote as a value and finds the end later, never earlier: what lies between
/// is then not searched for scripts, which only means less is stripped.
/// Self-closing only when the `/` before `>` follows the name, a space or a closing quote (in `<svg a=b/>` the
/// `/` belongs to the unquoted value); a miss only counts an `<svg>` as open, which again strips less.
fn scan_tag(b: &[u8], name_start: usize) -> Tag {
    let mut i = name_start;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name_end = i;
    while let Some(p) = memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
        let at = i + p;
        if b[at] == b'>' {
            let self_closing = at > name_start
                && b[at - 1] == b'/'
                && (at - 1 == name_end || is_space(b[at - 2]) || matches!(b[at - 2], b'"' | b'\''));
            return Tag { name_end, end: at + 1, self_closing };
        }
        let after_equals = b[name_end..at].iter().rev().find(|c| !is_space(**c)) == Some(&b'=');
        i = if after_equals {
            // Past the closing quote.
            memchr::memchr(b[at], &b[at + 1..]).map_or(b.len(), |q| at + 1 + q + 1)
        } else {
            at + 1
        };
    }
    Tag { name_end, end: b.len(), self_closing: false }
}

/// Whether `</name` at `lt` (a `<`) is an end tag that closes the raw-text element `name`: the name, any case,
/// followed by whitespace, `/` or `>`.
fn is_end_tag(b: &[u8], lt: usize, name: &[u8]) -> bool {
    let Some(tail) = b.get(lt + 2..) else { return false };
    b.get(lt + 1) == Some(&b'/')
        && tail.len() > name.len()
        && tail[..name.len()].eq_ignore_ascii_case(name)
        && (is_space(tail[name.len()]) || matches!(tail[name.len()], b'/' | b'>'))
}

/// Where a raw-text or RCDATA element's contents starting at `from` end: the `<` of its end tag, or the end.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + p;
        if is_end_tag(b, lt, name) {
            return lt;
        }
        i = lt + 1;
    }
    b.len()
}

/// Where script data starting at `from` ends: the `<` of `</script>`, or the end. Follows the tokenizer's
/// script-data escape states: after `<!--`, a `<script>` starts a double-escaped run whose `</script>` does not
/// end the element; `-->` leaves the escape.
fn script_end(b: &[u8], from: usize) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut s = S::Data;
    let mut i = from;
    loop {
        let next = match s {
            S::Data => memchr::memchr(b'<', &b[i..]),
            S::Escaped | S::DoubleEscaped => memchr::memchr2(b'<', b'-', &b[i..]),
        };
        let Some(p) = next else { return b.len() };
        let at = i + p;
        i = at + 1;
        if b[at] == b'-' {
            // `-->` (any number of dashes before `>`) leaves either escape.
            let mut j = at;
            while b.get(j) == Some(&b'-') {
                j += 1;
            }
            if j - at >= 2 && b.get(j) == Some(&b'>') {
                s = S::Data;
                i = j + 1;
            } else {
                i = j;
            }
            continue;
        }
        match s {
            S::Data => {
                if is_end_tag(b, at, b"script") {
                    return at;
                }
                if b[at..].starts_with(b"<!--") {
                    s = S::Escaped;
                    // The dashes of `<!--` may also close the escape (`<!-->`).
                    i = at + 2;
                }
            }
            S::Escaped => {
                if is_end_tag(b, at, b"script") {
                    return at;
                }
                if b.len() > at + 7
                    && b[at + 1..at + 7].eq_ignore_ascii_case(b"script")
                    && (is_space(b[at + 7]) || matches!(b[at + 7], b'/' | b'>'))
                {
                    s = S::DoubleEscaped;
                    i = at + 7;
                }
            }
            S::DoubleEscaped => {
                if is_end_tag(b, at, b"script") {
                    s = S::Escaped;
                    i = at + 8;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::{parse_page, parse_page_unstripped};
    use scraper::Node;

    fn strip(html: &str) -> String {
        kept_parts(html).concat()
    }

    /// The tree as text, one line per node, without the text inside `<script>`/`<style>` elements (except JSON
    /// scripts): what stripping may change and nothing else.
    fn tree_without_script_text(doc: &scraper::Html) -> String {
        let mut out = String::new();
        for node in doc.tree.root().descendants() {
            let depth = node.ancestors().count();
            match node.value() {
                Node::Text(t) => {
                    let parent = node.parent().and_then(|p| p.value().as_element().cloned());
                    let unread = parent.is_some_and(|p| {
                        matches!(p.name(), "script" | "style")
                            && p.name.ns == html5ever::ns!(html)
                            && !p.attrs().any(|(_, v)| v.to_ascii_lowercase().contains("json"))
                    });
                    if !unread {
                        out.push_str(&format!("{depth} text {:?}\n", &**t));
                    }
                }
                Node::Element(e) => {
                    let attrs: Vec<_> = e.attrs().collect();
                    out.push_str(&format!("{depth} <{:?} {attrs:?}>\n", e.name));
                }
                Node::Comment(c) => out.push_str(&format!("{depth} comment {:?}\n", &**c)),
                other => out.push_str(&format!("{depth} {other:?}\n")),
            }
        }
        out
    }

    /// The tree `parse_page` builds from the kept parts equals the tree of the whole page, less script text.
    fn same_tree(html: &str) -> bool {
        tree_without_script_text(&parse_page(html)) == tree_without_script_text(&parse_page_unstripped(html))
    }

    fn assert_same_tree(html: &str) {
        assert!(same_tree(html), "{html}");
    }

    #[test]
    fn empties_scripts_and_styles_but_keeps_their_tags_and_json() {
        let html = "<head><style>p{color:red}</style><script>var a = '<p>x</p>';</script>\
            <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head>\
            <body><p>One</p><SCRIPT src=x>y()</SCRIPT ><p>Two</p></body>";
        assert_eq!(
            strip(html),
            "<head><style></style><script></script>\
            <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head>\
            <body><p>One</p><SCRIPT src=x></SCRIPT ><p>Two</p></body>"
        );
        assert_same_tree(html);
        assert_eq!(kept_parts(html).len(), 4);
        assert_eq!(kept_parts("<p>no scripts</p>"), ["<p>no scripts</p>"]);
    }

    #[test]
    fn script_ends_only_at_a_real_end_tag() {
        for html in [
            // `</scripts>` and `</script1` are text; `</script` then whitespace or `/` ends it.
            "<script>a</scripts>b</script><p>c</p>",
            "<script>a</script\n>b<p>c</p>",
            "<script>a</script/>b<p>c</p>",
            // Escaped: `<!--<script>` starts a double-escaped run where `</script>` does not end the script.
            "<script><!--<script>document.write('x')</script>still script--></script><p>after</p>",
            "<script><!-- x --></script><p>after</p>",
            "<script><!--></script><p>after</p>",
            "<script><!--<script></script>--></script><p>after</p><script>more</script>",
            "<script><!--<script>--><p>not yet</p></script><p>after</p>",
            // Unterminated: everything to the end is script.
            "<p>before</p><script>never closed <p>x</p>",
        ] {
            assert_same_tree(html);
        }
    }

    #[test]
    fn script_markup_outside_data_state_is_left_alone() {
        for html in [
            // In attribute values (quoted, and unquoted `>` ends the tag), comments, RCDATA and raw text.
            "<a title=\"<script>\" href='</script>'>link</a><p>after</p><script>x</script>",
            "<a b\"<script>\">t</a><p>u</p>",
            "<!-- <script> --><p>kept</p></script><p>after</p>",
            "<!--><script>x</script><p>after</p>",
            "<!--->a<script>x</script>",
            "<!-- a --!><script>x</script><p>after</p>",
            "<title><script></title><p>kept</p></script><p>after</p>",
            "<textarea><style></textarea><p>kept</p></style>",
            "<iframe><script></iframe><p>kept</p>",
            "<xmp><style></xmp><p>kept</p>",
            "<plaintext><script>x</script>",
            "<!DOCTYPE html><?xml version=\"1.0\"?><p>a</p><script>x</script>",
            // Foreign content: `<style>`/`<script>` in SVG hold markup; `<![CDATA[` is a section there.
            "<svg><style><a>x</a></style><script><b>y</b></script></svg><script>z</script>",
            "<svg><![CDATA[<script>]]><p>in svg</p></svg><p>after</p>",
            "<svg/><script>x</script><p>after</p>",
            "<math><mi>x</mi></math><style>p{}</style>",
            // Broken input ends cleanly.
            "<script",
            "<script type=\"x",
            "<style>",
            "</",
            "<!--",
            "<a href=\"<script>",
        ] {
            assert_same_tree(html);
        }
    }

    /// On whole pages (our fixtures, and the shared readability test pages when present) the tree after
    /// stripping equals the tree before, less script and style text.
    #[test]
    fn real_pages_keep_their_tree() {
        let pages = crate::html::test_pages(
            &["cluttered-jsonld", "og-byline", "script-sanitize", "caption-newsletter", "windows-1252"],
            usize::MAX,
        );
        let mut stripped_bytes = 0;
        for path in &pages {
            let Ok(bytes) = std::fs::read(path) else { continue };
            let html = String::from_utf8_lossy(&bytes);
            let out = strip(&html);
            stripped_bytes += html.len() - out.len();
            assert!(same_tree(&html), "{path}");
        }
        assert!(stripped_bytes > 0, "nothing stripped from {} pages", pages.len());
    }

    /// The same check over every `.html` / `.html.gz` page of the folder in `NEWSDESK_PREPASS_PAGES` (by hand,
    /// on the bench's 781 pages and htmldate-eval: `cargo test --release -p newsdesk-extract --lib -- --ignored`).
    #[test]
    #[ignore = "by hand, over a folder of pages"]
    fn folder_of_pages_keeps_its_tree() {
        let Ok(dir) = std::env::var("NEWSDESK_PREPASS_PAGES") else { return };
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("folder") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("page");
            let name = path.display().to_string();
            let bytes = if name.ends_with(".gz") {
                let mut out = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
                    .expect("gz");
                out
            } else {
                bytes
            };
            let html = crate::decode_html_bytes(&bytes, None);
            let html = crate::html::cap_str(&html);
            assert!(same_tree(html), "{name}");
            n += 1;
        }
        println!("{n} pages keep their tree");
    }
}
