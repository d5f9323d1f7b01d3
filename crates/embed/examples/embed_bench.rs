//! Embedding speed: `cargo run --release -p newsdesk-embed --example embed_bench -- <file> [lead_words]`,
//! where `<file>` holds one text per line (JSON lines with `title` and `text` are read as title + lead).
//! Prints texts/s and tokens/s by wall clock and by this process's CPU time (the machine is shared, so CPU
//! time is the steadier figure). Needs the model (`scripts/install-model.sh`).

use std::time::Instant;

/// Process CPU seconds (user + system) from `/proc/self/stat`, 0 where unavailable.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: embed_bench <file> [lead_words]");
        std::process::exit(2);
    };
    let lead_words: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(150);
    let content = std::fs::read_to_string(path).expect("readable input");
    let texts: Vec<String> = content
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
            Ok(v) if v.get("text").is_some() => {
                let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
                let text = field("text");
                let words: Vec<&str> = text.split_whitespace().take(lead_words).collect();
                format!("{}. {}", field("title"), words.join(" "))
            }
            _ => l.to_string(),
        })
        .collect();
    let dir = newsdesk_embed::find_model_dir().expect("model installed (scripts/install-model.sh)");
    let t = Instant::now();
    let embedder = newsdesk_embed::Embedder::load(&dir).expect("model loads");
    println!("load: {:.2} s", t.elapsed().as_secs_f64());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let vectors = embedder.embed(&refs).expect("embeds");
    let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    assert_eq!(vectors.len(), texts.len());
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    println!(
        "{} texts ({:.0} words avg, lead {lead_words}): {wall:.1} s wall = {:.1} texts/s; {cpu:.1} s CPU = {:.1} texts per CPU-s",
        texts.len(),
        words as f64 / texts.len().max(1) as f64,
        texts.len() as f64 / wall,
        texts.len() as f64 / cpu.max(1e-9),
    );
}
