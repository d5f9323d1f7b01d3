//! The seeds (../shared/data/seeds) through extraction and the clusterer in file order, with and without
//! sentence vectors: `cargo run --release -p newsdesk-eval --example cluster_seeds -- <seeds dir>`. Prints
//! each seed's story and the pairwise vector cosines. For diagnosis only.

use newsdesk_cluster::{ClusterConfig, DocProfile, OnlineClusterer, profile_text};
use newsdesk_eval::clustering::{config_from_env, load_seeds, vector_text};
use newsdesk_model::{ArticleId, StoryId};
use newsdesk_text::Analyzer;
use std::path::PathBuf;

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).expect("seeds dir");
    let items = load_seeds(&dir);
    let model = newsdesk_embed::find_model_dir().expect("model");
    let embedder = newsdesk_embed::Embedder::load(&model).expect("load");
    let texts: Vec<String> = items.iter().map(vector_text).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.embed(&refs).expect("embed");
    for (i, a) in items.iter().enumerate() {
        let row: Vec<String> =
            vectors.iter().map(|v| format!("{:.3}", newsdesk_embed::cosine(&vectors[i], v))).collect();
        println!("{} {} | {}", a.id, row.join(" "), a.title);
    }
    let config = config_from_env(ClusterConfig::default());
    let analyzer = Analyzer::english();
    for with_vectors in [false, true] {
        let mut c = OnlineClusterer::new(config);
        let got: Vec<String> = items
            .iter()
            .zip(&vectors)
            .map(|(a, v)| {
                let id = ArticleId(a.id.clone());
                let doc = DocProfile {
                    id: id.clone(),
                    time: a.time,
                    terms: profile_text(&analyzer, &a.title, &a.text),
                };
                let r =
                    c.assign_with_vector(&doc, with_vectors.then_some(v.as_slice()), StoryId::opened_by(&id));
                format!("{}→{} ({:.3})", a.id, r.story.0, r.similarity)
            })
            .collect();
        println!("vectors={with_vectors}: {}", got.join(", "));
    }
}
