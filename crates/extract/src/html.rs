//! HTML pages: one parse into scraper's tree (read by metadata, dates and the fallback; copied for
//! dom_smoothie), dom_smoothie (readability) for the main content, a densest-`<p>`-block fallback when it finds
//! little, and a block-aware HTML → paragraphs converter.

use crate::metadata::{self, PageMeta};
use crate::{Found, rules, sanitize_html};
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

/// Elements whose text is never article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "button",
    "select", "textarea", "nav", "head", "title",
];

/// Elements that start and end a paragraph of their own.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "br",
    "hr",
    "address",
    "details",
    "summary",
];

/// DOMs deeper than this are not given to dom_smoothie, whose tree walks recurse (a stack overflow would
/// abort the process); the iterative fallback handles them. Real article pages stay under ~60 levels.
const MAX_DOM_DEPTH: usize = 400;

pub(crate) struct HtmlFound {
    pub found: Found,
    pub meta: PageMeta,
    pub method: &'static str,
    /// The page's original publication day (URL, meta, JSON-LD, marked-up or labelled dates, page text).
    pub date: Option<crate::pubdate::PageDate>,
}

/// Extract the main content and metadata of an HTML page.
pub(crate) fn extract_html(input: &str, url: Option<&str>) -> HtmlFound {
    let mut found = Found::default();
    let html = cap_input(input, &mut found);
    let doc = parse_page(html);
    let meta = metadata::read_meta(&doc);
    let date = crate::pubdate::find_publish_date(&doc, html, url);
    if let Some(d) = &date {
        found.notes.push(format!("publication date {} from {}", d.date, d.source));
    }
    let depth = dom_depth(&doc);

    let readable = if depth > MAX_DOM_DEPTH {
        found.notes.push(format!("DOM depth {depth} > {MAX_DOM_DEPTH}: readability skipped"));
        None
    } else {
        run_readability(&doc, url, &mut found)
    };
    let readable_len = readable.as_ref().map_or(0, |r| r.text.len());
    let mut method = "readability";
    let mut content = readable;
    let fallback = densest_paragraphs(&doc);
    let fallback_len = fallback.as_ref().map_or(0, |f| f.text.len());
    // Two candidates, one measured rule (trafilatura compares its extractor with its fallbacks the same way):
    // readability wins unless it found very little, or the densest block holds far more prose.
    let (prose_r, prose_f) = (
        content.as_ref().map_or(0, |c| prose_chars(&c.text)),
        fallback.as_ref().map_or(0, |f| prose_chars(&f.text)),
    );
    if readable_len < rules::MIN_READABILITY_CHARS && fallback_len > readable_len {
        found.notes.push(format!("readability gave {readable_len} chars; densest-<p> fallback used"));
        method = "densest-p";
        content = fallback;
    } else if prose_f as f32 > prose_r as f32 * rules::PROSE_SWITCH_RATIO
        && let (Some(r), Some(f)) = (content.as_mut(), fallback)
    {
        found.notes.push(format!(
            "densest-<p> block has {prose_f} chars of prose vs readability's {prose_r}; densest-<p> used"
        ));
        method = "densest-p";
        // Readability's title, byline and dates come from page metadata and stay right.
        r.text = f.text;
        r.html = f.html;
    }
    crate::container::choose_marked(&doc, &mut content, &mut method, &mut found);
    if let Some(c) = content {
        found.text = drop_clutter_paragraphs(&c.text, &mut found);
        found.html = Some(sanitize_html(&c.html));
        found.byline = c.byline;
        found.published = c.published;
        found.title = c.title;
        found.site_name = c.site_name;
    } else {
        method = "none";
    }
    HtmlFound { found, meta, method, date }
}

/// Short paragraphs that match a clutter rule or look like a photo caption are removed, as in plain text;
/// readability keeps such lines when they sit inside the article container (datelines, share rows, captions).
fn drop_clutter_paragraphs(text: &str, found: &mut Found) -> String {
    let mut kept = Vec::new();
    for p in text.split("\n\n") {
        if let Some(rule) = crate::text::matching_rule(p) {
            found.drop(p, rule.reason);
        } else if let Some(reason) = crate::prune::paragraph_rule(p) {
            found.drop(p, reason);
        } else if crate::text::is_caption(p) {
            found.drop(p, "clutter:caption");
        } else {
            kept.push(p);
        }
    }
    kept.join("\n\n")
}

