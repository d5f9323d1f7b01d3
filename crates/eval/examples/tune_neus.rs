//! Sweep the story-summary budget on the NeuS *validation* split (never test): `cargo run --release -p
//! newsdesk-eval --example tune_neus`. Prints ROUGE for the product's budget rule and for fixed budgets, so
//! the choice of `Budget::for_story` is reproducible.

use newsdesk_eval::summaries::{read_neus, score_all, summarize_neus, summarize_neus_within};
use newsdesk_summarize::Budget;
use std::path::Path;

fn main() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/allsides-neus"));
    let Ok(examples) = read_neus(dir, "val") else {
        println!("skipping: {} absent", dir.display());
        return;
    };
    let references: Vec<&str> = examples.iter().map(|e| e.reference.as_str()).collect();
    let report = |name: String, out: Vec<String>| {
        let m = score_all(&references, &out);
        println!("{name:28}: R1 {:.2} R2 {:.2} RL {:.2} words {:.1}", m.rouge1, m.rouge2, m.rouge_l, m.words);
    };
    report("Budget::for_story".into(), examples.iter().map(summarize_neus).collect());
    for words in [50, 60, 70, 80, 90, 100, 110] {
        let budget = Some(Budget { sentences: 5, words });
        report(
            format!("fixed {words} words"),
            examples.iter().map(|e| summarize_neus_within(e, budget)).collect(),
        );
    }
}
