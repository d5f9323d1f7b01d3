//! Storage tests on real SQLite files in a temporary folder.

use chrono::{DateTime, Utc};
use newsdesk_cluster::StoryProfile;
use newsdesk_model::{Article, ArticleId, Ownership, Source, Span, StoryId, SummarySentence};
use newsdesk_store::{ArticleQuery, NewArticle, Store, StoryQuery};
use newsdesk_text::TermCounts;

fn time(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn article(id: &str, published: &str) -> NewArticle {
    let text = "First sentence here. Second sentence there.".to_string();
    let article = Article {
        id: ArticleId(id.into()),
        url: Some(format!("https://a.example/{id}")),
        title: format!("Title {id}"),
        byline: Some("Mira Kovac".into()),
        published: Some(time(published)),
        seen_at: time("2026-11-01T00:00:00Z"),
        source: "Valdoria Herald".into(),
        language: Some("en".into()),
        summary: vec![SummarySentence {
            text: "First sentence here.".into(),
            article: ArticleId(id.into()),
            sentence_index: 0,
            span: Span { start: 0, end: 20 },
        }],
        text,
        html: None,
        truncated: false,
        content_hash: u64::MAX - 7,
        story: None,
    };
    let terms: TermCounts = [("island".to_string(), 3), ("talk".to_string(), 1)].into_iter().collect();
    NewArticle {
        article,
        identity_key: format!("url:https://a.example/{id}"),
        origin: "test".into(),
        terms,
        enrichment: Default::default(),
    }
}

fn profile(id: &str, size: u32, first: &str, last: &str) -> StoryProfile {
    StoryProfile {
        id: StoryId(id.into()),
        terms: [("island".to_string(), 3 * size), ("talk".to_string(), size)].into_iter().collect(),
        size,
        first: Some(time(first)),
        last: Some(time(last)),
    }
}

#[tokio::test]
async fn articles_round_trip_with_story_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).await.expect("open");
    let a = article("a1", "2026-02-09T10:00:00Z");
    store
        .insert_clustered_article(&a, &profile("sa1", 1, "2026-02-09T10:00:00Z", "2026-02-09T10:00:00Z"))
        .await
        .expect("insert");
    let b = article("b2", "2026-02-10T10:00:00Z");
    store
        .insert_clustered_article(&b, &profile("sa1", 2, "2026-02-09T10:00:00Z", "2026-02-10T10:00:00Z"))
        .await
        .expect("insert");

    let got = store.article(&ArticleId("a1".into())).await.expect("get").expect("present");
    assert_eq!(got.content_hash, u64::MAX - 7, "u64 hashes survive the i64 column");
    assert_eq!(got.summary, a.article.summary);
    assert_eq!(got.story, Some(StoryId("sa1".into())));

    let existing = store.find_by_identity("url:https://a.example/b2").await.expect("find").expect("present");
    assert_eq!(existing.id, ArticleId("b2".into()));

    let state = store.cluster_state(time("2026-02-01T00:00:00Z")).await.expect("state");
    assert_eq!(state.doc_count, 2);
    assert_eq!(state.doc_freq.get("island"), Some(&2));
    assert_eq!(state.stories, vec![profile("sa1", 2, "2026-02-09T10:00:00Z", "2026-02-10T10:00:00Z")]);
    assert!(store.cluster_state(time("2026-03-01T00:00:00Z")).await.expect("state").stories.is_empty());

    assert_eq!(store.dirty_stories().await.expect("dirty"), vec![StoryId("sa1".into())]);
    store
        .save_story_summary(&StoryId("sa1".into()), "Talks", &a.article.summary, &["Valdoria Herald".into()])
        .await
        .expect("save");
    assert!(store.dirty_stories().await.expect("dirty").is_empty());
    let stories = store.stories(&StoryQuery { limit: 10, ..Default::default() }).await.expect("stories");
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].article_count, 2);
    assert_eq!(stories[0].headline, "Talks");
    let in_story = store
        .articles(&ArticleQuery { story: Some(StoryId("sa1".into())), limit: 10, ..Default::default() })
        .await
        .expect("list");
    assert_eq!(in_story.iter().map(|a| a.id.0.as_str()).collect::<Vec<_>>(), ["a1", "b2"]);

    // An updated article with a corrected (later) publish date moves to its new place in time order.
    let mut corrected = a.article.clone();
    corrected.published = Some(time("2026-02-11T10:00:00Z"));
    corrected.text = "First sentence here, corrected.".into();
    store.update_article_content(&ArticleId("a1".into()), &corrected).await.expect("update");
    let in_story = store
        .articles(&ArticleQuery { story: Some(StoryId("sa1".into())), limit: 10, ..Default::default() })
        .await
        .expect("list");
    assert_eq!(in_story.iter().map(|a| a.id.0.as_str()).collect::<Vec<_>>(), ["b2", "a1"]);
    assert_eq!(
        store.dirty_stories().await.expect("dirty"),
        vec![StoryId("sa1".into())],
        "the story is re-summarized"
    );
}

#[tokio::test]
async fn reopening_keeps_data_and_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).await.expect("open");
        store
            .upsert_source(&Source {
                name: "Voice of Kestrania".into(),
                country: Some("KS".into()),
                ownership: Ownership::State,
                groups: vec!["kestranian-state-media".into()],
                ..Source::default()
            })
            .await
            .expect("source");
        store.ensure_source("Voice of Kestrania").await.expect("ensure keeps metadata");
        store.close().await;
    }
    let store = Store::open(dir.path()).await.expect("reopen");
    let source = store.source("Voice of Kestrania").await.expect("get").expect("present");
    assert_eq!(source.ownership, Ownership::State);
    assert_eq!(source.groups, ["kestranian-state-media"]);
    assert!(dir.path().join(newsdesk_store::DB_FILE).exists());
}

#[tokio::test]
async fn duplicate_identity_is_rejected_atomically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).await.expect("open");
    let a = article("a1", "2026-02-09T10:00:00Z");
    let p = profile("sa1", 1, "2026-02-09T10:00:00Z", "2026-02-09T10:00:00Z");
    store.insert_clustered_article(&a, &p).await.expect("insert");
    let mut again = article("zz", "2026-02-09T10:00:00Z");
    again.identity_key = a.identity_key.clone();
    assert!(
        store
            .insert_clustered_article(
                &again,
                &profile("szz", 1, "2026-02-09T10:00:00Z", "2026-02-09T10:00:00Z")
            )
            .await
            .is_err()
    );
    let state = store.cluster_state(time("2026-01-01T00:00:00Z")).await.expect("state");
    assert_eq!(state.doc_count, 1, "the failed insert left no trace");
    assert_eq!(state.stories.len(), 1);
}
