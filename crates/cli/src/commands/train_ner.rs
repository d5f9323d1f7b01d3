//! `newsdesk train-ner --data <conll dir>`: train the entity tagger on CoNLL-format data the user supplies and
//! save it in the data folder, where import, fetch and serve pick it up instead of the built-in rules.

use anyhow::{Context, bail};
use newsdesk_eval::ner::{read_conll, score, train_model};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A CoNLL-2003-format file, or a folder: every file whose name contains "train" or "dev" is trained on,
    /// and a file whose name contains "test" is scored after training.
    #[arg(long)]
    data: PathBuf,
}

pub fn run(data_dir: PathBuf, args: Args) -> anyhow::Result<ExitCode> {
    let (train_files, test_file) = pick_files(&args.data)?;
    let mut docs = Vec::new();
    for f in &train_files {
        docs.extend(read_conll(f).with_context(|| format!("reading {}", f.display()))?);
    }
    let sentences: usize = docs.iter().map(Vec::len).sum();
    if sentences == 0 {
        bail!("no CoNLL sentences in {}", args.data.display());
    }
    eprintln!("training on {sentences} sentences from {} file(s)…", train_files.len());
    let started = std::time::Instant::now();
    let model = train_model(&docs);
    eprintln!("trained in {:.1} s ({} features)", started.elapsed().as_secs_f64(), model.len());
    if let Some(test) = test_file {
        let gold = read_conll(&test).with_context(|| format!("reading {}", test.display()))?;
        let s = score(&gold, |words| model.tag_document(words));
        outln!(
            "{}: entity F1 {:.4} (P {:.4}, R {:.4})",
            test.display(),
            s.overall.f1,
            s.overall.precision,
            s.overall.recall
        );
        for (kind, p) in &s.per_type {
            outln!("  {kind:<4} F1 {:.4}", p.f1);
        }
    }
    std::fs::create_dir_all(&data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    let path = newsdesk_pipeline::ner_model_path(&data_dir);
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?,
    );
    model.save(&mut out).with_context(|| format!("writing {}", tmp.display()))?;
    drop(out.into_inner().map_err(|e| e.into_error())?);
    std::fs::rename(&tmp, &path).with_context(|| format!("saving {}", path.display()))?;
    outln!(
        "saved {}; import, fetch and serve now tag entities with it (delete it to go back to the rules)",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Training files and an optional test file from a file or folder argument.
fn pick_files(data: &Path) -> anyhow::Result<(Vec<PathBuf>, Option<PathBuf>)> {
    if data.is_file() {
        return Ok((vec![data.to_path_buf()], None));
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(data)
        .with_context(|| format!("reading {}", data.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let train: Vec<PathBuf> =
        names.iter().filter(|p| name(p).contains("train") || name(p).contains("dev")).cloned().collect();
    let test = names.iter().find(|p| name(p).contains("test")).cloned();
    if train.is_empty() {
        bail!("no file named *train* or *dev* in {}", data.display());
    }
    Ok((train, test))
}
