//! The enrichment step of preparing an article: entities, dated events and the main-event date, converted to
//! what the store keeps; and the process-wide NER model (a user-trained perceptron saved in the data folder,
//! else the built-in rules).

use chrono::{DateTime, Utc};
use newsdesk_enrich::{Enrichment, NerModel, enrich_article_at};
use newsdesk_store::{ArticleEnrichment, ArticleEntity, ArticleEvent};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// File name of a trained NER model inside the data folder (written by `newsdesk train-ner`).
pub const NER_MODEL_FILE: &str = "ner-model.bin";

static NER_MODEL: OnceLock<NerModel> = OnceLock::new();

/// Where the data folder's trained model lives.
pub fn ner_model_path(data_dir: &Path) -> PathBuf {
    data_dir.join(NER_MODEL_FILE)
}

/// Load the data folder's trained NER model, if there is one, and use it for every article prepared by this
/// process from now on. Returns whether a model is in use. A model that cannot be read is an error (the user
/// trained it and expects it used), not a silent fall-back.
pub fn use_data_dir_ner_model(data_dir: &Path) -> Result<bool, newsdesk_enrich::Error> {
    let path = ner_model_path(data_dir);
    if NER_MODEL.get().is_some() {
        return Ok(true);
    }
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(newsdesk_enrich::Error::Model(format!("{}: {e}", path.display()))),
    };
    let model = NerModel::load(&mut std::io::BufReader::new(file))?;
    let _ = NER_MODEL.set(model);
    Ok(true)
}

/// The model in use, if a trained one was loaded.
pub fn ner_model() -> Option<&'static NerModel> {
    NER_MODEL.get()
}

/// Enrich an article and convert the result for the store.
pub fn enrich_for_store(title: &str, text: &str, published: Option<DateTime<Utc>>) -> ArticleEnrichment {
    let e = enrich_article_at(title, text, published.map(|t| t.naive_utc()), ner_model());
    to_store(&e)
}

fn to_store(e: &Enrichment) -> ArticleEnrichment {
    let entities = e
        .entities
        .iter()
        .map(|ent| ArticleEntity {
            name: ent.name.clone(),
            kind: ent.kind.as_str().to_string(),
            mentions: ent.mentions.len() as u32,
            first_offset: ent
                .mentions
                .iter()
                .filter_map(|&i| e.mentions.get(i))
                .map(|m| m.span.start as u32)
                .min()
                .unwrap_or(0),
            titles: ent.titles.clone(),
            aliases: ent.aliases.clone(),
            variants: ent.variants.clone(),
        })
        .collect();
    let events = e
        .events
        .iter()
        .map(|ev| ArticleEvent {
            date: ev.when.date,
            precision: ev.when.precision.as_str().to_string(),
            until: ev.until.map(|u| (u.date, u.precision.as_str().to_string())),
            in_title: ev.field == newsdesk_enrich::Field::Title,
            sentence_start: ev.sentence.start as u32,
            description: ev.description.clone(),
        })
        .collect();
    let main_date = e.main_date.map(|w| (w.date, w.precision.as_str().to_string()));
    ArticleEnrichment { entities, events, main_date }
}
