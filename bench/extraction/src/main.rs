//! Extraction speed bench: the same decoded pages through Newsdesk's `extract_article` or rs-trafilatura's
//! `extract`, single thread, timing only the extractor call.
//!
//! `newsdesk-bench-extraction prepare <shared data dir> <out dir>` writes every page of
//! article-extraction-benchmark and trafilatura-eval as UTF-8 (decoded once, by Newsdesk's charset detection)
//! to `<out dir>`, so Python trafilatura reads exactly the same text.
//! `newsdesk-bench-extraction run <newsdesk|rs-trafilatura> <pages dir> [rounds]` prints one JSON line.
//! `newsdesk-bench-extraction dump <dir>` prints what Newsdesk finds on every page (text and HTML as hashes):
//! diff two runs to show that a speed-only change changed nothing.

use newsdesk_model::{Body, Document, Hints};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("prepare") if args.len() == 3 => prepare(Path::new(&args[1]), Path::new(&args[2])),
        Some("dump") if args.len() == 2 => dump(Path::new(&args[1])),
        Some("run") if args.len() >= 3 => {
            let rounds = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
            run(&args[1], Path::new(&args[2]), rounds)
        }
        _ => {
            Err("usage: prepare <data dir> <out dir> | run <newsdesk|newsdesk-threads-N|rs-trafilatura> <pages dir> [rounds] | dump <dir>"
                .into())
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn gunzip(path: &Path) -> Res<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_end(&mut out)?;
    Ok(out)
}

fn prepare(data: &Path, out: &Path) -> Res<()> {
    std::fs::create_dir_all(out)?;
    let mut n = 0;
    let aeb = data.join("article-extraction-benchmark/html");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&aeb)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    let traf = data.join("trafilatura-eval");
    let gold: serde_json::Value = serde_json::from_slice(&std::fs::read(traf.join("evaldata.json"))?)?;
    if let Some(map) = gold.as_object() {
        for entry in map.values() {
            if let Some(file) = entry["file"].as_str() {
                files.push(traf.join("html").join(format!("{file}.gz")));
            }
        }
    }
    files.sort();
    for path in files {
        let html = newsdesk_extract::decode_html_bytes(&gunzip(&path)?, None);
        std::fs::write(out.join(format!("{n:04}.html")), html)?;
        n += 1;
    }
    println!("{n} pages written to {}", out.display());
    Ok(())
}

/// One line per page (`.html` or `.html.gz`) of `dir`: what `extract_article` and `publish_date` give, with the
/// text and display HTML as hashes. Speed-only changes must leave this output identical (diff two runs).
fn dump(dir: &Path) -> Res<()> {
    use std::hash::{Hash, Hasher};
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let hash = |s: &str| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.hash(&mut h);
        h.finish()
    };
    for path in paths {
        let name = path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let html = if name.ends_with(".gz") {
            newsdesk_extract::decode_html_bytes(&gunzip(&path)?, None)
        } else if name.ends_with(".html") {
            std::fs::read_to_string(&path)?
        } else {
            continue;
        };
        let date = newsdesk_extract::publish_date(&html, None);
        let doc = Document { origin: String::new(), body: Body::Html(html), hints: Hints::default() };
        let out = newsdesk_extract::extract_article(&doc);
        let d = &out.diagnostics;
        match out.article {
            Some(a) => println!(
                "{name}\tdate={date:?}\t{}\t{:?}\t{:?}\t{:?}\t{:?}\t{:?}\t{:?}\ttext={:x}\thtml={:x}\tdropped={}",
                d.method,
                a.title,
                a.byline,
                a.published,
                a.language,
                a.site_name,
                a.image,
                hash(&a.text),
                hash(a.html.as_deref().unwrap_or("")),
                d.dropped.len()
            ),
            None => println!("{name}\tdate={date:?}\t{}\tnone", d.method),
        }
    }
    Ok(())
}

