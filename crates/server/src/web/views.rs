//! The askama templates and the view values they render: everything already formatted, so templates only
//! lay out text (which askama HTML-escapes).

use super::marks::Segment;
use askama::Template;

/// Which nav entry is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Stories,
    Sources,
    None,
}

#[derive(Template)]
#[template(path = "front.html")]
pub struct FrontPage {
    pub title: String,
    pub section: Section,
    pub heading: String,
    /// The outlet the list is filtered by, if any.
    pub source: Option<String>,
    pub stories: Vec<StoryCard>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

pub struct StoryCard {
    pub href: String,
    pub headline: String,
    pub lede: String,
    pub counts: String,
    pub outlets: String,
    pub span: String,
    pub datetime: String,
}

#[derive(Template)]
#[template(path = "story.html")]
pub struct StoryPage {
    pub title: String,
    pub section: Section,
    pub headline: String,
    pub counts: String,
    pub span: String,
    pub datetime: String,
    pub summary: Vec<SummaryLine>,
    pub groups: Vec<OutletGroup>,
    /// How outlets and groups told the story (see `api::perspectives`).
    pub perspectives: Option<crate::api::perspectives::PerspectivesDto>,
}

pub struct SummaryLine {
    pub href: String,
    pub text: String,
    pub outlet: String,
}

pub struct OutletGroup {
    pub outlet: String,
    /// "state · KS · kestranian-state-media", empty when nothing is known.
    pub about: String,
    pub articles: Vec<ArticleLine>,
}

pub struct ArticleLine {
    pub href: String,
    pub title: String,
    pub byline: Option<String>,
    pub date: String,
    pub datetime: String,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub title: String,
    pub section: Section,
    pub headline: String,
    pub outlet: String,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub datetime: Option<String>,
    /// Only http(s) URLs; anything else is not linked.
    pub original_url: Option<String>,
    pub truncated: bool,
    pub lang: String,
    pub paragraphs: Vec<Vec<Segment>>,
    pub story_href: Option<String>,
    pub story_headline: Option<String>,
}

#[derive(Template)]
#[template(path = "sources.html")]
pub struct SourcesPage {
    pub title: String,
    pub section: Section,
    pub sources: Vec<SourceRow>,
}

pub struct SourceRow {
    pub name: String,
    pub stories_href: String,
    pub homepage: Option<String>,
    pub country: String,
    pub ownership: String,
    pub language: String,
    pub groups: Vec<String>,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: String,
    pub section: Section,
    pub heading: String,
    pub message: String,
}
