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

/// Namespaces RSS 2.0 was sometimes put in (Userland's drafts, the Harvard spec's URL); RSS itself has none.
const RSS_NAMESPACES: [&str; 3] = [
    "http://backend.userland.com/rss2",
    "http://backend.userland.com/rss",
    "http://blogs.law.harvard.edu/tech/rss",
];

/// RSS core element names. Hand-written feeds sometimes change their case (`<TiTlE>`); XML names are
/// case-sensitive, but an unprefixed RSS element that matches one of these ignoring case can only mean it
/// (feedparser reads every name case-insensitively).
const RSS_CORE_ELEMENTS: [&str; 26] = [
    "rss",
    "channel",
    "item",
    "title",
    "link",
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "category",
    "generator",
    "docs",
    "ttl",
    "image",
    "url",
    "width",
    "height",
    "author",
    "comments",
    "enclosure",
    "guid",
    "source",
    "skipHours",
];

/// RSS 0.90's namespace, read as RSS 1.0's.
const RSS_090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS_10_NS: &str = "http://purl.org/rss/1.0/";

/// The five entities XML predefines.
const XML_ENTITIES: [&str; 5] = ["amp", "lt", "gt", "quot", "apos"];

/// Longest entity name looked up (the longest HTML name is 31 characters).
const MAX_ENTITY_NAME: usize = 32;

