//! The bundled demo: `newsdesk demo --no-serve` builds a store whose stories match the corpus's gold events,
//! and whose summaries quote their sources exactly.

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn newsdesk(data: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn build_demo() -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["demo", "--no-serve"])
        // Problems are warnings; info lines (e.g. "no sentence-embedding model") are not problems.
        .env("RUST_LOG", "warn,html5ever=error")
        .output()
        .expect("run demo");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).trim().is_empty(),
        "demo import reported problems: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    data
}

fn bcubed_f1(pairs: &[(String, String)]) -> f64 {
    let mut both: HashMap<(&str, &str), f64> = HashMap::new();
    let mut gold: HashMap<&str, f64> = HashMap::new();
    let mut pred: HashMap<&str, f64> = HashMap::new();
    for (g, p) in pairs {
        *both.entry((g, p)).or_default() += 1.0;
        *gold.entry(g).or_default() += 1.0;
        *pred.entry(p).or_default() += 1.0;
    }
    let n = pairs.len() as f64;
    let precision: f64 =
        pairs.iter().map(|(g, p)| both[&(g.as_str(), p.as_str())] / pred[p.as_str()]).sum::<f64>() / n;
    let recall: f64 =
        pairs.iter().map(|(g, p)| both[&(g.as_str(), p.as_str())] / gold[g.as_str()]).sum::<f64>() / n;
    2.0 * precision * recall / (precision + recall)
}

#[test]
fn demo_stories_match_the_gold_events_and_summaries_are_faithful() {
    let data = build_demo();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(demo.join("gold.json")).expect("gold"))
        .expect("gold json");
    let articles = newsdesk(data.path(), &["articles", "--json", "--limit", "1000"]);
    let items = articles["items"].as_array().expect("items");
    assert_eq!(items.len(), 49, "every demo article is imported");

    // Gold keys are URLs, or capture paths (matched by their headline, the file's first line).
    let mut story_of: HashMap<String, String> = HashMap::new();
    for a in items {
        let story = a["story_id"].as_str().expect("story").to_string();
        if let Some(url) = a["url"].as_str() {
            story_of.insert(url.to_string(), story.clone());
        }
        story_of.insert(format!("title:{}", a["title"].as_str().expect("title")), story);
    }
    let mut pairs = Vec::new();
    for event in gold["events"].as_array().expect("events") {
        for key in event["articles"].as_array().expect("articles").iter().filter_map(Value::as_str) {
            let lookup = if key.starts_with("captures/") {
                let text = std::fs::read_to_string(demo.join(key)).expect("capture");
                format!("title:{}", text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim())
            } else {
                key.to_string()
            };
            let story =
                story_of.get(&lookup).unwrap_or_else(|| panic!("gold article {key} not found in the store"));
            pairs.push((event["id"].as_str().expect("id").to_string(), story.clone()));
        }
    }
    let f1 = bcubed_f1(&pairs);
    assert!(f1 >= 0.95, "BCubed F1 on the demo gold events is {f1:.3}");

    // Faithfulness: every story summary sentence is the exact text at its cited span of its cited article.
    let stories = newsdesk(data.path(), &["stories", "--json", "--limit", "100"]);
    let mut checked = 0;
    for story in stories["items"].as_array().expect("items") {
        assert!(
            !story["summary"].as_array().expect("summary").is_empty(),
            "story {} has no summary",
            story["id"]
        );
        for s in story["summary"].as_array().expect("summary") {
            let article =
                newsdesk(data.path(), &["article", "--json", s["article_id"].as_str().expect("article")]);
            let text = article["text"].as_str().expect("text");
            let (start, end) =
                (s["start"].as_u64().expect("start") as usize, s["end"].as_u64().expect("end") as usize);
            assert_eq!(text.get(start..end), s["text"].as_str(), "summary sentence not verbatim at its span");
            assert_eq!(article["outlet"], s["outlet"]);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} summary sentences checked");
}