/// Characters in paragraphs that read as prose: enough words and a sentence end. Lists of names, link
/// rows, tables and menus score low however long they are.
pub(crate) fn prose_chars(text: &str) -> usize {
    text.split("\n\n")
        .filter(|p| {
            crate::text::more_words_than(p, rules::MIN_PROSE_WORDS - 1)
                && p.contains(['.', '!', '?', '。', '！', '？', '।', '؟'])
        })
        .map(str::len)
        .sum()
}

/// Content found by one method, before preferences between sources are applied.
pub(crate) struct Content {
    pub text: String,
    pub html: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
}

fn cap_input<'a>(input: &'a str, found: &mut Found) -> &'a str {
    let capped = cap_str(input);
    if capped.len() < input.len() {
        found.notes.push(format!("input of {} bytes cut to {} before parsing", input.len(), capped.len()));
    }
    capped
}

/// `input` cut to at most [`rules::MAX_INPUT_BYTES`] on a char boundary.
pub(crate) fn cap_str(input: &str) -> &str {
    if input.len() <= rules::MAX_INPUT_BYTES {
        return input;
    }
    let mut cut = rules::MAX_INPUT_BYTES;
    while !input.is_char_boundary(cut) {
        cut -= 1;
    }
    &input[..cut]
}

/// Plain text of an HTML fragment or page: one paragraph per block element, separated by blank lines.
pub fn html_text(html: &str) -> String {
    let doc = Html::parse_document(cap_str(html));
    paragraphs_of(doc.root_element(), |_| false).join("\n\n")
}

/// The page parsed once, the way dom_smoothie parses (scripting off: `<noscript>` content is markup, so its
/// lazy-loaded images can be unwrapped). Every pass reads this one tree; dom_smoothie gets a copy of it.
/// Script and style contents are emptied first ([`crate::prepass`]): no pass reads them from the tree (steps
/// that read scripts' JSON as text read the raw page), and they are nearly half of a page's bytes.
pub(crate) fn parse_page(html: &str) -> Html {
    parse_parts(&crate::prepass::kept_parts(html))
}

/// [`parse_page`] without the pre-pass: the tree with script and style contents.
#[cfg(test)]
pub(crate) fn parse_page_unstripped(html: &str) -> Html {
    parse_parts(&[html])
}

/// The document made of `parts` read in order (html5ever's streaming input: nothing is concatenated).
fn parse_parts(parts: &[&str]) -> Html {
    use html5ever::tendril::{StrTendril, TendrilSink};
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut parser =
        html5ever::driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts);
    for part in parts {
        parser.process(StrTendril::from_slice(part));
    }
    parser.finish()
}

/// `el` and its subtree as a fragment of its own, the tree `Html::parse_fragment(&el.html())` builds, made by
/// copying nodes instead of serializing and re-parsing (no second tokenization). The fragment parse runs with
/// scripting on, so a `<noscript>`'s contents become one text node of its markup; the copy does the same.
/// Other differences are only in trees a serializer round trip would rebuild (misnested markup); the test
/// `fragment_copy_equals_reparse` checks pages for them.
pub(crate) fn fragment_of(el: ElementRef) -> Html {
    use html5ever::{QualName, local_name, ns};
    let mut out = Html::new_fragment();
    let html = Node::Element(scraper::node::Element::new(
        QualName::new(None, ns!(html), local_name!("html")),
        vec![],
    ));
    let top = out.tree.root_mut().append(html).id();
    // In a `<body>` context the parser ignores `<html>`, `<head>` and `<body>` tags: their children are read.
    let mut stack: Vec<_> = if matches!(el.value().name(), "html" | "head" | "body") {
        el.children().rev().map(|c| (c, top)).collect()
    } else {
        vec![(*el, top)]
    };
    while let Some((src, dst)) = stack.pop() {
        let value = match src.value() {
            // The serializer writes a `<pre>`'s leading newline once and the parser drops one again.
            Node::Text(t)
                if t.starts_with('\n')
                    && src.prev_sibling().is_none()
                    && src
                        .parent()
                        .and_then(|p| p.value().as_element().map(|e| e.name().to_string()))
                        .is_some_and(|n| matches!(n.as_str(), "pre" | "listing" | "textarea")) =>
            {
                if t.len() == 1 {
                    continue;
                }
                Node::Text(scraper::node::Text { text: t[1..].into() })
            }
            // The copy ends in a text node (see above) when the source is a noscript element.
            Node::Element(e) if &*e.name.local == "noscript" && e.name.ns == ns!(html) => {
                let inner = ElementRef::wrap(src).map(|r| r.inner_html()).unwrap_or_default();
                let Some(mut parent) = out.tree.get_mut(dst) else { continue };
                let mut copy = parent.append(src.value().clone());
                if !inner.is_empty() {
                    copy.append(Node::Text(scraper::node::Text { text: inner.as_str().into() }));
                }
                continue;
            }
            v => v.clone(),
        };
        let Some(mut parent) = out.tree.get_mut(dst) else { continue };
        let id = parent.append(value).id();
        // Children in reverse so that the stack pops them in document order.
        for child in src.children().rev() {
            stack.push((child, id));
        }
    }
    out
}

