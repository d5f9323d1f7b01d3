//! Entity and event storage on a real SQLite file: per-article entities fold into canonical rows, counts stay
//! exact when an article's enrichment is replaced, and the entity-page queries answer from them.

use chrono::{DateTime, NaiveDate, Utc};
use newsdesk_cluster::StoryProfile;
use newsdesk_model::{Article, ArticleId, StoryId};
use newsdesk_store::{
    ArticleEnrichment, ArticleEntity, ArticleEvent, EntityQuery, NewArticle, Store, entity_id,
};
use newsdesk_text::TermCounts;

fn time(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("day")
}

fn entity(name: &str, kind: &str, mentions: u32, titles: &[&str]) -> ArticleEntity {
    ArticleEntity {
        name: name.into(),
        kind: kind.into(),
        mentions,
        first_offset: 0,
        titles: titles.iter().map(|s| s.to_string()).collect(),
        aliases: Vec::new(),
        variants: Vec::new(),
    }
}

fn event(date: &str, description: &str) -> ArticleEvent {
    ArticleEvent {
        date: day(date),
        precision: "day".into(),
        until: None,
        in_title: false,
        sentence_start: 0,
        description: description.into(),
    }
}

fn article(id: &str, published: &str, enrichment: ArticleEnrichment) -> NewArticle {
    let article = Article {
        id: ArticleId(id.into()),
        url: Some(format!("https://a.example/{id}")),
        title: format!("Title {id}"),
        byline: None,
        published: Some(time(published)),
        seen_at: time("2026-11-01T00:00:00Z"),
        source: "Valdoria Herald".into(),
        language: Some("en".into()),
        summary: Vec::new(),
        text: "Some text.".into(),
        html: None,
        truncated: false,
        content_hash: 1,
        story: None,
    };
    let terms: TermCounts = [("island".to_string(), 1)].into_iter().collect();
    NewArticle {
        article,
        identity_key: format!("url:https://a.example/{id}"),
        origin: "test".into(),
        terms,
        enrichment,
    }
}

fn story(id: &str, size: u32, t: &str) -> StoryProfile {
    StoryProfile {
        id: StoryId(id.into()),
        terms: [("island".to_string(), size)].into_iter().collect(),
        size,
        first: Some(time(t)),
        last: Some(time(t)),
    }
}

#[tokio::test]
async fn entities_fold_across_articles_and_answer_page_queries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).await.expect("open");
    let first = ArticleEnrichment {
        entities: vec![
            entity("Dmitar Solvek", "PER", 3, &["Foreign Minister"]),
            entity("Kestrania", "LOC", 2, &[]),
        ],
        events: vec![event("2026-02-09", "Talks were suspended on Monday.")],
        main_date: Some((day("2026-02-09"), "day".into())),
    };
    store
        .insert_clustered_article(
            &article("a1", "2026-02-10T10:00:00Z", first),
            &story("s1", 1, "2026-02-10T10:00:00Z"),
        )
        .await
        .expect("a1");
    // A later article names him by surname only: it folds into the full name (the only person so named).
    let second = ArticleEnrichment {
        entities: vec![entity("Solvek", "PER", 1, &["Mr"]), entity("Kestrania", "LOC", 1, &[])],
        events: vec![event("2026-02-09", "Kestrania suspended talks on Monday.")],
        main_date: None,
    };
    store
        .insert_clustered_article(
            &article("b2", "2026-02-11T10:00:00Z", second),
            &story("s1", 2, "2026-02-11T10:00:00Z"),
        )
        .await
        .expect("b2");

    let solvek = entity_id("PER", "Dmitar Solvek");
    let e = store.entity(&solvek).await.expect("entity").expect("stored");
    assert_eq!(e.article_count, 2);
    assert_eq!(e.titles, vec!["Foreign Minister".to_string(), "Mr".to_string()]);
    assert_eq!(e.variants, vec!["Solvek".to_string()]);

    let people = store
        .entities(&EntityQuery { kind: Some("PER".into()), limit: 10, ..Default::default() })
        .await
        .expect("list");
    assert_eq!(people.len(), 1);
    let by_name = store
        .entities(&EntityQuery { name: Some("kestr".into()), limit: 10, ..Default::default() })
        .await
        .expect("search");
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].name, "Kestrania");

    let stories = store.entity_stories(&solvek, 10).await.expect("stories");
    assert_eq!(stories.len(), 1);
    assert_eq!((stories[0].articles, stories[0].mentions), (2, 4));
    let co = store.co_occurring_entities(&solvek, 10).await.expect("co");
    assert_eq!(co.len(), 1);
    assert_eq!((co[0].entity.name.as_str(), co[0].shared_articles), ("Kestrania", 2));
    assert_eq!(
        store.entity_article_ids(&solvek, 10).await.expect("ids"),
        vec![ArticleId("b2".into()), ArticleId("a1".into())]
    );
    let in_story = store.story_entities(&StoryId("s1".into()), 10).await.expect("story entities");
    assert_eq!(in_story.len(), 2);

    let events = store.events_of_stories(&[StoryId("s1".into())]).await.expect("events");
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].article, ArticleId("a1".into()));
    assert_eq!(events[0].event.date, day("2026-02-09"));
    assert_eq!(
        store.article_main_date(&ArticleId("a1".into())).await.expect("main"),
        Some((day("2026-02-09"), "day".to_string()))
    );

    // Replacing an article's enrichment keeps counts exact: Kestrania drops to one article.
    store
        .save_article_enrichment(&ArticleId("b2".into()), &ArticleEnrichment::default())
        .await
        .expect("replace");
    let k = store.entity(&entity_id("LOC", "Kestrania")).await.expect("k").expect("stored");
    assert_eq!(k.article_count, 1);
    assert_eq!(store.events_of_stories(&[StoryId("s1".into())]).await.expect("events").len(), 1);
    assert_eq!(store.article_entities(&ArticleId("b2".into())).await.expect("none").len(), 0);
}
