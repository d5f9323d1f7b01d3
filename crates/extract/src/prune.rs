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
    prune_with(fragment, Limits::READABILITY)
}

/// How much pruning may take: one element's share of the container's text, and the share that must be left.
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    pub max_share: f32,
    pub min_kept: f32,
}

impl Limits {
    /// Inside readability's pick, which readability has already cleaned.
    pub const READABILITY: Limits =
        Limits { max_share: rules::MAX_PRUNE_SHARE, min_kept: rules::MIN_KEPT_AFTER_PRUNE };
    /// Inside a marked container, a whole page column (see [`rules::MARKED_MAX_PRUNE_SHARE`]).
    pub const MARKED: Limits =
        Limits { max_share: rules::MARKED_MAX_PRUNE_SHARE, min_kept: rules::MARKED_MIN_KEPT_AFTER_PRUNE };
}

/// [`prune`] with explicit [`Limits`].
pub(crate) fn prune_with(fragment: &mut Html, limits: Limits) -> Vec<(String, &'static str)> {
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
        if let Some(reason) = cut_reason(el, size, total, limits.max_share) {
            cut_ids.insert(el.id());
            cuts.push(Cut { id: el.id(), reason, chars: size.0 });
        }
    }
    let removed: usize = cuts.iter().map(|c| c.chars).sum();
    if total.saturating_sub(removed) < (total as f32 * limits.min_kept) as usize {
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
    drop_trailing_headings(fragment, &mut dropped);
    dropped
}

