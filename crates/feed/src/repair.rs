//! XML repair before parsing: the mistakes real feeds make that the XML parser rejects or feed-rs misreads —
//! HTML entities (`&nbsp;`) and bare ampersands in XML, an `<rss>` root whose `version` feed-rs does not know
//! (missing, 0.93, 0.94, 2.01 …), and Atom 0.3 documents (old namespace and element names). One pass over the
//! markup; CDATA sections, comments, processing instructions and the DOCTYPE are copied unchanged, except
//! that an XML declaration after the start of the document is dropped.

use std::collections::HashMap;

/// Atom 1.0's namespace: an Atom root in any other namespace (0.3's `http://purl.org/atom/ns#`, drafts) is
/// read as Atom 1.0, with 0.3's renamed elements mapped.
const ATOM_10_NS: &str = "http://www.w3.org/2005/Atom";

/// Atom 0.3 element names that Atom 1.0 renamed (same meaning).
const ATOM_03_RENAMES: [(&str, &str); 4] =
    [("tagline", "subtitle"), ("copyright", "rights"), ("issued", "published"), ("modified", "updated")];

/// RSS versions feed-rs dispatches on; any other `<rss version>` is read with the RSS 2.0 parser, which is a
/// superset of the 0.9x elements.
const KNOWN_RSS_VERSIONS: [&str; 3] = ["2.0", "0.91", "0.92"];

/// The five entities XML predefines.
const XML_ENTITIES: [&str; 5] = ["amp", "lt", "gt", "quot", "apos"];

/// Longest entity name looked up (the longest HTML name is 31 characters).
const MAX_ENTITY_NAME: usize = 32;

/// Repair XML feed text (see the module comment). Text that needs nothing comes back unchanged.
pub(crate) fn repair_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    let mut declared: Vec<String> = Vec::new();
    let mut html_cache: HashMap<String, Option<String>> = HashMap::new();
    let mut seen_root = false;
    // The namespace of a pre-1.0 (or otherwise non-standard) Atom root, mapped to Atom 1.0.
    let mut legacy_atom_ns: Option<String> = None;
    let mut rest = text;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            rest = entity(rest, &declared, &mut html_cache, &mut out);
            continue;
        }
        let verbatim_end = if rest.starts_with("<![CDATA[") {
            Some(rest.find("]]>").map_or(rest.len(), |e| e + 3))
        } else if rest.starts_with("<!--") {
            Some(rest.find("-->").map_or(rest.len(), |e| e + 3))
        } else if rest.starts_with("<?") {
            let end = rest.find("?>").map_or(rest.len(), |e| e + 2);
            // An XML declaration anywhere but at the start is invalid, and quick-xml panics on a late one that
            // names an encoding: drop it (the text is UTF-8 already).
            let is_declaration = rest[2..].starts_with("xml")
                && rest[5..].starts_with(|c: char| c.is_whitespace() || c == '?');
            if is_declaration && !out.trim_start().is_empty() {
                rest = &rest[end..];
                continue;
            }
            Some(end)
        } else if rest.starts_with("<!") {
            let end = doctype_end(rest);
            declared.extend(declared_entities(&rest[..end]));
            Some(end)
        } else {
            None
        };
        if let Some(end) = verbatim_end {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let after = &rest[1..];
        if !after.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '/') {
            // A lone `<` in text: escape it.
            out.push_str("&lt;");
            rest = after;
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name_start = if after.starts_with('/') { 2 } else { 1 };
        let name_end = tag[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(tag.len(), |i| i + name_start);
        let name = &tag[1..name_end]; // with the `/` of an end tag
        let mut tag = escape_attribute_amps(tag, &declared, &mut html_cache);
        if !seen_root && !name.starts_with('/') {
            seen_root = true;
            if name == "rss" {
                tag = fix_rss_version(&tag);
            } else if name == "feed" {
                legacy_atom_ns = default_namespace(&tag).filter(|ns| ns != ATOM_10_NS);
            }
        }
        if let Some(old_ns) = &legacy_atom_ns {
            tag = tag.replace(&format!("\"{old_ns}\""), &format!("\"{ATOM_10_NS}\""));
            let bare = name.trim_start_matches('/');
            if let Some((_, new)) = ATOM_03_RENAMES.iter().find(|(old, _)| *old == bare) {
                let slash = if name.starts_with('/') { "/" } else { "" };
                tag = format!("<{slash}{new}{}", &tag[name_end..]);
            }
        }
        out.push_str(&tag);
    }
    out.push_str(rest);
    out
}

/// The `xmlns="…"` of a start tag.
fn default_namespace(tag: &str) -> Option<String> {
    let at = tag.find("xmlns=")? + "xmlns=".len();
    let quote = tag[at..].chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &tag[at + 1..];
    Some(value[..value.find(quote)?].to_string())
}

/// The length of a tag starting at `s[0] == '<'`, up to and including its `>` (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            (None, '<') => return i, // an unclosed tag: stop before the next one
            _ => {}
        }
    }
    s.len()
}

/// The length of a `<!DOCTYPE …>` (with an internal subset `[…]`) or other `<!…>` declaration.
fn doctype_end(s: &str) -> usize {
    let bracket = s.find('[');
    let close = s.find('>');
    match (bracket, close) {
        (Some(b), Some(c)) if b < c => s[b..].find("]>").map_or(s.len(), |e| b + e + 2),
        (_, Some(c)) => c + 1,
        _ => s.len(),
    }
}

