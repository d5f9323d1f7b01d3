//! Fuzz target: feed charset detection and decoding (`newsdesk_feed::decode_feed_bytes`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Split off a fuzzed Content-Type header: bytes up to the first NUL (if short and UTF-8).
    let (content_type, bytes) = match data.iter().position(|b| *b == 0) {
        Some(i) if i < 64 => (std::str::from_utf8(&data[..i]).ok(), &data[i + 1..]),
        _ => (None, data),
    };
    let decoded = newsdesk_feed::decode_feed_bytes(bytes, content_type);
    // The output is whole UTF-8 text; a rewritten declaration always says utf-8.
    if decoded.text.starts_with("<?xml") && decoded.text.contains("?>") {
        assert!(decoded.text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    }
});