/// A heading with nothing after it heads a box that pruning removed or that is not article text ("Related",
/// "Mehr zum Thema", a teaser's title): trafilatura drops trailing titles the same way.
fn drop_trailing_headings(fragment: &mut Html, dropped: &mut Vec<(String, &'static str)>) {
    for _ in 0..rules::MAX_TRAILING_HEADINGS {
        let last_text = fragment
            .root_element()
            .descendants()
            .filter(|n| matches!(n.value(), Node::Text(t) if !t.trim().is_empty()))
            .last();
        let Some(heading) = last_text.and_then(|t| {
            t.ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| matches!(a.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        }) else {
            return;
        };
        let (id, text) = (heading.id(), crate::metadata::clean_inline(&heading.text().collect::<String>()));
        dropped.push((text, "prune:trailing-heading"));
        if let Some(mut node) = fragment.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// Why `el` is furniture, if it is.
fn cut_reason(
    el: ElementRef,
    (chars, link_chars, links): Size,
    total: usize,
    max_share: f32,
) -> Option<&'static str> {
    let v = el.value();
    let name = v.name();
    if let Some((_, reason)) = rules::PRUNE_TAGS.iter().find(|(tag, _)| *tag == name) {
        return Some(reason);
    }
    if v.attr("hidden").is_some()
        || v.attr("aria-hidden") == Some("true")
        || v.attr("style").is_some_and(|s| {
            let s = s.replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return Some("prune:hidden");
    }
    let label = format!("{} {}", v.attr("class").unwrap_or(""), v.attr("id").unwrap_or(""));
    if !label.trim().is_empty()
        && (chars as f32) <= total as f32 * max_share
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

    /// trafilatura's discard vocabulary: each class word removes its block (one block per word, so a rule
    /// missing from `PRUNE_CLASS_RULES` shows up as its text left in).
    #[test]
    fn discard_vocabulary_classes() {
        let body = "Body text of the story that goes on for a while and says many things. ".repeat(8);
        let blocks = [
            ("textwidget", "Widget text here"),
            ("sidebar-inner", "Sidebar text here"),
            ("print-button", "Button text here"),
            ("post-ratings", "Rating text here"),
            ("meta-box", "Meta text here"),
            ("slideshow", "Slide text here"),
            ("video-embed", "Embed text here"),
        ];
        let inner: String =
            blocks.iter().map(|(class, text)| format!("<div class=\"{class}\">{text}</div>")).collect();
        let (text, reasons) =
            pruned_text(&format!("<div><p>{body}</p>{inner}<div class=\"operating\">Kept</div></div>"));
        for (_, t) in blocks {
            assert!(!text.contains(t), "{t} left in {text}");
        }
        assert!(text.contains("Kept"), "'operating' is not a rating: {text}");
        assert_eq!(
            reasons,
            [
                "prune:widget",
                "prune:sidebar",
                "prune:button",
                "prune:rating",
                "prune:meta",
                "prune:ui",
                "prune:embed"
            ]
        );
    }

    #[test]
    fn hidden_by_style_goes() {
        let body = "Body text of the story that goes on for a while and says many things. ".repeat(3);
        let html = format!(
            "<div><p>{body}</p><p style=\"display: none\">Gone one</p><div style=\"visibility:hidden\">Gone two</div></div>"
        );
        let (text, reasons) = pruned_text(&html);
        assert_eq!(text, body.trim());
        assert_eq!(reasons, ["prune:hidden", "prune:hidden"]);
    }

    #[test]
    fn trailing_headings_go() {
        let body = "Body text of the story that goes on for a while and says many things. ".repeat(3);
        let html = format!(
            "<div><h2>Intro</h2><p>{body}</p><h3>More on this</h3><div><h4>Teaser title</h4></div></div>"
        );
        let (text, reasons) = pruned_text(&html);
        assert_eq!(text, format!("Intro\n\n{}", body.trim()));
        assert_eq!(reasons, ["prune:trailing-heading", "prune:trailing-heading"]);
    }

    #[test]
    fn marked_limits_remove_a_block_larger_than_readabilitys_share() {
        let body = "Body text of the story that goes on for a while and says many things. ".repeat(2);
        let html = format!("<div><p>{body}</p><div class=\"related\"><p>{}</p></div></div>", body.repeat(2));
        let (kept, _) = pruned_text(&html);
        assert!(kept.len() > body.len() * 2, "readability limits keep a block over MAX_PRUNE_SHARE");
        let mut doc = Html::parse_fragment(&html);
        let dropped = prune_with(&mut doc, Limits::MARKED);
        assert_eq!(dropped.len(), 1);
        let text = crate::html::paragraphs_of(doc.root_element(), |_| false).join("\n\n");
        assert_eq!(text, body.trim());
    }

    #[test]
    fn box_and_prompt_paragraph_rules() {
        let cases = [
            ("Weitere Beiträge zum Thema", "clutter:read-also"),
            ("Das könnte dich auch interessieren", "clutter:read-also"),
            ("À lire aussi » Ballonnements : quel est votre profil ?", "clutter:read-also"),
            ("Über den Autor", "clutter:author-box"),
            ("Von:", "clutter:author-box"),
            ("Valora esta noticia", "clutter:rating"),
            ("(Noch keine Bewertungen)", "clutter:rating"),
            ("Lade weitere Inhalte ...", "clutter:ui-control"),
            ("Zurück zur Listenansicht", "clutter:ui-control"),
            ("- Anzeige-", "clutter:advertisement"),
            ("Sie sind aktuell nicht eingeloggt.", "clutter:login"),
            ("Kontakt", "clutter:contact"),
            ("Photograph by Ed Marshall, Restoration Programme", "clutter:credit-line"),
            ("Get the latest news straight to your phone with the Example app.", "clutter:app-promo"),
            ("Subscribe now to our e-edition for the full story.", "clutter:support-prompt"),
            ("Die Bilder in diesem Blog stehen unter einer Creative Commons Lizenz.", "clutter:licence"),
            ("Bei den Verlinkungen handelt es sich um Affiliate Links", "clutter:disclaimer"),
        ];
        for (p, reason) in cases {
            assert_eq!(paragraph_rule(p), Some(reason), "{p}");
        }
        // Article sentences that merely mention the same words.
        for p in [
            "Der Autor des Buches lebt in Berlin und schreibt über den Krieg.",
            "The app was downloaded a million times, the company said on Monday.",
            "Von den 40 Befragten sagten 12, sie seien zufrieden.",
            "Kontakt zu den Behörden hatte die Familie seit Jahren nicht.",
        ] {
            assert_eq!(paragraph_rule(p), None, "{p}");
        }
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
