//! The index on its own: escaping in snippets, filters, story grouping, updates by id, and a second handle
//! (as another process would be) seeing commits.

use chrono::{TimeZone, Utc};
use newsdesk_search::{IndexDoc, Indexer, SearchIndex, SearchQuery};

fn doc(id: &str, story: &str, title: &str, text: &str, outlet: &str, lang: &str, day: u32) -> IndexDoc {
    IndexDoc {
        id: id.into(),
        story: Some(story.into()),
        title: title.into(),
        text: text.into(),
        outlet: outlet.into(),
        language: Some(lang.into()),
        published: Utc.with_ymd_and_hms(2026, 5, day, 12, 0, 0).single().expect("date"),
    }
}

fn corpus() -> Vec<IndexDoc> {
    vec![
        doc(
            "a1",
            "s1",
            "Harbour strike halts cargo",
            "Dockworkers began a strike at the harbour on Monday. <img src=x onerror=alert(1)> Cargo piled up.",
            "Courier",
            "en",
            4,
        ),
        doc(
            "a2",
            "s1",
            "Strike enters second day",
            "The harbour strike entered its second day as ships queued outside the port.",
            "Herald",
            "en",
            5,
        ),
        doc(
            "a3",
            "s2",
            "Council approves budget",
            "The city council approved the budget after a long debate about the harbour fees.",
            "Courier",
            "en",
            20,
        ),
        doc(
            "a4",
            "s3",
            "Streik im Hafen",
            "Die Hafenarbeiter streiken seit Montag; der Hafen steht still.",
            "Rundschau",
            "de",
            4,
        ),
        doc("a5", "s4", "港口罢工", "港口工人罢工，货船在港外排队。", "日报", "zh", 5),
    ]
}

fn setup() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut indexer = Indexer::open(dir.path()).expect("indexer");
    for d in corpus() {
        indexer.upsert(&d).expect("add");
    }
    indexer.commit().expect("commit");
    drop(indexer);
    let index = SearchIndex::open(dir.path()).expect("open");
    (dir, index)
}

fn ids(index: &SearchIndex, raw: &str) -> Vec<String> {
    let mut q = SearchQuery::parse(raw);
    q.limit = 10;
    index.search(&q).expect("search").hits.iter().map(|h| h.article_id.clone()).collect()
}

#[test]
fn snippets_escape_the_text_and_mark_the_matches() {
    let (_dir, index) = setup();
    let mut q = SearchQuery::parse("cargo");
    q.limit = 5;
    let hit = &index.search(&q).expect("search").hits[0];
    assert_eq!(hit.article_id, "a1");
    assert!(hit.snippet_html.contains("<mark>Cargo</mark>"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{}", hit.snippet_html);
    assert!(!hit.snippet_html.contains("<img"), "{}", hit.snippet_html);
    assert_eq!(hit.title_html, "Harbour strike halts <mark>cargo</mark>");
}

#[test]
fn ranking_phrases_filters_and_languages() {
    let (_dir, index) = setup();
    // The title match ranks first; "strikes" is stemmed to "strike".
    assert_eq!(ids(&index, "strikes harbour")[..2], ["a1", "a2"]);
    assert_eq!(ids(&index, "\"second day\""), ["a2"]);
    assert_eq!(ids(&index, "harbour outlet:courier"), ["a1", "a3"]);
    assert_eq!(ids(&index, "harbour -strike"), ["a3"]);
    assert_eq!(ids(&index, "harbour after:2026-05-04"), ["a2", "a3"]);
    assert_eq!(ids(&index, "harbour date:[2026-05-01 TO 2026-05-05] outlet:herald"), ["a2"]);
    assert_eq!(ids(&index, "lang:de"), ["a4"]);
    // German stemming: "Streiks" and "streiken" meet at the stem "streik".
    assert_eq!(ids(&index, "Streiks"), ["a4"]);
    assert_eq!(ids(&index, "罢工"), ["a5"]);
    assert_eq!(ids(&index, "货船"), ["a5"]);
    assert!(ids(&index, "nothing-matches-this").is_empty());
}

#[test]
fn stories_group_their_articles_and_updates_replace_by_id() {
    let (dir, index) = setup();
    let mut q = SearchQuery::parse("harbour");
    q.limit = 10;
    let stories = index.search_stories(&q).expect("stories");
    assert_eq!(stories.total_articles, 3);
    assert_eq!(stories.stories.len(), 2);
    assert_eq!(stories.stories[0].story_id.as_deref(), Some("s1"));
    assert_eq!(stories.stories[0].matched_articles, 2);

    // An updated article replaces its old version (another handle, as the pipeline would be).
    let mut indexer = Indexer::open(dir.path()).expect("indexer");
    let mut changed = corpus().remove(2);
    changed.text = "The council approved the budget.".into();
    indexer.upsert(&changed).expect("update");
    indexer.commit().expect("commit");
    drop(indexer);
    index.refresh().expect("refresh");
    assert_eq!(index.len(), 5);
    assert_eq!(ids(&index, "harbour"), ["a1", "a2"]);
}
