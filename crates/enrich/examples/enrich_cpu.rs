//! Runs `enrich_article` on the bench's 1,000-word demo article N times (argument, default 2000), for CPU-time
//! comparisons under `time` on a busy machine (wall-clock benches are noisy there).
fn main() {
    let corpus = include_str!("../../../demo/corpus/articles.jsonl");
    let mut words = Vec::new();
    for line in corpus.lines() {
        let Some(start) = line.find("\"text\": \"") else { continue };
        let rest = &line[start + 9..];
        let Some(end) = rest.find("\", \"") else { continue };
        words.extend(rest[..end].replace("\\n", "\n").replace("\\\"", "\"").split(' ').map(str::to_string));
        if words.len() >= 1000 {
            break;
        }
    }
    words.truncate(1000);
    let text = words.join(" ");
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let published = chrono::NaiveDate::from_ymd_opt(2026, 2, 9).and_then(|d| d.and_hms_opt(14, 0, 0));
    let title = if std::env::args().nth(2).as_deref() == Some("notitle") {
        ""
    } else {
        "Kestrania suspends talks with Meridian over harbour dispute"
    };
    let mut events = 0;
    for _ in 0..n {
        events += newsdesk_enrich::enrich_article_at(title, std::hint::black_box(&text), published, None)
            .events
            .len();
    }
    println!("{n} runs, {events} events");
}