/// A copy of `doc` as dom_smoothie's tree type, built node by node through dom_query's tree sink: a walk over
/// the parsed tree instead of a second tokenization (parsing was the largest single cost, paid twice before).
/// Text and attribute values are shared buffers, not copies. Comments and the doctype are left out (readability
/// removes or never reads them), and attributes come in scraper's order (sorted), not the page's. Iterative, so
/// depth does not matter.
fn to_dom_query(doc: &Html) -> dom_query::Document {
    use html5ever::interface::{Attribute, ElementFlags, NodeOrText, TreeSink};
    let out = dom_query::Document::default();
    let mut stack = vec![(doc.tree.root(), out.get_document())];
    while let Some((src, dst)) = stack.pop() {
        for child in src.children() {
            match child.value() {
                Node::Element(e) => {
                    let attrs = e
                        .attrs
                        .iter()
                        .map(|(name, value)| Attribute { name: name.clone(), value: value.clone() })
                        .collect();
                    let template = &*e.name.local == "template";
                    let mut flags = ElementFlags::default();
                    flags.template = template;
                    let id = out.create_element(e.name.clone(), attrs, flags);
                    out.append(&dst, NodeOrText::AppendNode(id));
                    // scraper keeps a template's contents in a fragment node, its only child.
                    match child.first_child() {
                        Some(contents) if template && matches!(contents.value(), Node::Fragment) => {
                            stack.push((contents, out.get_template_contents(&id)));
                        }
                        _ => stack.push((child, id)),
                    }
                }
                Node::Text(t) => out.append(&dst, NodeOrText::AppendText(t.text.clone())),
                _ => {}
            }
        }
    }
    out
}

fn run_readability(doc: &Html, url: Option<&str>, found: &mut Found) -> Option<Content> {
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    // Classes are kept so that pruning inside the chosen container can read them; `sanitize_html` drops them
    // from the display HTML.
    let config = dom_smoothie::Config { keep_classes: true, ..dom_smoothie::Config::default() };
    let parsed = dom_smoothie::Readability::with_document(to_dom_query(doc), url, Some(config))
        .and_then(|mut r| r.parse());
    match parsed {
        Ok(article) => {
            let mut fragment = Html::parse_fragment(&article.content);
            for (text, reason) in crate::prune::prune(&mut fragment) {
                found.drop(&text, reason);
            }
            let text = paragraphs_of(fragment.root_element(), |_| false).join("\n\n");
            Some(Content {
                text,
                html: fragment.root_element().inner_html(),
                title: Some(article.title).filter(|t| !t.trim().is_empty()),
                byline: article.byline,
                published: article.published_time,
                site_name: article.site_name,
            })
        }
        Err(e) => {
            found.notes.push(format!("readability failed: {e}"));
            None
        }
    }
}

/// Fallback: the element whose direct `<p>` children hold the most text, outside furniture blocks.
fn densest_paragraphs(doc: &Html) -> Option<Content> {
    let p_sel = Selector::parse("p").ok()?;
    let mut score: HashMap<_, usize> = HashMap::new();
    for p in doc.select(&p_sel) {
        let Some(parent) = p.parent().and_then(ElementRef::wrap) else { continue };
        let len: usize = p.text().map(|t| t.trim().len()).sum();
        *score.entry(parent.id()).or_default() += len;
    }
    // The furniture test (class/id regexes over a few ancestors) once per parent, not once per `<p>`.
    score.retain(|id, _| doc.tree.get(*id).and_then(ElementRef::wrap).is_some_and(|el| !is_furniture(el)));
    // Ties go to the element that comes first in the page (a hash map's order would make the pick vary by run).
    let best_id = score.into_iter().max_by_key(|(id, s)| (*s, std::cmp::Reverse(*id))).map(|(id, _)| id)?;
    let best = doc.tree.get(best_id).and_then(ElementRef::wrap)?;
    let paragraphs = paragraphs_of(best, |el| {
        rules::FURNITURE_CLASS.as_ref().is_some_and(|re| {
            re.is_match(&format!("{} {}", el.attr("class").unwrap_or(""), el.attr("id").unwrap_or("")))
        })
    });
    Some(Content {
        text: paragraphs.join("\n\n"),
        html: best.inner_html(),
        title: None,
        byline: None,
        published: None,
        site_name: None,
    })
}

