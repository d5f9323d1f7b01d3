//! End-to-end test of subscriptions through the `newsdesk` binary: `add <file.opml>`, `sources --json` and an
//! `export --opml` that round-trips (import → export → import gives the same sources, categories and titles).

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn newsdesk(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run newsdesk")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (feed URL, title, category) of every subscription, sorted.
fn subscriptions(data: &Path) -> Vec<(String, String, String)> {
    let rows: Value = serde_json::from_str(&ok(&newsdesk(data, &["sources", "--json"]))).expect("JSON");
    let mut subs: Vec<(String, String, String)> = rows
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (s("feed_url"), s("title"), s("category"))
        })
        .collect();
    subs.sort();
    subs
}

const OPML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Harbour Times" title="Harbour Times" type="rss" xmlUrl="https://harbour.example/feed.xml" htmlUrl="https://harbour.example/"/>
    <outline text="World">
      <outline text="Wire &amp; Co" type="rss" xmlUrl="https://wire.example/rss"/>
      <outline text="Europe">
        <outline text="Le Quotidien" type="rss" xmlUrl="https://quotidien.example/atom.xml"/>
      </outline>
    </outline>
    <outline text="A folder with no feeds"/>
  </body>
</opml>
"#;

#[test]
fn opml_import_sources_and_export_round_trip() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    let opml_in = tmp.path().join("subscriptions.opml");
    std::fs::write(&opml_in, OPML).expect("write OPML");

    let out = ok(&newsdesk(&first, &["add", opml_in.to_str().expect("utf-8 path")]));
    assert!(out.contains("3 feeds subscribed"), "{out}");
    let subs = subscriptions(&first);
    assert_eq!(
        subs,
        vec![
            ("https://harbour.example/feed.xml".into(), "Harbour Times".into(), String::new()),
            ("https://quotidien.example/atom.xml".into(), "Le Quotidien".into(), "World/Europe".into()),
            ("https://wire.example/rss".into(), "Wire & Co".into(), "World".into()),
        ]
    );
    // Health of a never-polled source.
    let rows: Value = serde_json::from_str(&ok(&newsdesk(&first, &["sources", "--json"]))).expect("JSON");
    assert!(rows.as_array().expect("array").iter().all(|r| r["health"] == "new" && r["failures"] == 0));

    // Adding the same file again subscribes nothing new.
    let again = ok(&newsdesk(&first, &["add", opml_in.to_str().expect("utf-8 path")]));
    assert!(again.contains("0 feeds subscribed") && again.contains("3 already"), "{again}");

    // Export, import the export into a fresh store: the same subscriptions.
    let exported = tmp.path().join("export.opml");
    ok(&newsdesk(&first, &["export", "--opml", "-o", exported.to_str().expect("utf-8 path")]));
    let text = std::fs::read_to_string(&exported).expect("exported file");
    assert!(text.contains("<opml version=\"2.0\">"), "{text}");
    ok(&newsdesk(&second, &["add", exported.to_str().expect("utf-8 path")]));
    assert_eq!(subscriptions(&second), subs);

    // And exporting the second store gives the same document.
    let stdout_export = ok(&newsdesk(&second, &["export", "--opml"]));
    assert_eq!(stdout_export, text);
}
