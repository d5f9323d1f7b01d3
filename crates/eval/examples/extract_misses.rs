//! Lists where extraction loses points: trafilatura-eval pages by segment errors, htmldate-eval date misses.
//! `cargo run --release -p newsdesk-eval --example extract_misses -- ../shared/data`
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/data".into()));
    if std::env::args().nth(2).as_deref() == Some("date-of") {
        let path = shared.join("htmldate-eval/html").join(std::env::args().nth(3).unwrap_or_default());
        let html = read_gz_html(&path)?;
        println!("{} chars; {:?}", html.len(), newsdesk_extract::publish_date_with_source(&html, None));
        return Ok(());
    }
    let r = newsdesk_eval::trafilatura_eval::evaluate_trafilatura(&shared.join("trafilatura-eval"))?;
    let mut pages: Vec<_> = r.per_page.iter().filter(|p| p.counts.fp + p.counts.fn_ > 0).collect();
    pages.sort_by_key(|p| std::cmp::Reverse(p.counts.fp + p.counts.fn_));
    for p in &pages {
        println!("TRAF {} fp={} fn={}", p.key, p.counts.fp, p.counts.fn_);
        for m in &p.missed {
            println!("   missed: {}", m.chars().take(100).collect::<String>());
        }
        for l in &p.leaked {
            println!("   leaked: {}", l.chars().take(100).collect::<String>());
        }
    }
    println!("TRAF f1={:.4} {:?}", r.f1, r.counts);
    let d = newsdesk_eval::htmldate::evaluate_dates(&shared.join("htmldate-eval"))?;
    for (url, gold, got) in &d.misses {
        println!("DATE {url} gold={gold:?} got={got:?}");
    }
    println!("DATE f1={:.4} tp={} fp={} fn={}", d.f1, d.tp, d.fp, d.fn_);
    Ok(())
}

/// A gzipped page of the htmldate set, decoded the way `newsdesk eval dates` decodes it.
fn read_gz_html(path: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(std::fs::File::open(path)?), &mut bytes)?;
    Ok(newsdesk_extract::decode_html_bytes(&bytes, None))
}
