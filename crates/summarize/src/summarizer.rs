//! The `Summarizer` boundary: where a model-backed summarizer (for example one calling an OpenAI-compatible
//! endpoint a user runs locally) plugs in. Whatever produces a summary, what leaves this boundary is checked:
//! every sentence must be the exact text at its cited span of its cited article, or the extractive summary is
//! used instead. The extractive summarizer is the default and the fallback.

use crate::select::{SummaryInput, summarize_article, summarize_story};
use newsdesk_model::SummarySentence;

/// Why a summarizer produced nothing usable.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("summarizer {name} failed: {reason}")]
    Failed { name: String, reason: String },
    #[error("summarizer {name} cited text that is not in its source: {sentence:?}")]
    Unfaithful { name: String, sentence: String },
}

/// Something that summarizes articles and stories with provenance.
pub trait Summarizer: Send + Sync {
    fn name(&self) -> &str;
    fn summarize_article(&self, input: SummaryInput<'_>) -> Result<Vec<SummarySentence>, Error>;
    fn summarize_story(&self, inputs: &[SummaryInput<'_>]) -> Result<Vec<SummarySentence>, Error>;
}

/// Centroid + MMR extraction: never fails, faithful by construction.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extractive;

impl Summarizer for Extractive {
    fn name(&self) -> &str {
        "extractive"
    }
    fn summarize_article(&self, input: SummaryInput<'_>) -> Result<Vec<SummarySentence>, Error> {
        Ok(summarize_article(input))
    }
    fn summarize_story(&self, inputs: &[SummaryInput<'_>]) -> Result<Vec<SummarySentence>, Error> {
        Ok(summarize_story(inputs))
    }
}

/// A summarizer whose failures and unfaithful output fall back to [`Extractive`].
pub struct WithFallback<S> {
    pub primary: S,
}

impl<S: Summarizer> WithFallback<S> {
    /// The primary's story summary when it succeeds and cites its sources exactly, else the extractive one.
    pub fn summarize_story(&self, inputs: &[SummaryInput<'_>]) -> Vec<SummarySentence> {
        match self
            .primary
            .summarize_story(inputs)
            .and_then(|s| check_faithful(self.primary.name(), inputs, s))
        {
            Ok(summary) if !summary.is_empty() => summary,
            _ => summarize_story(inputs),
        }
    }

    /// The primary's article summary when it succeeds and cites the article exactly, else the extractive one.
    pub fn summarize_article(&self, input: SummaryInput<'_>) -> Vec<SummarySentence> {
        match self
            .primary
            .summarize_article(input)
            .and_then(|s| check_faithful(self.primary.name(), &[input], s))
        {
            Ok(summary) if !summary.is_empty() => summary,
            _ => summarize_article(input),
        }
    }
}

/// Every sentence must name one of the inputs and equal its text at the cited span.
pub fn check_faithful(
    name: &str,
    inputs: &[SummaryInput<'_>],
    summary: Vec<SummarySentence>,
) -> Result<Vec<SummarySentence>, Error> {
    for s in &summary {
        let cited =
            inputs.iter().find(|i| *i.id == s.article).and_then(|i| i.text.get(s.span.start..s.span.end));
        if cited != Some(s.text.as_str()) {
            return Err(Error::Unfaithful { name: name.to_string(), sentence: s.text.clone() });
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_model::{ArticleId, Span};

    /// Stands in for a model that paraphrases: its sentence is not in the source.
    struct Paraphraser;

    impl Summarizer for Paraphraser {
        fn name(&self) -> &str {
            "paraphraser"
        }
        fn summarize_article(&self, input: SummaryInput<'_>) -> Result<Vec<SummarySentence>, Error> {
            Ok(vec![SummarySentence {
                text: "A quake hit the city.".into(),
                article: input.id.clone(),
                sentence_index: 0,
                span: Span { start: 0, end: 21 },
            }])
        }
        fn summarize_story(&self, inputs: &[SummaryInput<'_>]) -> Result<Vec<SummarySentence>, Error> {
            self.summarize_article(inputs[0])
        }
    }

    const TEXT: &str = "A strong earthquake struck the coastal city of Port Arlen early on Monday morning.\n\nRescue teams searched collapsed buildings in the old town throughout the day, officials said.";

    #[test]
    fn an_unfaithful_summary_falls_back_to_extraction() {
        let id = ArticleId("a".into());
        let input = SummaryInput { id: &id, title: "Quake", text: TEXT, time: None };
        assert!(matches!(
            Paraphraser.summarize_story(&[input]).and_then(|s| check_faithful("p", &[input], s)),
            Err(Error::Unfaithful { .. })
        ));
        let summary = WithFallback { primary: Paraphraser }.summarize_story(&[input]);
        assert_eq!(summary, Extractive.summarize_story(&[input]).expect("extractive"));
        assert!(summary.iter().all(|s| TEXT.get(s.span.start..s.span.end) == Some(s.text.as_str())));
    }
}