fn run(tool: &str, dir: &Path, rounds: usize) -> Res<()> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let pages: Vec<String> = paths.iter().map(std::fs::read_to_string).collect::<Result<_, _>>()?;
    let bytes: usize = pages.iter().map(String::len).sum();
    if let Some(threads) = tool.strip_prefix("newsdesk-threads-").and_then(|n| n.parse::<usize>().ok()) {
        return run_threads(&pages, bytes, rounds, threads.max(1));
    }
    let (mut elapsed, mut chars_out) = (Duration::ZERO, 0usize);
    let cpu_start = cpu_seconds();
    for _ in 0..rounds {
        for page in &pages {
            let start = Instant::now();
            let text_len = match tool {
                "newsdesk" => {
                    let doc = Document {
                        origin: String::new(),
                        body: Body::Html(page.clone()),
                        hints: Hints::default(),
                    };
                    let start_inner = Instant::now();
                    let out = newsdesk_extract::extract_article(&doc);
                    // The clone of the page into the Document is not extraction work.
                    elapsed += start_inner.elapsed();
                    out.article.map_or(0, |a| a.text.len())
                }
                // Parse-only ceilings: the tree builders and tokenizers an extractor could stand on.
                "parse-scraper" => {
                    let doc = scraper::Html::parse_document(page);
                    elapsed += start.elapsed();
                    doc.tree.nodes().count()
                }
                "parse-domquery" => {
                    let doc = dom_query::Document::from(page.as_str());
                    elapsed += start.elapsed();
                    doc.root().descendants().len()
                }
                "tokenize-lolhtml" => {
                    let mut n = 0usize;
                    let mut rw = lol_html::HtmlRewriter::new(
                        lol_html::Settings {
                            element_content_handlers: vec![lol_html::element!("*", |_el| {
                                n += 1;
                                Ok(())
                            })],
                            ..lol_html::Settings::new()
                        },
                        |_: &[u8]| {},
                    );
                    let _ = rw.write(page.as_bytes());
                    let _ = rw.end();
                    elapsed += start.elapsed();
                    n
                }
                "parse-tl" => {
                    let n = tl::parse(page, tl::ParserOptions::default()).map_or(0, |d| d.nodes().len());
                    elapsed += start.elapsed();
                    n
                }
                "rs-trafilatura" => {
                    let out = rs_trafilatura::extract(page).map_or(0, |r| r.content_text.len());
                    elapsed += start.elapsed();
                    out
                }
                other => return Err(format!("unknown tool {other}").into()),
            };
            chars_out += text_len;
        }
    }
    // CPU time of the loop (the process is single-threaded): steadier than wall time on a shared machine.
    let cpu = cpu_seconds().zip(cpu_start).map_or(0.0, |(end, start)| (end - start).max(1e-9));
    let secs = elapsed.as_secs_f64().max(1e-9);
    let n = pages.len() * rounds;
    println!(
        "{{\"tool\":\"{tool}\",\"pages\":{n},\"seconds\":{secs:.3},\"pages_per_sec\":{:.1},\"mb_per_sec\":{:.2},\"cpu_seconds\":{cpu:.2},\"cpu_pages_per_sec\":{:.1},\"text_bytes\":{chars_out}}}",
        n as f64 / secs,
        (bytes * rounds) as f64 / 1e6 / secs,
        n as f64 / cpu
    );
    Ok(())
}

/// `run newsdesk-threads-N`: the pages shared out over N threads (each takes the next page), wall-clock rate of
/// the whole run. An extra figure for machines with cores to spare; the goal is judged single-threaded.
fn run_threads(pages: &[String], bytes: usize, rounds: usize, threads: usize) -> Res<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let total = pages.len() * rounds;
    let start = Instant::now();
    let chars_out: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(page) = (i < total).then(|| &pages[i % pages.len()]) else { return out };
                        let doc = Document {
                            origin: String::new(),
                            body: Body::Html(page.clone()),
                            hints: Hints::default(),
                        };
                        out += newsdesk_extract::extract_article(&doc).article.map_or(0, |a| a.text.len());
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
    });
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    println!(
        "{{\"tool\":\"newsdesk-threads-{threads}\",\"pages\":{total},\"seconds\":{secs:.3},\"pages_per_sec\":{:.1},\"mb_per_sec\":{:.2},\"text_bytes\":{chars_out}}}",
        total as f64 / secs,
        (bytes * rounds) as f64 / 1e6 / secs
    );
    Ok(())
}

/// User + system CPU seconds of this process so far (Linux `/proc/self/stat`, clock ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
