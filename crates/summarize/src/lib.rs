//! Extractive summaries with provenance: every summary sentence is a sentence of a source article, carried
//! with the article id and its byte span, so a reader can check it. Faithful by construction.
//!
//! Method (centroid + MMR, after Radev et al. 2004 and Carbonell & Goldstein 1998): terms are weighted by how
//! many articles carry them (what outlets agree on), sentences score by the weight of their terms with a lead
//! bonus, and selection penalises overlap with sentences already chosen. Chosen sentences are ordered by
//! article time, then position.

mod select;

pub use select::{SummaryInput, choose_headline, summarize_article, summarize_story};