/// Whether `el` or one of its few nearest ancestors is marked as comments/footer/sidebar/... by class or id.
fn is_furniture(el: ElementRef) -> bool {
    let Some(re) = rules::FURNITURE_CLASS.as_ref() else { return false };
    let mut cur = Some(el);
    for _ in 0..4 {
        let Some(e) = cur else { break };
        let v = e.value();
        let label = format!("{} {}", v.attr("class").unwrap_or(""), v.attr("id").unwrap_or(""));
        if re.is_match(&label) || matches!(v.name(), "footer" | "aside" | "nav") {
            return true;
        }
        cur = e.parent().and_then(ElementRef::wrap);
    }
    false
}

/// Depth of the deepest node, walked iteratively.
fn dom_depth(doc: &Html) -> usize {
    let mut max = 0;
    let mut depth = 0usize;
    let root = doc.tree.root();
    let mut cur = root.first_child();
    while let Some(node) = cur {
        max = max.max(depth);
        if let Some(child) = node.first_child() {
            depth += 1;
            cur = Some(child);
            continue;
        }
        let mut up = Some(node);
        cur = None;
        while let Some(n) = up {
            if let Some(s) = n.next_sibling() {
                cur = Some(s);
                break;
            }
            up = n.parent().filter(|p| p.id() != root.id());
            depth = depth.saturating_sub(1);
        }
    }
    max
}

/// Text of `root` as paragraphs: block elements (p, headings, list items, blockquotes, ...) each become one
/// paragraph, inline elements join, scripts/forms/nav are skipped, and so is any element `skip` rejects.
/// Iterative (no recursion), so a 10,000-deep DOM is fine.
pub(crate) fn paragraphs_of(root: ElementRef, skip: impl Fn(&scraper::node::Element) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let root_id = root.id();
    let mut cur = root.first_child();
    'walk: while let Some(node) = cur {
        let mut descend = true;
        match node.value() {
            Node::Text(t) => buf.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIP_TAGS.contains(&name) || skip(e) || name == "form" && !is_page_form(node) {
                    descend = false;
                } else if BLOCK_TAGS.contains(&name) {
                    flush(&mut buf, &mut out);
                } else if matches!(name, "td" | "th") {
                    buf.push(' ');
                }
            }
            _ => descend = false,
        }
        if descend && let Some(child) = node.first_child() {
            cur = Some(child);
            continue;
        }
        let mut closing = node;
        loop {
            if let Node::Element(e) = closing.value()
                && BLOCK_TAGS.contains(&e.name())
            {
                flush(&mut buf, &mut out);
            }
            if let Some(s) = closing.next_sibling() {
                cur = Some(s);
                continue 'walk;
            }
            match closing.parent() {
                Some(p) if p.id() != root_id => closing = p,
                _ => break 'walk,
            }
        }
    }
    flush(&mut buf, &mut out);
    out
}

/// A `<form>` holding the whole page (ASP.NET WebForms wraps `<body>` in one) is read like any container;
/// other forms (search, sign-up, comment boxes) are never article text.
fn is_page_form(node: ego_tree::NodeRef<'_, Node>) -> bool {
    let mut chars = 0usize;
    node.descendants().any(|n| {
        if let Node::Text(t) = n.value() {
            chars += t.trim().len();
        }
        chars > rules::PAGE_FORM_MIN_CHARS
    })
}

fn flush(buf: &mut String, out: &mut Vec<String>) {
    let text = metadata::clean_inline(buf);
    if !text.is_empty() {
        out.push(text);
    }
    buf.clear();
}

