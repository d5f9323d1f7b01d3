//! Error analysis for `publish_date`: reads `list.tsv` (url, gold day, file) from a folder of raw pages and
//! prints every miss with the source that decided it, then htmldate's F1.
//! `cargo run --release -p newsdesk-extract --example date_check -- <folder> [--all]` (`--all`: every page,
//! hits as `OK` lines; `--steps`: also a `STEPS` line per page with what every step alone answers).
//! The folder for htmldate-eval: for each entry of `eval_default.json` and `eval_mediacloud_2020.json` (URLs
//! sorted), `<i>.html` = the gunzipped `html/<file>.gz` and a line `url<TAB>date<TAB><i>.html` in `list.tsv`.
fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let all = std::env::args().any(|a| a == "--all");
    let steps = std::env::args().any(|a| a == "--steps");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for line in std::fs::read_to_string(dir.join("list.tsv"))?.lines() {
        let mut parts = line.split('\t');
        let (Some(url), Some(gold), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let html = newsdesk_extract::decode_html_bytes(&std::fs::read(dir.join(file))?, None);
        let found = newsdesk_extract::publish_date_with_source(&html, None);
        let got = found.map(|(d, _)| d.to_string());
        match &got {
            None => fn_ += 1,
            Some(g) if g == gold => tp += 1,
            Some(_) => fp += 1,
        }
        let tag = if got.as_deref() == Some(gold) { "OK" } else { "DATE" };
        if all || tag == "DATE" {
            println!("{tag} {url} gold={gold} got={got:?} via={:?}", found.map(|(_, s)| s));
        }
        if steps {
            let answers: Vec<String> = newsdesk_extract::publish_date_steps(&html, None)
                .into_iter()
                .map(|(step, d)| format!("{step}={}", d.map_or("-".to_string(), |d| d.to_string())))
                .collect();
            println!("STEPS {url}\t{gold}\t{}", answers.join(" "));
        }
    }
    let f1 = 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64;
    println!("DATE f1={f1:.4} tp={tp} fp={fp} fn={fn_}");
    Ok(())
}
