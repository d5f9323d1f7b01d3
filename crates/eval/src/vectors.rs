//! Sentence vectors for scoring clustering with embeddings: computed with the installed model when the
//! `embeddings` feature is on and `models/all-MiniLM-L6-v2` is found, else none (clustering then uses its
//! terms alone, and the report says so).

use crate::clustering::GoldArticle;

/// One sentence vector per article (`None`: that article has none).
pub type ArticleVectors = Vec<Option<Vec<f32>>>;

/// The vectors of `articles` (`vector_text` of each), or all `None` without the feature or the model. The
/// second value says whether vectors were computed.
pub fn article_vectors(articles: &[GoldArticle]) -> (ArticleVectors, bool) {
    match imp::embed(articles) {
        Some(v) => (v.into_iter().map(Some).collect(), true),
        None => (vec![None; articles.len()], false),
    }
}

#[cfg(feature = "embeddings")]
mod imp {
    use super::*;
    use crate::clustering::vector_text;
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    /// The shared model (`newsdesk_embed::installed`), or `None` with the reason printed once.
    fn embedder() -> Option<&'static newsdesk_embed::Embedder> {
        newsdesk_embed::installed()
            .inspect_err(|why| {
                static SAID: std::sync::Once = std::sync::Once::new();
                SAID.call_once(|| eprintln!("clustering: {why}; using terms alone"));
            })
            .ok()
    }

    /// Vectors already computed in this process, by text: the gate scores each set alone and then the
    /// sets as one stream, and embedding is by far the slowest step.
    fn memo() -> &'static Mutex<HashMap<String, Vec<f32>>> {
        static MEMO: OnceLock<Mutex<HashMap<String, Vec<f32>>>> = OnceLock::new();
        MEMO.get_or_init(Default::default)
    }

    pub(super) fn embed(articles: &[GoldArticle]) -> Option<Vec<Vec<f32>>> {
        let model = embedder()?;
        let texts: Vec<String> = articles.iter().map(vector_text).collect();
        let mut memo = memo().lock().unwrap_or_else(|e| e.into_inner());
        let mut missing: Vec<&str> =
            texts.iter().filter(|t| !memo.contains_key(*t)).map(String::as_str).collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            match model.embed(&missing) {
                Ok(vectors) => {
                    for (t, v) in missing.iter().zip(vectors) {
                        memo.insert((*t).to_string(), v);
                    }
                }
                Err(e) => {
                    eprintln!("clustering: embedding failed ({e}); using terms alone");
                    return None;
                }
            }
        }
        texts.iter().map(|t| memo.get(t).cloned()).collect()
    }
}

#[cfg(not(feature = "embeddings"))]
mod imp {
    use super::*;

    pub(super) fn embed(_articles: &[GoldArticle]) -> Option<Vec<Vec<f32>>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_vector_slot_per_article_and_the_flag_matches() {
        let a = GoldArticle {
            id: "a".into(),
            gold: "g".into(),
            title: "Storm hits the coast".into(),
            text: "A storm hit the coast on Monday.".into(),
            time: None,
        };
        let (v, used) = article_vectors(&[a.clone(), a]);
        assert_eq!(v.len(), 2);
        assert_eq!(v.iter().all(Option::is_some), used);
        if used {
            assert_eq!(v[0], v[1], "same text, same vector");
            assert_eq!(v[0].as_ref().map(Vec::len), Some(newsdesk_embed::DIM));
        } else {
            println!("no vectors: feature off or model absent");
        }
    }
}
