//! Stable hashes: ids and content fingerprints that stay the same across runs, machines and versions.

use xxhash_rust::xxh3::xxh3_64;

/// A 12-hex-digit id for any identity key (URL, GUID, ...).
pub fn short_hash(key: &str) -> String {
    format!("{:012x}", xxh3_64(key.as_bytes()) >> 16)
}

/// Hash of the lowercased words of `text`, so whitespace, punctuation and case changes do not matter.
pub fn content_hash(text: &str) -> u64 {
    let mut normalized = String::with_capacity(text.len());
    for t in crate::tokens(text) {
        normalized.extend(t.text.chars().flat_map(char::to_lowercase));
        normalized.push(' ');
    }
    xxh3_64(normalized.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_ignores_layout_and_case() {
        assert_eq!(content_hash("Hello,  World!\n"), content_hash("hello world"));
        assert_ne!(content_hash("hello world"), content_hash("hello there world"));
    }

    #[test]
    fn short_hash_is_stable_and_short() {
        assert_eq!(short_hash("https://a.example/x").len(), 12);
        assert_eq!(short_hash("k"), short_hash("k"));
        assert_ne!(short_hash("k"), short_hash("l"));
    }
}
