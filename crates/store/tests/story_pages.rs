//! Materialised story pages (migration 0008): the triggers' revision counting, saving, and what makes a
//! stored page current or not. Real SQLite files in a temporary folder.

use chrono::{DateTime, Utc};
use newsdesk_cluster::StoryProfile;
use newsdesk_model::{Article, ArticleId, Source, StoryId};
use newsdesk_store::{NewArticle, Store};
use newsdesk_text::TermCounts;

fn time(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn article(id: &str, published: &str) -> NewArticle {
    let article = Article {
        id: ArticleId(id.into()),
        url: Some(format!("https://a.example/{id}")),
        title: format!("Title {id}"),
        byline: None,
        published: Some(time(published)),
        seen_at: time(published),
        source: "Valdoria Herald".into(),
        language: Some("en".into()),
        summary: Vec::new(),
        text: "First sentence here. Second sentence there.".into(),
        html: None,
        truncated: false,
        content_hash: id.len() as u64,
        story: None,
    };
    let terms: TermCounts = [("island".to_string(), 3)].into_iter().collect();
    NewArticle {
        article,
        identity_key: format!("url:https://a.example/{id}"),
        origin: "test".into(),
        terms,
        enrichment: Default::default(),
    }
}

fn profile(id: &str, size: u32, at: &str) -> StoryProfile {
    StoryProfile {
        id: StoryId(id.into()),
        terms: [("island".to_string(), 3 * size)].into_iter().collect(),
        size,
        first: Some(time(at)),
        last: Some(time(at)),
    }
}

const RENDERER: &str = "test-renderer/1";

#[tokio::test]
async fn pages_are_current_until_what_they_show_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).await.expect("open");
    let s1 = StoryId("s1".into());
    let t = "2026-02-09T10:00:00Z";
    store.insert_clustered_article(&article("a", t), &profile("s1", 1, t)).await.expect("a");
    store.save_story_summary(&s1, "Talks", &[], &["Valdoria Herald".into()]).await.expect("summary");

    // A new story has a page row, not yet rendered, and is due once summarised.
    let page = store.story_page(&s1).await.expect("page").expect("row");
    assert_eq!(page.current(RENDERER), None);
    let due = store.story_pages_due(10).await.expect("due");
    assert_eq!(due.len(), 1);
    let (id, revision) = due[0].clone();
    assert_eq!(id, s1);

    store.save_story_page(&s1, revision, RENDERER, "<p>page</p>").await.expect("save");
    let page = store.story_page(&s1).await.expect("page").expect("row");
    assert_eq!(page.current(RENDERER), Some("<p>page</p>"));
    assert_eq!(page.current("another build"), None, "another renderer's page is not used");
    assert!(store.story_pages_due(10).await.expect("due").is_empty());

    // A page saved from an old revision (the story changed while it rendered) is not current.
    store.insert_clustered_article(&article("b", t), &profile("s1", 2, t)).await.expect("b");
    store.save_story_summary(&s1, "Talks go on", &[], &["Valdoria Herald".into()]).await.expect("summary");
    let page = store.story_page(&s1).await.expect("page").expect("row");
    assert_eq!(page.current(RENDERER), None, "a new article makes the page stale");
    store.save_story_page(&s1, revision, RENDERER, "<p>old</p>").await.expect("save old");
    assert_eq!(store.story_page(&s1).await.expect("page").expect("row").current(RENDERER), None);
    let (_, latest) = store.story_pages_due(10).await.expect("due")[0].clone();
    assert!(latest > revision);
    store.save_story_page(&s1, latest, RENDERER, "<p>new</p>").await.expect("save new");
    assert_eq!(
        store.story_page(&s1).await.expect("page").expect("row").current(RENDERER),
        Some("<p>new</p>")
    );

    // Outlet metadata shapes every page: changing it makes pages stale; re-saving the same does not.
    let herald = Source { groups: vec!["public".into()], ..Source::named("Valdoria Herald") };
    store.upsert_source(&herald).await.expect("source");
    assert_eq!(store.story_page(&s1).await.expect("page").expect("row").current(RENDERER), None);
    let (_, latest) = store.story_pages_due(10).await.expect("due")[0].clone();
    store.save_story_page(&s1, latest, RENDERER, "<p>grouped</p>").await.expect("save");
    store.upsert_source(&herald).await.expect("same source again");
    assert!(store.story_page(&s1).await.expect("page").expect("row").current(RENDERER).is_some());

    // Pages of another renderer are queued again.
    assert_eq!(store.requeue_story_pages("another build").await.expect("requeue"), 1);
    assert_eq!(store.story_pages_due(10).await.expect("due").len(), 1);

    // No row for a story that does not exist.
    assert!(store.story_page(&StoryId("nope".into())).await.expect("page").is_none());
}
