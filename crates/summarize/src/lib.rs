//! Extractive summaries with provenance: every summary sentence is a sentence of a source article, carried
//! with the article id and its byte span, so a reader can check it. Faithful by construction.
//!
//! Method (centroid + MMR, after Radev et al. 2004 and Carbonell & Goldstein 1998): terms are weighted by how
//! many articles carry them (what outlets agree on), sentences score by the weight of their terms with a lead
//! bonus, and selection penalises overlap with sentences already chosen. Chosen sentences are ordered by
//! article time, then position.

mod perspectives;
mod quotes;
mod select;
mod summarizer;

pub use perspectives::{
    Blindspot, GroupCoverage, GroupTerms, OutletCoverage, PerspectiveInput, Perspectives, StoryQuote,
    TimeBucket, UniqueSentence, perspectives,
};
pub use quotes::{Quote, QuoteKind, extract_quotes};
pub use select::{
    Budget, SummaryInput, choose_headline, summarize_article, summarize_article_within, summarize_story,
    summarize_story_within,
};
pub use summarizer::{Error, Extractive, Summarizer, WithFallback, check_faithful};
