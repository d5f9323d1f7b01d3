//! The three extraction evals (article-extraction-benchmark, trafilatura-eval, readability-test-pages) in one
//! run, without building the CLI: `cargo run --release -p newsdesk-eval --example extract_evals -- ../shared/data`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "../shared/data".into());
    let data = Path::new(&arg);
    let e = newsdesk_eval::extraction::evaluate_extraction(&data.join("article-extraction-benchmark"))?;
    println!("extraction  f1 {:.4} P {:.4} R {:.4} n {}", e.f1, e.precision, e.recall, e.n);
    // `PAGES=1`: one line per benchmark page, to compare two runs page by page.
    if std::env::var_os("PAGES").is_some() {
        for p in &e.per_page {
            println!("page {} P {:.4} R {:.4}", p.id, p.precision, p.recall);
        }
    }
    let t = newsdesk_eval::trafilatura_eval::evaluate_trafilatura(&data.join("trafilatura-eval"))?;
    println!(
        "trafilatura f1 {:.4} P {:.4} R {:.4} tp {} fp {} fn {}",
        t.f1, t.precision, t.recall, t.counts.tp, t.counts.fp, t.counts.fn_
    );
    let r = newsdesk_eval::readability::evaluate_readability(&data.join("readability-test-pages"))?;
    println!(
        "readability title {:.4} byline {:.4} language {:.4} f1 {:.4}",
        r.title_accuracy, r.byline_accuracy, r.language_accuracy, r.f1
    );
    Ok(())
}
