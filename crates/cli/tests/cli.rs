//! End-to-end tests of the `newsdesk` binary on real files and a real SQLite store in a temp folder.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// No sentence-embedding model in these runs: the resume test imports 3,000 articles twice, which through
/// the model would take minutes. Saving and restoring story vectors between imports is tested on a small
/// stream in crates/pipeline/tests/vectors.rs; the demo test (tests/demo.rs) runs with the model.
const NO_MODEL: (&str, &str) = ("NEWSDESK_MODEL_DIR", "/nonexistent/newsdesk-model");

fn newsdesk(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .env(NO_MODEL.0, NO_MODEL.1)
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

fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).expect("JSON output")
}

fn shared_data(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} not present", dir.display());
        None
    }
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

#[test]
fn seeds_import_with_clean_text_and_headlines() {
    let Some(seeds) = shared_data("seeds") else { return };
    let data = tempfile::tempdir().expect("tempdir");
    let report = json(&newsdesk(data.path(), &["import", "--json", seeds.to_str().expect("utf8 path")]));
    assert_eq!(report["added"], 5, "{report}");
    let stories = json(&newsdesk(data.path(), &["stories", "--json", "--limit", "100"]));
    let ids: Vec<String> = stories["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or("").to_string())
        .collect();
    let mut titles = Vec::new();
    for id in ids {
        let story = json(&newsdesk(data.path(), &["story", "--json", &id]));
        for group in story["articles_by_outlet"].as_array().expect("groups") {
            for a in group["articles"].as_array().expect("articles") {
                let article =
                    json(&newsdesk(data.path(), &["article", "--json", a["id"].as_str().expect("id")]));
                let text = article["text"].as_str().expect("text");
                for clutter in [
                    "No time to read?",
                    "Get a summary",
                    "Previous Article",
                    "Next Article",
                    "Posted 113 days ago",
                    "(Read more)",
                    "Start reading",
                    "100’s of premium titles",
                ] {
                    assert!(!text.contains(clutter), "clutter {clutter:?} left in {}", article["title"]);
                }
                titles.push(article["title"].as_str().expect("title").to_string());
            }
        }
    }
    titles.sort();
    assert_eq!(titles, [
        "Japan refrains from congratulating Putin on re-election amid cautious diplomacy",
        "Japan, Russia Trade Barbs in Wake of Ukraine War",
        "Japan’s “flirtatious Putin diplomacy” under scrutiny in tense Ukraine",
        "Russia warns Japan to stay out of Ukraine crisis",
        "The Japanese government has voiced clear dissatisfaction with Vladimir Putin’s remarks suggesting that any Russian–Japanese dialogue would only resume after Tokyo reconsiders its Ukraine stance",
    ].map(String::from));
}

#[test]
fn bad_inputs_are_reported_per_file_and_lose_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let demo = demo_dir().join("corpus");
    let first = json(&newsdesk(data.path(), &["import", "--json", demo.to_str().expect("utf8")]));
    let stored = first["added"].as_u64().expect("added");
    assert!(stored >= 40, "{first}");

    let bad = tempfile::tempdir().expect("tempdir");
    let b = bad.path();
    std::fs::write(b.join("empty.txt"), "").expect("write");
    std::fs::write(b.join("binary.bin"), [0u8, 159, 146, 150, 0, 1, 2, 3, 4, 5]).expect("write");
    std::fs::write(b.join("latin1.txt"), b"Caf\xe9 owners protest new rules\n\nOwners of the caf\xe9s on the main square protested on Monday against new opening-hour rules, saying the change would cost them their evening trade.").expect("write");
    std::fs::write(b.join("huge.txt"), "All work and no play. ".repeat(50 * 1024 * 1024 / 22 + 1))
        .expect("write");
    std::fs::write(b.join("truncated.html"), "<!doctype html><html><head><title>Half a page</title></head><body><article><p>This page stops in the middle of a sente").expect("write");
    std::fs::write(
        b.join("broken.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Broken</title><item><title>Never closed",
    )
    .expect("write");
    std::fs::write(b.join("good.txt"), "Harbour ferry resumes service\n\nThe harbour ferry between Dravik and the outer islands resumed service on Tuesday after a two-week suspension for repairs to its loading ramp, the operator said.").expect("write");

    let out = newsdesk(data.path(), &["import", "--json", b.to_str().expect("utf8")]);
    let report = json(&out);
    let problems = report["problems"].as_array().expect("problems");
    let reason = |name: &str| {
        problems
            .iter()
            .find(|p| p["origin"].as_str().is_some_and(|o| o.ends_with(name)))
            .map(|p| p["reason"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(reason("empty.txt").as_deref(), Some("empty file"));
    assert!(reason("binary.bin").is_some_and(|r| r.starts_with("binary file")), "{report}");
    assert!(reason("huge.txt").is_some_and(|r| r.starts_with("too large")), "{report}");
    assert!(reason("broken.xml").is_some_and(|r| r.contains("not a valid RSS")), "{report}");
    // A truncated page is either imported or reported; it is never silent.
    let truncated_reported = reason("truncated.html").is_some();
    let warnings = report["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w.as_str().is_some_and(|w| w.contains("latin1.txt") && w.contains("UTF-8"))),
        "{report}"
    );
    let added = report["added"].as_u64().expect("added");
    assert_eq!(added, 2 + u64::from(!truncated_reported), "{report}");

    let total = json(&newsdesk(data.path(), &["stories", "--json"]));
    let articles: u64 = total["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["article_count"].as_u64().unwrap_or(0))
        .sum();
    assert!(articles >= stored, "stories lost articles");
}

#[test]
fn reimport_changes_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let demo = demo_dir().join("corpus");
    let path = demo.to_str().expect("utf8");
    let first = json(&newsdesk(data.path(), &["import", "--json", path]));
    let before = json(&newsdesk(data.path(), &["stories", "--json", "--limit", "100"]));
    let second = json(&newsdesk(data.path(), &["import", "--json", path]));
    assert_eq!(second["added"], 0);
    assert_eq!(second["updated"], 0);
    assert_eq!(second["unchanged"], first["added"]);
    assert_eq!(json(&newsdesk(data.path(), &["stories", "--json", "--limit", "100"])), before);
}

/// Articles with enough text to take a while to import, in a JSON Lines file.
fn write_generated_corpus(dir: &Path, n: usize) {
    let topics = [
        "harbour",
        "election",
        "earthquake",
        "railway",
        "vaccine",
        "satellite",
        "drought",
        "tariff",
        "orchestra",
        "bridge",
    ];
    let mut lines = String::new();
    for i in 0..n {
        let topic = topics[i % topics.len()];
        let day = 1 + (i / 40) % 28;
        let month = 1 + (i / 1120) % 12;
        let text = format!(
            "Officials in Town{t} said on Monday that the {topic} project number {i} would go ahead. \
             The {topic} plan was approved by the council of Town{t} after a long debate about costs.\n\n\
             Residents of Town{t} welcomed the {topic} decision. \"We waited for years,\" said local resident Ana Member{i}.",
            t = i % 37
        );
        let line = serde_json::json!({
            "url": format!("https://generated.example/{i}"),
            "title": format!("Town{} approves {topic} plan {i}", i % 37),
            "text": text,
            "published": format!("2025-{month:02}-{day:02}T{:02}:{:02}:00Z", i % 24, i % 60),
            "source": format!("Outlet {}", i % 9),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    std::fs::write(dir.join("generated.jsonl"), lines).expect("write corpus");
}

/// Everything a reader or the clusterer sees, without the import time.
fn dump(data: &Path) -> Value {
    let stories = json(&newsdesk(data, &["stories", "--json", "--limit", "100000"]));
    let articles = json(&newsdesk(data, &["articles", "--json", "--limit", "100000"]));
    serde_json::json!({"stories": stories, "articles": articles})
}

#[test]
fn killed_import_resumes_to_the_same_store() {
    let corpus = tempfile::tempdir().expect("tempdir");
    write_generated_corpus(corpus.path(), 3000);
    let path = corpus.path().to_str().expect("utf8");

    let clean = tempfile::tempdir().expect("tempdir");
    ok(&newsdesk(clean.path(), &["import", path]));

    let crashed = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .env(NO_MODEL.0, NO_MODEL.1)
        .arg("--data-dir")
        .arg(crashed.path())
        .args(["import", path])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn import");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let mut killed_midway = false;
    while std::time::Instant::now() < deadline {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        let count = if crashed.path().join("newsdesk.db").exists() {
            runtime.block_on(async {
                let store = newsdesk_store::Store::open(crashed.path()).await.ok()?;
                let n = store.article_count().await.ok();
                store.close().await;
                n
            })
        } else {
            None
        };
        if count.unwrap_or(0) >= 200 {
            child.kill().expect("SIGKILL");
            killed_midway = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.wait();
    assert!(killed_midway, "the import finished before it could be killed: make the corpus bigger");
    ok(&newsdesk(crashed.path(), &["import", path]));
    let (got, want) = (dump(crashed.path()), dump(clean.path()));
    if got != want {
        let _ = std::fs::write(
            std::env::temp_dir().join("newsdesk-resumed.json"),
            serde_json::to_string_pretty(&got).unwrap_or_default(),
        );
        let _ = std::fs::write(
            std::env::temp_dir().join("newsdesk-clean.json"),
            serde_json::to_string_pretty(&want).unwrap_or_default(),
        );
    }
    assert!(
        got == want,
        "resumed store differs from a clean run: see newsdesk-resumed.json and newsdesk-clean.json in the temp dir"
    );
}