#[cfg(test)]
/// Source pages for whole-page tests: our fixtures named in `fixtures` (under `tests/pages/<name>/`), then up to
/// `shared_limit` pages of the shared readability test set, sorted, when it is there (skipped with a message
/// when not).
pub(crate) fn test_pages(fixtures: &[&str], shared_limit: usize) -> Vec<String> {
    let mut pages: Vec<String> = fixtures
        .iter()
        .map(|dir| format!("{}/tests/pages/{dir}/source.html", env!("CARGO_MANIFEST_DIR")))
        .collect();
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/readability-test-pages/pages");
    match std::fs::read_dir(shared) {
        Ok(dirs) => {
            let mut dirs: Vec<_> = dirs.filter_map(|d| d.ok().map(|d| d.path())).collect();
            dirs.sort();
            pages.extend(dirs.iter().take(shared_limit).map(|d| d.join("source.html").display().to_string()));
        }
        Err(_) => println!("skipping shared pages: {shared} not found"),
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs() {
        let doc = Html::parse_fragment(
            "<div><h2>Head</h2><p>One <b>bold</b>  word.</p><ul><li>A</li><li>B</li></ul><script>x()</script>\
             <blockquote>Quote</blockquote>tail</div>",
        );
        assert_eq!(
            paragraphs_of(doc.root_element(), |_| false),
            ["Head", "One bold word.", "A", "B", "Quote", "tail"]
        );
    }

    /// The tree copy dom_smoothie reads must be the tree its own parse would build: foster-parented table text,
    /// misnested inline tags, `<noscript>` markup, entities in attributes, a template.
    #[test]
    fn dom_query_copy_equals_its_own_parse() {
        let html = "<!DOCTYPE html><html lang=en><head><title>T &amp; U</title></head><body>\
            <table>stray<tr><td>cell</table><p>One <b>two <i>three</b> four</i></p>\
            <noscript><img alt=\"x &quot;y&quot;\"></noscript><template><p>t</p></template>\
            <ul><li>a<li>b</ul><p>tail";
        let own = dom_query::Document::from(html);
        let copy = to_dom_query(&parse_page(html));
        assert_eq!(copy.select("html").html(), own.select("html").html());
        // Our fixtures, and real pages from the shared readability test set when it is there.
        let pages = test_pages(&["cluttered-jsonld", "og-byline", "script-sanitize"], 12);
        for path in pages {
            let dir = path.as_str();
            let page = std::fs::read_to_string(&path).expect("page");
            let config = || Some(dom_smoothie::Config { keep_classes: true, ..Default::default() });
            let direct =
                dom_smoothie::Readability::new(page.as_str(), None, config()).and_then(|mut r| r.parse());
            let copied =
                dom_smoothie::Readability::with_document(to_dom_query(&parse_page(&page)), None, config())
                    .and_then(|mut r| r.parse());
            let (Ok(direct), Ok(copied)) = (direct, copied) else { panic!("{dir}: readability failed") };
            // The content HTML differs only in attribute order (see `to_dom_query`); text and metadata are equal.
            assert_eq!(direct.text_content, copied.text_content, "{dir}");
            assert_eq!(direct.content.len(), copied.content.len(), "{dir}");
            assert_eq!((direct.title, direct.byline), (copied.title, copied.byline), "{dir}");
        }
    }

    /// `fragment_of` builds the tree the serialize-and-reparse route builds: same markup and same paragraphs,
    /// on tricky markup and on the containers of real pages (fixtures, and the shared readability pages).
    #[test]
    fn fragment_copy_equals_reparse() {
        let check = |page: &str, what: &str| {
            let doc = parse_page(page);
            let Ok(sel) = Selector::parse("body, article, main, div, section") else { return };
            for el in doc.select(&sel).take(40) {
                let copy = fragment_of(el);
                let reparsed = Html::parse_fragment(&el.html());
                assert_eq!(copy.root_element().html(), reparsed.root_element().html(), "{what}");
                assert_eq!(
                    paragraphs_of(copy.root_element(), |_| false),
                    paragraphs_of(reparsed.root_element(), |_| false),
                    "{what}"
                );
            }
        };
        check(
            "<body><div><p>a &amp; b<noscript><img src=x alt=\"&lt;i&gt;\"></noscript></p><table><tr><td>c\
             </table><template><p>t</p></template><pre>\n\nx</pre><svg><title>s</title></svg></div>",
            "inline",
        );
        let pages =
            test_pages(&["cluttered-jsonld", "og-byline", "script-sanitize", "caption-newsletter"], 30);
        for path in pages {
            let Ok(page) = std::fs::read_to_string(&path) else { continue };
            check(&page, &path);
        }
    }

    #[test]
    fn deep_dom_depth_is_measured_iteratively() {
        let html = format!("{}x{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let doc = Html::parse_document(&html);
        assert!(dom_depth(&doc) >= 5000);
        assert_eq!(paragraphs_of(doc.root_element(), |_| false), ["x"]);
    }
}
