//! The seeds (../shared/data/seeds) through extraction and the clusterer in file order, with and without
//! sentence vectors: `cargo run --release -p newsdesk-eval --example cluster_seeds -- <seeds dir>`. Prints
//! each seed's story and the pairwise vector cosines. For diagnosis only.

use newsdesk_cluster::{ClusterConfig, DocProfile, OnlineClusterer, profile_text};
use newsdesk_eval::clustering::{GoldArticle, vector_text};
use newsdesk_model::{ArticleId, Body, Document, Hints, StoryId};
use newsdesk_text::Analyzer;
use std::path::PathBuf;

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).expect("seeds dir");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut items = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("read");
        let doc =
            Document { origin: p.display().to_string(), body: Body::Text(text), hints: Hints::default() };
        let Some(a) = newsdesk_extract::extract_article(&doc).article else { continue };
        let key = p.file_name().map(|n| n.to_string_lossy()[..3].to_string()).unwrap_or_default();
        items.push(GoldArticle {
            id: key,
            gold: String::new(),
            title: a.title,
            text: a.text,
            time: a.published,
        });
    }
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
    let knob = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    let mut config = ClusterConfig::default();
    config.vector_weight = knob("VW").unwrap_or(config.vector_weight);
    config.vector_neutral = knob("VN").unwrap_or(config.vector_neutral);
    config.vector_veto_weight = knob("VV").unwrap_or(config.vector_veto_weight);
    config.vector_veto_below = knob("VB").unwrap_or(config.vector_veto_below);
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
