//! Pruning inside a chosen content container: furniture by tag and class/id words, link-dense blocks, and
//! short clutter paragraphs, each removal recorded with its rule's reason (rules live in `rules.rs`).

use crate::rules;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::{HashMap, HashSet};

/// Tags whose link density is tested: containers of teaser lists and cross-link paragraphs.
const LINK_TESTED_TAGS: &[&str] = &["ul", "ol", "dl", "div", "section", "p", "table", "li"];

/// One planned removal: the element, why, and how much text it holds.
struct Cut {
    id: NodeId,
    reason: &'static str,
    chars: usize,
}

/// Remove furniture from `fragment` in place. Returns the removed texts with reasons; removes nothing (and
/// returns nothing) when the cuts would take most of the text, which means they misfired on this markup.
pub(crate) fn prune(fragment: &mut Html) -> Vec<(String, &'static str)> {
    let root = fragment.root_element();
    let sizes = text_sizes(root);
    let total = sizes.get(&root.id()).map_or(0, |s| s.0);
    if total == 0 {
        return Vec::new();
    }
    let mut cuts: Vec<Cut> = Vec::new();
    let mut cut_ids: HashSet<NodeId> = HashSet::new();
    for el in root.descendants().filter_map(ElementRef::wrap) {
        if el.ancestors().any(|a| cut_ids.contains(&a.id())) {
            continue;
        }
        let size = sizes.get(&el.id()).copied().unwrap_or((0, 0, 0));
        if let Some(reason) = cut_reason(el, size, total) {
            cut_ids.insert(el.id());
            cuts.push(Cut { id: el.id(), reason, chars: size.0 });
        }
    }
    let removed: usize = cuts.iter().map(|c| c.chars).sum();
    if total.saturating_sub(removed) < (total as f32 * rules::MIN_KEPT_AFTER_PRUNE) as usize {
        return Vec::new();
    }
    let mut dropped = Vec::with_capacity(cuts.len());
    for cut in cuts {
        if let Some(el) = fragment.tree.get(cut.id).and_then(ElementRef::wrap) {
            let text = crate::metadata::clean_inline(&el.text().collect::<String>());
            if !text.is_empty() {
                dropped.push((text, cut.reason));
            }
        }
        if let Some(mut node) = fragment.tree.get_mut(cut.id) {
            node.detach();
        }
    }
    dropped
}

/// Why `el` is furniture, if it is.
fn cut_reason(el: ElementRef, (chars, link_chars, links): Size, total: usize) -> Option<&'static str> {
    let v = el.value();
    let name = v.name();
    if let Some((_, reason)) = rules::PRUNE_TAGS.iter().find(|(tag, _)| *tag == name) {
        return Some(reason);
    }
    if v.attr("hidden").is_some()
        || v.attr("aria-hidden") == Some("true")
        || v.attr("style").is_some_and(|s| s.replace(' ', "").contains("display:none"))
    {
        return Some("prune:hidden");
    }
    let label = format!("{} {}", v.attr("class").unwrap_or(""), v.attr("id").unwrap_or(""));
    if !label.trim().is_empty()
        && (chars as f32) <= total as f32 * rules::MAX_PRUNE_SHARE
        && let Some((reason, _)) = rules::PRUNE_CLASS.iter().find(|(_, re)| re.is_match(&label))
    {
        return Some(reason);
    }
    if LINK_TESTED_TAGS.contains(&name)
        && links >= rules::MIN_LINK_LIST_LINKS
        && chars <= rules::MAX_LINK_BLOCK_CHARS
        && link_chars as f32 / chars as f32 > rules::MAX_LINK_DENSITY
    {
        return Some("prune:link-list");
    }
    None
}

/// Text of one element: (chars, chars inside links, links).
type Size = (usize, usize, usize);

