//! One entry per real entity across spelling variants: "Vladimir Putin", "Putin" and "President Putin" fold
//! into one person (titles kept as attributes); names the text itself links ("the Northern Isles ... known in
//! Kestrania as the Sever Archipelago") fold into one entity with aliases.

use super::{EntityKind, Mention};
use regex::Regex;
use std::sync::LazyLock;

/// A canonical entity of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The fullest form seen (longest, without title or possessive).
    pub name: String,
    pub kind: EntityKind,
    /// Indices of the mentions (in the list given to `canonicalize`) that name it.
    pub mentions: Vec<usize>,
    /// Other spellings seen ("Putin" for "Vladimir Putin").
    pub variants: Vec<String>,
    /// Titles and roles written before the name ("President", "Foreign Minister").
    pub titles: Vec<String>,
    /// Other names the text says it has ("Sever Archipelago" for "Northern Isles").
    pub aliases: Vec<String>,
}

const NAME: &str = r"(?:the )?((?:[A-Z][\w'’-]+)(?: (?:of |the )?[A-Z][\w'’-]+)*)";

/// "X, known (in Y) as Z" and "known as X in A and as Z in B": the text says two names are one thing.
static ALIAS_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let place = r"(?: (?:in|by) (?:the )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)?";
    [
        format!(r"known{place} as {NAME}{place},? (?:and|or|but){place} as {NAME}"),
        format!(r"{NAME},? (?:also |sometimes )?(?:known|called|referred to){place} as {NAME}"),
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

/// Fold `mentions` (from `text`) into canonical entities, in order of first mention.
pub fn canonicalize(text: &str, mentions: &[Mention]) -> Vec<Entity> {
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    // Fullest names first, so "Vladimir Putin" exists before "Putin" looks for it.
    order.sort_by_key(|&i| (std::cmp::Reverse(words(&clean(&mentions[i].text)).len()), i));
    let mut entities: Vec<Entity> = Vec::new();
    for i in order {
        let m = &mentions[i];
        let name = clean(&m.text);
        let target = entities.iter().position(|e| e.kind == m.kind && same_entity(e, &name));
        let e = match target {
            Some(t) => &mut entities[t],
            None => {
                entities.push(Entity {
                    name: name.clone(),
                    kind: m.kind,
                    mentions: Vec::new(),
                    variants: Vec::new(),
                    titles: Vec::new(),
                    aliases: Vec::new(),
                });
                let last = entities.len() - 1;
                &mut entities[last]
            }
        };
        e.mentions.push(i);
        if name != e.name && !e.variants.contains(&name) {
            e.variants.push(name);
        }
        if let Some(title) = &m.title
            && !e.titles.contains(title)
        {
            e.titles.push(title.clone());
        }
    }
    link_aliases(text, &mut entities);
    for e in &mut entities {
        e.mentions.sort_unstable();
    }
    entities.sort_by_key(|e| e.mentions.first().copied());
    entities
}

/// "Putin" is "Vladimir Putin" (its words are a subset); an acronym names the entity whose initials it spells.
fn same_entity(e: &Entity, name: &str) -> bool {
    // Cheap reject first: a variant shares at least its last word with the entity (or is an acronym).
    let last = name.rsplit(' ').next().unwrap_or(name);
    let is_acronym = name.len() >= 2 && name.chars().all(|c| c.is_uppercase());
    if !is_acronym
        && !e
            .name
            .split(' ')
            .chain(e.aliases.iter().flat_map(|a| a.split(' ')))
            .any(|w| w.eq_ignore_ascii_case(last))
    {
        return false;
    }
    let lower = name.to_lowercase();
    if e.name.to_lowercase() == lower
        || e.variants.iter().chain(&e.aliases).any(|v| v.to_lowercase() == lower)
    {
        return true;
    }
    let have: Vec<String> = words(&e.name).iter().map(|w| w.to_lowercase()).collect();
    let want: Vec<String> = words(name).iter().map(|w| w.to_lowercase()).collect();
    if want.len() < have.len() && want.iter().all(|w| have.contains(w)) {
        return match e.kind {
            // A person's bare surname or first name; an organisation's or place's leading words.
            EntityKind::Person => true,
            _ => have.starts_with(&want),
        };
    }
    let initials: String = words(&e.name)
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect();
    name.len() >= 2 && initials.len() >= 2 && name == initials
}

fn link_aliases(text: &str, entities: &mut Vec<Entity>) {
    for re in ALIAS_PATTERNS.iter() {
        for c in re.captures_iter(text) {
            let (Some(a), Some(b)) = (c.get(1), c.get(2)) else { continue };
            let find = |entities: &[Entity], n: &str| {
                entities.iter().position(|e| e.kind != EntityKind::Person && same_entity(e, n))
            };
            let (Some(x), Some(y)) = (find(entities, a.as_str()), find(entities, b.as_str())) else {
                continue;
            };
            if x == y || entities[x].kind != entities[y].kind {
                continue;
            }
            let (keep, gone) = (x.min(y), x.max(y));
            let absorbed = entities.remove(gone);
            let e = &mut entities[keep];
            e.aliases.push(absorbed.name);
            e.aliases.extend(absorbed.aliases);
            e.variants.extend(absorbed.variants);
            e.mentions.extend(absorbed.mentions);
            e.titles.extend(absorbed.titles);
        }
    }
}

/// The name without possessive or a leading "the".
fn clean(name: &str) -> String {
    let name = name.trim_end_matches("'s").trim_end_matches("’s");
    name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")).unwrap_or(name).to_string()
}

fn words(name: &str) -> Vec<&str> {
    name.split_whitespace().collect()
}