/// Repair XML feed text (see the module comment). Text that needs nothing comes back unchanged.
pub(crate) fn repair_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    let mut declared = Declared::default();
    let mut html_cache: HashMap<String, Option<String>> = HashMap::new();
    let mut seen_root = false;
    // The namespace of a pre-1.0 (or otherwise non-standard) Atom root, mapped to Atom 1.0.
    let mut legacy_atom_ns: Option<String> = None;
    // The prefix (with its colon) of a prefixed `<p:rss>` root, taken off every element name.
    let mut rss_prefix: Option<String> = None;
    let mut rss_root = false;
    let mut rest = text;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            rest = entity(rest, &mut declared, &mut html_cache, &mut out);
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
            declared.entities.extend(declared_entities(&rest[..end]));
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
        let mut tag = escape_attribute_amps(tag, &mut declared, &mut html_cache);
        if !tag.ends_with('>') {
            // A tag left open (cut off at the end of the document or by the next `<`): close it.
            tag.push('>');
        }
        let mut name = name.to_string();
        if let Some(prefix) = &rss_prefix
            && let Some(bare) = name.trim_start_matches('/').strip_prefix(prefix.as_str())
        {
            let slash = if name.starts_with('/') { "/" } else { "" };
            tag = format!("<{slash}{bare}{}", &tag[name_end..]);
            name = format!("{slash}{bare}");
        }
        let name = name.as_str();
        if !seen_root && !name.starts_with('/') {
            seen_root = true;
            // RSS 2.0 placed in a namespace (Userland's `http://backend.userland.com/rss2`, as default or with a
            // prefix): feed-rs expects RSS in no namespace, so the namespace is taken off.
            if let Some((prefix, _)) = name.split_once(':').filter(|(_, local)| *local == "rss") {
                let declaration = format!("xmlns:{prefix}");
                tag = format!("<rss{}", &tag[name_end..]);
                tag = remove_attribute(&tag, &declaration);
                rss_prefix = Some(format!("{prefix}:"));
                tag = fix_rss_version(&tag);
                rss_root = true;
            } else if name.eq_ignore_ascii_case("rss") {
                rss_root = true;
                if default_namespace(&tag).is_some_and(|ns| RSS_NAMESPACES.contains(&ns.as_str())) {
                    tag = remove_attribute(&tag, "xmlns");
                }
                tag = fix_rss_version(&tag);
            } else if name == "feed" {
                legacy_atom_ns = default_namespace(&tag).filter(|ns| ns != ATOM_10_NS);
            } else if name.ends_with("RDF") {
                // RSS 0.90's elements are a subset of RSS 1.0's, in their own namespace feed-rs does not read.
                tag = tag.replace(&format!("\"{RSS_090_NS}\""), &format!("\"{RSS_10_NS}\""));
            }
        }
        if rss_root
            && let Some(canonical) =
                RSS_CORE_ELEMENTS.iter().find(|c| c.eq_ignore_ascii_case(name.trim_start_matches('/')))
            && *canonical != name.trim_start_matches('/')
        {
            let slash = if name.starts_with('/') { "/" } else { "" };
            tag = format!("<{slash}{canonical}{}", &tag[1 + name.len()..]);
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

/// A start tag without its attribute `name` (`xmlns`, `xmlns:r` …).
fn remove_attribute(tag: &str, name: &str) -> String {
    let pattern = format!(" {name}=");
    let Some(at) = tag.find(&pattern) else { return tag.to_string() };
    let value_start = at + pattern.len();
    let Some(quote) = tag[value_start..].chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return tag.to_string();
    };
    let Some(len) = tag[value_start + 1..].find(quote) else { return tag.to_string() };
    format!("{}{}", &tag[..at], &tag[value_start + 1 + len + 1..])
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

/// Most text that internal DTD entities may expand to in one document, in bytes. Only plain-text entities are
/// expanded (no nesting, so no "billion laughs"), but many references to one long value could still multiply
/// the document; past this budget references are left as written.
const MAX_ENTITY_EXPANSION_BYTES: usize = 1 << 20;

/// General entities declared in the document's internal DTD subset, and the expansion budget left.
struct Declared {
    /// Name, and the replacement text when it is a plain literal (no markup, no references).
    entities: Vec<(String, Option<String>)>,
    budget: usize,
}

impl Default for Declared {
    fn default() -> Self {
        Declared { entities: Vec::new(), budget: MAX_ENTITY_EXPANSION_BYTES }
    }
}

/// Entities declared in a DOCTYPE's internal subset (`<!ENTITY id "tag:example.com,">`). Parameter entities
/// (`%`) and external ones (`SYSTEM`/`PUBLIC`, never fetched) get no replacement text.
fn declared_entities(doctype: &str) -> Vec<(String, Option<String>)> {
    doctype
        .split("<!ENTITY")
        .skip(1)
        .filter_map(|decl| {
            let decl = decl.trim_start();
            let parameter = decl.starts_with('%');
            let decl = decl.trim_start_matches('%').trim_start();
            let name_len = decl.find(char::is_whitespace)?;
            let name = decl[..name_len].to_string();
            let rest = decl[name_len..].trim_start();
            let value = rest
                .chars()
                .next()
                .filter(|q| !parameter && (*q == '"' || *q == '\''))
                .and_then(|q| rest[1..].find(q).map(|end| rest[1..=end].to_string()))
                .filter(|v| !v.contains(['&', '<', '%']));
            Some((name, value))
        })
        .collect()
}

/// Handle one `&…` at the start of `s`: keep valid references, turn HTML named entities into numeric
/// references, escape anything else as `&amp;`. Returns the rest after what was consumed.
fn entity<'a>(
    s: &'a str,
    declared: &mut Declared,
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
        if numeric && let Some(reference) = numeric_reference(&name[1..]) {
            out.push_str(&reference);
            return &body[semi + 1..];
        }
        let declaration = declared.entities.iter().find(|(d, _)| d == name);
        if let Some((_, Some(value))) = declaration
            && value.len() <= declared.budget
        {
            declared.budget -= value.len();
            out.push_str(&value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
            return &body[semi + 1..];
        }
        if numeric || (is_name && (XML_ENTITIES.contains(&name) || declaration.is_some())) {
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

/// A numeric character reference (`name` after the `#`) rewritten where XML readers would get it wrong:
/// `&#X41;` (XML allows only a lower-case `x`) and references to the C1 controls U+0080–U+009F, which in
/// feeds are always windows-1252 code points meant as punctuation (`&#146;` = ’; HTML5 §13.2.5.80 maps them
/// the same way). `None` keeps the reference as written.
fn numeric_reference(digits: &str) -> Option<String> {
    let upper_hex = digits.starts_with('X');
    let value = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u32>().ok()?,
    };
    let c = char::from_u32(value)?;
    let mapped = crate::decode::c1_as_windows_1252(c);
    (upper_hex || mapped != c).then(|| format!("&#{};", u32::from(mapped)))
}

/// Entities whose XHTML 1.0 / HTML 4 meaning (the entity sets feeds were written against, and the one
/// feedparser and browsers before HTML5 use) differs from HTML5's table: the angle brackets.
const XHTML1_ENTITIES: [(&str, char); 2] = [("lang", '\u{2329}'), ("rang", '\u{232A}')];

/// The text of an HTML named entity (`nbsp` → U+00A0), from the HTML parser's own table (XHTML 1.0's
/// meaning where the two differ).
fn html_entity(name: &str) -> Option<String> {
    if let Some((_, c)) = XHTML1_ENTITIES.iter().find(|(n, _)| *n == name) {
        return Some(c.to_string());
    }
    let fragment = scraper::Html::parse_fragment(&format!("&{name};"));
    let text: String = fragment.root_element().text().collect();
    (!text.starts_with('&')).then_some(text).filter(|t| !t.is_empty())
}

/// Escape bare ampersands and HTML entities inside a tag's attribute values.
fn escape_attribute_amps(
    tag: &str,
    declared: &mut Declared,
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
        // CDATA, comments and DTD-declared entities with markup or references are left alone.
        let kept =
            "<!DOCTYPE r [<!ENTITY e \"<b>x</b>\">]><r><![CDATA[a & b &nbsp;]]><!-- & --><t>&e;</t></r>";
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
    fn numeric_references_xhtml_entities_and_unclosed_tags() {
        // Upper-case X (not XML) and windows-1252 code points written as references.
        assert_eq!(
            repair_xml("<t>&#X41;&#x42;&#146;&#x93;&#160;</t>"),
            "<t>&#65;&#x42;&#8217;&#8220;&#160;</t>"
        );
        // XHTML 1.0's angle brackets, not HTML5's.
        assert_eq!(repair_xml("<t>&lang;x&rang;</t>"), "<t>&#9001;x&#9002;</t>");
        // A tag cut off at the end of the document.
        assert_eq!(repair_xml("<feed><title>t</title></feed"), "<feed><title>t</title></feed>");
    }

    #[test]
    fn plain_internal_entities_are_expanded_within_a_budget() {
        let doc = "<!DOCTYPE rss [\n <!ENTITY id \"tag:e.com,\">\n <!ENTITY ext SYSTEM \"http://x/\">]><g>&id;1 &ext;</g>";
        assert_eq!(repair_xml(doc), doc.replace("&id;1", "tag:e.com,1"));
        // Nested (billion-laughs style) entities are never expanded.
        let laughs = "<!DOCTYPE r [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;\">]><r>&b;</r>";
        assert_eq!(repair_xml(laughs), laughs);
        // Past the budget, references stay as written.
        let long = "x".repeat(MAX_ENTITY_EXPANSION_BYTES / 2 + 1);
        let doc = format!("<!DOCTYPE r [<!ENTITY l \"{long}\">]><r>&l;&l;</r>");
        assert!(repair_xml(&doc).ends_with(&format!("<r>{long}&l;</r>")));
    }

    #[test]
    fn namespaced_rss_is_taken_out_of_its_namespace() {
        let default_ns = "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel/></rss>";
        assert_eq!(
            repair_xml(default_ns),
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel/></rss>"
        );
        let prefixed = "<r:rss version=\"2.0\" xmlns:r=\"http://backend.userland.com/rss2\" xmlns:x=\"urn:x\"><r:channel><x:description>no</x:description><r:description>yes</r:description></r:channel></r:rss>";
        assert_eq!(
            repair_xml(prefixed),
            "<rss version=\"2.0\" xmlns:x=\"urn:x\"><channel><x:description>no</x:description><description>yes</description></channel></rss>"
        );
        // RSS 0.90 is read as RSS 1.0.
        assert_eq!(
            repair_xml("<rdf:RDF xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><item/></rdf:RDF>"),
            "<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\"><item/></rdf:RDF>"
        );
        // Core element names in another case.
        assert_eq!(
            repair_xml("<rss><Channel><TiTlE>t</TITLE><pubdate>d</pubdate></Channel></rss>"),
            "<rss version=\"2.0\"><channel><title>t</title><pubDate>d</pubDate></channel></rss>"
        );
        // Another default namespace on <rss> is left alone.
        let other = "<rss version=\"2.0\" xmlns=\"urn:other\"/>";
        assert_eq!(repair_xml(other), other);
    }

    #[test]
    fn lone_angle_bracket_is_escaped() {
        assert_eq!(repair_xml("<t>a < b</t>"), "<t>a &lt; b</t>");
    }
}
