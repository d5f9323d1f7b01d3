//! Hostile feed inputs end in a clear result, quickly and with bounded output.

use newsdesk_feed::{MAX_ENTRIES, parse_feed, parse_feed_with_type};
use std::time::{Duration, Instant};

#[test]
fn entity_expansion_bomb_is_not_expanded() {
    let mut dtd = String::from("<!DOCTYPE rss [<!ENTITY lol0 \"lollollollollollollollollollol\">");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        dtd.push_str(&format!("<!ENTITY lol{i} \"{refs}\">"));
    }
    dtd.push(']');
    dtd.push('>');
    let xml = format!(
        "<?xml version=\"1.0\"?>{dtd}<rss version=\"2.0\"><channel><title>&lol9;</title>\
         <item><title>Bomb &lol9;</title><description>&lol9;</description></item></channel></rss>"
    );
    let started = Instant::now();
    let result = parse_feed(xml.as_bytes(), "bomb.xml");
    assert!(started.elapsed() < Duration::from_secs(2));
    // Either a clear parse error or a feed whose text was not expanded (10^9 "lol"s would be 3 GB).
    if let Ok(feed) = result {
        let size: usize = feed.entries.iter().map(|d| format!("{:?}", d).len()).sum();
        assert!(size < 100_000, "entity expanded to {size} bytes");
    }
}

#[test]
fn hundred_thousand_items_are_capped() {
    let mut xml = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Flood</title>");
    for i in 0..100_000 {
        xml.push_str(&format!("<item><guid>g{i}</guid><title>Item {i}</title></item>"));
    }
    xml.push_str("</channel></rss>");
    let started = Instant::now();
    let feed = parse_feed(xml.as_bytes(), "flood.xml").expect("parses");
    assert_eq!(feed.entries.len(), MAX_ENTRIES);
    assert_eq!(feed.dropped_entries, 100_000 - MAX_ENTRIES);
    assert_eq!(feed.entries[0].hints.guid.as_deref(), Some("g0"));
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn malformed_xml_is_a_clear_error() {
    for bad in [
        "<rss version=\"2.0\"><channel><title>Cut",
        "<rss><channel><item><title>a</item></channel>",
        "\u{0}\u{1}garbage",
        "",
    ] {
        match parse_feed(bad.as_bytes(), "bad.xml") {
            Err(e) => assert!(e.to_string().starts_with("not a valid RSS, Atom or JSON feed"), "{e}"),
            // Lenient recovery is acceptable only if it yields no invented entries.
            Ok(feed) => assert!(feed.entries.len() <= 1, "{bad:?}"),
        }
    }
}

#[test]
fn wrong_declared_charset_still_reads_the_text() {
    let xml =
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title>\
<item><title>Cr\xe8me br\xfbl\xe9e</title><description>x</description></item></channel></rss>";
    let feed = parse_feed(xml, "latin.xml").expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Café"));
    assert_eq!(feed.entries[0].hints.title.as_deref(), Some("Crème brûlée"));
    // HTTP says Shift_JIS, the document says nothing: the header is used.
    let sjis = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\x93\xfa\x96\x7b</title></channel></rss>";
    let feed = parse_feed_with_type(sjis, Some("text/xml; charset=Shift_JIS"), "sjis.xml").expect("parses");
    assert_eq!(feed.title.as_deref(), Some("日本"));
}

#[test]
fn late_xml_declaration_does_not_panic() {
    // Regression (cargo-fuzz, feed target): a second `<?xml … encoding=…?>` after other text made quick-xml
    // panic ("set_encoding() called after prefix buffer was drained").
    let inputs: [&[u8]; 2] = [
        b"?xml version=\"1.0\" encoding=\"euc-kr<?xml version=\"1.0\" encoding=\"euc-kr\"?>\n<!-- x -->\
<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
        b"<rss version=\"2.0\"><?xml version=\"1.0\" encoding=\"utf-16\"?><channel><title>t</title></channel></rss>",
    ];
    for bytes in inputs {
        // Any outcome but a panic; if it parses, the title is read.
        if let Ok(feed) = parse_feed(bytes, "late-decl.xml") {
            assert!(feed.title.as_deref().is_none_or(|t| t == "t"), "{:?}", feed.title);
        }
    }
}
