//! URL canonicalization: one spelling per article URL, so the same page shared with tracking tags dedups.

use url::Url;

/// Query parameters that only track the click, never select content.
/// `ref`/`cmpid` come from newsletters and partner links; `utm_*` is matched by prefix.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "mc_cid",
    "mc_eid", "ref", "ref_src", "ref_url", "cmpid", "cmp", "icid", "ocid", "_ga", "_gl", "mkt_tok", "s_cid",
    "smid",
];

/// Canonical form of an http(s) URL: lowercase host, no fragment, no tracking parameters, default port dropped.
/// Other parameters keep their order. `None` when the input is not an absolute http(s) URL.
pub fn canonicalize_url(url: &str) -> Option<String> {
    let mut parsed = Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    parsed.set_fragment(None);
    if parsed.query().is_some() {
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter(|(k, _)| !is_tracking_param(k))
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        if kept.is_empty() {
            parsed.set_query(None);
        } else {
            parsed.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(parsed.to_string())
}

fn is_tracking_param(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str())
}

/// Resolve a possibly relative link against a base page URL.
pub(crate) fn resolve_url(base: Option<&str>, link: &str) -> Option<String> {
    let link = link.trim();
    if link.is_empty() {
        return None;
    }
    match Url::parse(link) {
        Ok(u) => Some(u.to_string()),
        Err(_) => {
            base.and_then(|b| Url::parse(b).ok()).and_then(|b| b.join(link).ok()).map(|u| u.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_tracking_and_fragment() {
        assert_eq!(
            canonicalize_url("HTTPS://News.Example.COM:443/a/b?utm_source=x&id=3&fbclid=y&ref=home#top")
                .as_deref(),
            Some("https://news.example.com/a/b?id=3")
        );
        assert_eq!(
            canonicalize_url("http://example.com/x?utm_medium=a").as_deref(),
            Some("http://example.com/x")
        );
        assert_eq!(canonicalize_url("ftp://example.com/x"), None);
        assert_eq!(canonicalize_url("not a url"), None);
        assert_eq!(canonicalize_url("javascript:alert(1)"), None);
    }

    #[test]
    fn keeps_other_params_in_order() {
        assert_eq!(
            canonicalize_url("https://e.com/p?b=2&mc_cid=1&a=1").as_deref(),
            Some("https://e.com/p?b=2&a=1")
        );
    }
}