/// [`Size`] of every element under `root`, bottom-up in one pass.
fn text_sizes(root: ElementRef) -> HashMap<NodeId, Size> {
    let nodes: Vec<_> = root.descendants().collect();
    let mut sizes: HashMap<NodeId, Size> = HashMap::with_capacity(nodes.len());
    for node in nodes.iter().rev() {
        let own = match node.value() {
            Node::Text(t) => (t.trim().chars().count(), 0, 0),
            Node::Element(e) => {
                let s = sizes.get(&node.id()).copied().unwrap_or((0, 0, 0));
                if e.name() == "a" { (s.0, s.0, s.2 + 1) } else { s }
            }
            _ => continue,
        };
        if matches!(node.value(), Node::Element(e) if e.name() == "a") {
            sizes.insert(node.id(), own);
        }
        if node.id() == root.id() {
            break;
        }
        if let Some(parent) = node.parent() {
            let p = sizes.entry(parent.id()).or_default();
            p.0 += own.0;
            p.1 += own.1;
            p.2 += own.2;
        }
    }
    sizes
}

/// The reason a short paragraph is clutter under the HTML paragraph rules, if any.
pub(crate) fn paragraph_rule(p: &str) -> Option<&'static str> {
    if crate::text::more_words_than(p, rules::MAX_CLUTTER_WORDS) {
        return None;
    }
    match rules::PARAGRAPH_CLUTTER_SET.as_ref() {
        Some(set) => {
            set.matches(p).iter().next().and_then(|i| rules::PARAGRAPH_CLUTTER.get(i)).map(|(r, _)| *r)
        }
        None => rules::PARAGRAPH_CLUTTER.iter().find(|(_, re)| re.is_match(p)).map(|(reason, _)| *reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pruned_text(html: &str) -> (String, Vec<&'static str>) {
        let mut doc = Html::parse_fragment(html);
        let dropped = prune(&mut doc);
        let text = crate::html::paragraphs_of(doc.root_element(), |_| false).join("\n\n");
        (text, dropped.into_iter().map(|(_, r)| r).collect())
    }

    #[test]
    fn removes_furniture_and_link_lists() {
        let body = "Body text of the story that goes on for a while and says many things. ".repeat(6);
        let html = format!(
            "<div><p>{body}</p><figure><img src=x><figcaption>A photo (Image: Agency)</figcaption></figure>\
             <div class=\"share-buttons\">Share Tweet</div>\
             <ul><li><a href=/a>Other story one</a></li><li><a href=/b>Other story two</a></li></ul>\
             <p><a href=/c>https://example.org/source</a></p><p>{body}</p></div>"
        );
        let (text, reasons) = pruned_text(&html);
        // A single linked line stays: it is a source or a linked subheading more often than a teaser.
        assert_eq!(text, format!("{}\n\nhttps://example.org/source\n\n{}", body.trim(), body.trim()));
        assert_eq!(reasons, ["prune:caption", "prune:share", "prune:link-list"]);
    }

    #[test]
    fn misfiring_cuts_are_undone() {
        // The whole body sits in a wrapper whose class has a furniture word and a link-heavy layout.
        let html = "<div><div class=\"x\"><a href=/a>Everything here is linked</a> and \
                    <a href=/b>so is this part of the text</a></div><p>tiny</p></div>";
        let (text, reasons) = pruned_text(html);
        assert!(text.contains("Everything here"), "{text}");
        assert!(reasons.is_empty());
    }

    #[test]
    fn multilingual_paragraph_rules() {
        assert_eq!(paragraph_rule("Lea también: Impiden ingreso a un reportero"), Some("clutter:read-also"));
        assert_eq!(paragraph_rule("Schon gelesen?"), Some("clutter:read-also"));
        assert_eq!(paragraph_rule("Diesen Artikel teilen"), Some("clutter:share"));
        assert_eq!(paragraph_rule("Kategorie: News"), Some("clutter:post-meta"));
        assert_eq!(paragraph_rule("Bild: Werk/Agentur"), Some("clutter:credit-line"));
        assert_eq!(paragraph_rule("Read more about the plan in the report, officials said on Monday."), None);
        assert_eq!(paragraph_rule("The minister said more: the plan will fail."), None);
    }
}
