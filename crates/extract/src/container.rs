//! The marked-container candidate: the element a site's own markup names as the article body ("entry-content",
//! "article-body", `itemprop=articleBody`, `<article>`, ...), found by trafilatura's ordered tiers of class/id
//! patterns (its `BODY_XPATH`), then pruned by `prune.rs` with whole-column limits; and the rule that switches
//! to it.

use crate::html::{Content, paragraphs_of, prose_chars};
use crate::{Found, rules};
use scraper::{ElementRef, Html};

/// The marked container replaces the current pick (readability's or the densest block) when it holds more
/// than [`rules::MARKED_SWITCH_RATIO`] times its prose: readability settled on a sub-block, a disclosure box or
/// a teaser list beside a body the site names as such. Title, byline and dates stay readability's (they come
/// from page metadata).
pub(crate) fn choose_marked(
    doc: &Html,
    content: &mut Option<Content>,
    method: &mut &'static str,
    found: &mut Found,
) {
    let Some(marked) = marked_container(doc) else { return };
    let prose_c = content.as_ref().map_or(0, |c| prose_chars(&c.text));
    let prose_m = prose_chars(&marked.content.text);
    let used = prose_m as f32 > prose_c as f32 * rules::MARKED_SWITCH_RATIO;
    found.notes.push(format!(
        "marked container (tier {}) has {prose_m} chars of prose vs {prose_c}; {}",
        marked.tier,
        if used { "marked container used" } else { "not used" }
    ));
    if !used {
        return;
    }
    *method = "marked-container";
    match content {
        Some(c) => {
            c.text = marked.content.text;
            c.html = marked.content.html;
        }
        None => *content = Some(marked.content),
    }
}

/// Which tier found the container, for diagnostics.
pub(crate) struct Marked {
    pub content: Content,
    pub tier: usize,
}

/// The first tier's first element (document order) that yields article text after pruning, if any.
pub(crate) fn marked_container(doc: &Html) -> Option<Marked> {
    let tiers = rules::MARKED_BODY_TIERS.as_slice();
    let mut firsts: Vec<Option<ElementRef>> = vec![None; tiers.len()];
    let mut open = tiers.len();
    for el in doc.root_element().descendants().filter_map(ElementRef::wrap) {
        for (i, tier) in tiers.iter().enumerate() {
            if firsts[i].is_none() && tier_matches(tier, el) {
                firsts[i] = Some(el);
                open -= 1;
            }
        }
        if open == 0 {
            break;
        }
    }
    firsts.into_iter().enumerate().find_map(|(tier, el)| {
        let content = pruned(el?)?;
        Some(Marked { content, tier })
    })
}

/// Whether `el` is a container `tier` names.
fn tier_matches(tier: &rules::BodyTier, el: ElementRef) -> bool {
    let v = el.value();
    let name = v.name();
    if tier.bare.contains(&name) {
        return true;
    }
    if !tier.tags.contains(&name) {
        return false;
    }
    let attr_matches = |attr: &str, re: &Option<regex::Regex>| {
        re.as_ref().is_some_and(|re| v.attr(attr).is_some_and(|value| re.is_match(value)))
    };
    tier.exact.iter().any(|(attr, value)| v.attr(attr) == Some(*value))
        || attr_matches("id", &tier.id)
        || attr_matches("class", &tier.class)
        || attr_matches("role", &tier.role)
}

/// `el` copied into a fragment, pruned by `prune.rs`, as paragraphs; `None` when fewer than two paragraphs
/// are left (trafilatura moves on to its next tier then: a lone line is a label, not the body).
fn pruned(el: ElementRef) -> Option<Content> {
    let mut fragment = crate::html::fragment_of(el);
    crate::prune::prune_with(&mut fragment, crate::prune::Limits::MARKED);
    let paragraphs = paragraphs_of(fragment.root_element(), |_| false);
    if paragraphs.len() < 2 {
        return None;
    }
    Some(Content {
        text: paragraphs.join("\n\n"),
        html: fragment.root_element().inner_html(),
        title: None,
        byline: None,
        published: None,
        site_name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str =
        "The council approved the new bridge after a long debate about its cost and its safety.";

    fn content(text: &str) -> Content {
        Content {
            text: text.into(),
            html: String::new(),
            title: None,
            byline: None,
            published: None,
            site_name: None,
        }
    }

    #[test]
    fn marked_body_replaces_a_pick_with_far_less_prose() {
        let body = format!("<p>{PROSE}</p>").repeat(4);
        let page = format!(
            "<body><div class=\"disclosure\"><p>{PROSE}</p></div><div class=\"entry-content\">{body}</div></body>"
        );
        let doc = Html::parse_document(&page);
        let (mut found, mut method) = (Found::default(), "readability");
        let mut picked = Some(content(PROSE));
        choose_marked(&doc, &mut picked, &mut method, &mut found);
        assert_eq!(method, "marked-container");
        assert_eq!(picked.map(|c| c.text.matches("bridge").count()), Some(4));
        // Readability's pick already holds half the body's prose: it stays.
        let (mut found, mut method) = (Found::default(), "readability");
        let mut picked = Some(content(&[PROSE, PROSE].join("\n\n")));
        choose_marked(&doc, &mut picked, &mut method, &mut found);
        assert_eq!(method, "readability");
        assert!(found.notes.iter().any(|n| n.ends_with("not used")), "{:?}", found.notes);
    }

    #[test]
    fn marked_body_is_pruned_with_whole_column_limits() {
        // The related-stories block outweighs the article (more than MAX_PRUNE_SHARE of the text): inside a
        // marked container it still goes.
        let teasers = format!("<p>{PROSE} Another teaser.</p>").repeat(5);
        let page = format!(
            "<body><article><p>{PROSE}</p><p>{PROSE}</p><div class=\"related-articles\">{teasers}</div></article></body>"
        );
        let m = marked_container(&Html::parse_document(&page)).expect("found");
        assert_eq!(m.content.text.matches("bridge").count(), 2, "{}", m.content.text);
    }

    #[test]
    fn first_tier_wins_over_document_order() {
        let html = "<body><article><p>Teaser one.</p><p>Teaser two.</p></article>\
                    <div class=\"entry-content\"><p>Body one.</p><p>Body two.</p></div></body>";
        let m = marked_container(&Html::parse_document(html)).expect("found");
        assert_eq!(m.tier, 0);
        assert_eq!(m.content.text, "Body one.\n\nBody two.");
    }

    #[test]
    fn a_tier_with_a_single_line_falls_through() {
        let html = "<body><div class=\"post-content\"><p>Only a label</p></div>\
                    <article><p>Body one.</p><p>Body two.</p></article></body>";
        let m = marked_container(&Html::parse_document(html)).expect("found");
        assert_eq!(m.tier, 1);
        assert_eq!(m.content.text, "Body one.\n\nBody two.");
    }
}
