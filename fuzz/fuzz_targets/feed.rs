//! Fuzz target: `newsdesk_feed::parse_feed_with_type` on arbitrary bytes and an arbitrary Content-Type.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a Content-Type charset (or none), so the HTTP-charset path is fuzzed too.
    const TYPES: [Option<&str>; 6] = [
        None,
        Some("application/rss+xml; charset=utf-8"),
        Some("text/xml; charset=ISO-8859-1"),
        Some("text/xml; charset=Shift_JIS"),
        Some("application/atom+xml; charset=utf-16"),
        Some("application/feed+json"),
    ];
    let Some((&pick, bytes)) = data.split_first() else { return };
    let content_type = TYPES[usize::from(pick) % TYPES.len()];
    if let Ok(feed) = newsdesk_feed::parse_feed_with_type(bytes, content_type, "fuzz") {
        assert!(feed.entries.len() <= newsdesk_feed::MAX_ENTRIES);
    }
});