/// Entity names declared in a DOCTYPE's internal subset.
fn declared_entities(doctype: &str) -> Vec<String> {
    doctype
        .split("<!ENTITY")
        .skip(1)
        .filter_map(|decl| decl.split_whitespace().find(|w| *w != "%").map(str::to_string))
        .collect()
}

/// Handle one `&…` at the start of `s`: keep valid references, turn HTML named entities into numeric
/// references, escape anything else as `&amp;`. Returns the rest after what was consumed.
fn entity<'a>(
    s: &'a str,
    declared: &[String],
    html_cache: &mut HashMap<String, Option<String>>,
    out: &mut String,
) -> &'a str {
    let body = &s[1..];
    let semi = body.bytes().take(MAX_ENTITY_NAME + 2).position(|b| b == b';');
    if let Some(semi) = semi {
        let name = &body[..semi];
        let numeric = name.strip_prefix('#').is_some_and(|n| {
            n.strip_prefix(['x', 'X']).map_or(!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()), |h| {
                !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit())
            })
        });
        let is_name = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.bytes().all(|b| b.is_ascii_alphanumeric());
        if numeric || (is_name && (XML_ENTITIES.contains(&name) || declared.iter().any(|d| d == name))) {
            out.push('&');
            out.push_str(&body[..=semi]);
            return &body[semi + 1..];
        }
        if is_name
            && let Some(decoded) =
                html_cache.entry(name.to_string()).or_insert_with(|| html_entity(name)).as_deref()
        {
            for c in decoded.chars() {
                out.push_str(&format!("&#{};", u32::from(c)));
            }
            return &body[semi + 1..];
        }
    }
    out.push_str("&amp;");
    body
}

/// The text of an HTML named entity (`nbsp` → U+00A0), from the HTML parser's own table.
fn html_entity(name: &str) -> Option<String> {
    let fragment = scraper::Html::parse_fragment(&format!("&{name};"));
    let text: String = fragment.root_element().text().collect();
    (!text.starts_with('&')).then_some(text).filter(|t| !t.is_empty())
}

/// Escape bare ampersands and HTML entities inside a tag's attribute values.
fn escape_attribute_amps(
    tag: &str,
    declared: &[String],
    html_cache: &mut HashMap<String, Option<String>>,
) -> String {
    if !tag.contains('&') {
        return tag.to_string();
    }
    let mut out = String::with_capacity(tag.len() + 8);
    let mut rest = tag;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = entity(&rest[at..], declared, html_cache, &mut out);
    }
    out.push_str(rest);
    out
}

/// Give an `<rss>` start tag a version feed-rs reads.
fn fix_rss_version(tag: &str) -> String {
    let version = tag.find("version=").and_then(|at| {
        let value = &tag[at + "version=".len()..];
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let end = value[1..].find(quote)?;
        Some((at, at + "version=".len() + end + 2, value[1..=end].trim().to_string()))
    });
    match version {
        Some((_, _, v)) if KNOWN_RSS_VERSIONS.contains(&v.as_str()) => tag.to_string(),
        Some((start, end, _)) => format!("{}version=\"2.0\"{}", &tag[..start], &tag[end..]),
        None => format!("<rss version=\"2.0\"{}", &tag["<rss".len()..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_bare_ampersands() {
        assert_eq!(
            repair_xml("<t>a &nbsp; b &amp; c &#160; &#xA0;</t>"),
            "<t>a &#160; b &amp; c &#160; &#xA0;</t>"
        );
        assert_eq!(
            repair_xml("<t>Fish & Chips &bogus; AT&T</t>"),
            "<t>Fish &amp; Chips &amp;bogus; AT&amp;T</t>"
        );
        assert_eq!(repair_xml("<a href=\"x?a=1&b=2\">y</a>"), "<a href=\"x?a=1&amp;b=2\">y</a>");
        // CDATA, comments and DTD-declared entities are left alone.
        let kept = "<!DOCTYPE r [<!ENTITY e \"x\">]><r><![CDATA[a & b &nbsp;]]><!-- & --><t>&e;</t></r>";
        assert_eq!(repair_xml(kept), kept);
    }

    #[test]
    fn rss_versions_and_atom_03() {
        assert_eq!(repair_xml("<rss><channel/></rss>"), "<rss version=\"2.0\"><channel/></rss>");
        assert_eq!(repair_xml("<rss version=\"0.93\">"), "<rss version=\"2.0\">");
        assert_eq!(repair_xml("<rss version='0.91'>"), "<rss version='0.91'>");
        let atom03 = "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><tagline>s</tagline><modified>m</modified></feed>";
        assert_eq!(
            repair_xml(atom03),
            "<feed version=\"0.3\" xmlns=\"http://www.w3.org/2005/Atom\"><subtitle>s</subtitle><updated>m</updated></feed>"
        );
    }

    #[test]
    fn multibyte_text_after_an_ampersand() {
        // Regression: the entity-name window once ended inside a multi-byte character.
        let text = "<t>&quot; празднование Нового года & приносит</t>";
        assert_eq!(repair_xml(text), "<t>&quot; празднование Нового года &amp; приносит</t>");
    }

    #[test]
    fn lone_angle_bracket_is_escaped() {
        assert_eq!(repair_xml("<t>a < b</t>"), "<t>a &lt; b</t>");
    }
}
