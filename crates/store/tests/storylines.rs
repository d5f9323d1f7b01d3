//! Near-duplicate links, story merges with redirects, provenance and storylines on a real SQLite store.

use chrono::{DateTime, Utc};
use newsdesk_cluster::{StoryProfile, Storyline};
use newsdesk_model::{Article, ArticleId, StoryId};
use newsdesk_store::{ArticleLinks, NewArticle, Store, StorylineQuery};
use newsdesk_text::TermCounts;

fn time(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn article(id: &str, source: &str, published: &str) -> NewArticle {
    let article = Article {
        id: ArticleId(id.into()),
        url: Some(format!("https://{source}.example/{id}")),
        title: format!("Title {id}"),
        byline: None,
        published: Some(time(published)),
        seen_at: time("2026-11-01T00:00:00Z"),
        source: source.into(),
        language: Some("en".into()),
        summary: vec![],
        text: format!("Text of {id}."),
        html: None,
        truncated: false,
        content_hash: id.len() as u64,
        story: None,
    };
    let terms: TermCounts = [("island".to_string(), 1)].into_iter().collect();
    NewArticle {
        article,
        identity_key: format!("url:{id}"),
        origin: "test".into(),
        terms,
        enrichment: Default::default(),
    }
}

fn story(id: &str, size: u32, first: &str, last: &str) -> StoryProfile {
    StoryProfile {
        id: StoryId(id.into()),
        terms: [("island".to_string(), size)].into_iter().collect(),
        size,
        first: Some(time(first)),
        last: Some(time(last)),
    }
}

#[tokio::test]
async fn copies_merges_provenance_and_storylines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).await.expect("open");
    let t1 = "2026-02-09T10:00:00Z";
    let t2 = "2026-02-09T12:00:00Z";
    let t3 = "2026-02-10T09:00:00Z";
    let fp: Vec<u32> = (0..128).collect();
    // s1: a wire original and a copy of it on another outlet; s2: an independent report.
    let links =
        ArticleLinks { fingerprint: Some(fp.clone()), wire: Some("Reuters".into()), ..Default::default() };
    store
        .insert_clustered_article_linked(&article("a", "herald", t1), &story("s1", 1, t1, t1), &links)
        .await
        .expect("a");
    let copy = ArticleLinks {
        fingerprint: Some(fp.clone()),
        copy_of: Some(ArticleId("a".into())),
        wire: Some("Reuters".into()),
        ..Default::default()
    };
    store
        .insert_clustered_article_linked(&article("b", "courier", t2), &story("s1", 2, t1, t2), &copy)
        .await
        .expect("b");
    store.insert_clustered_article(&article("c", "gazette", t2), &story("s2", 1, t2, t2)).await.expect("c");
    // d bridges s2 into s1.
    let bridge = ArticleLinks { merged: vec![StoryId("s2".into())], ..Default::default() };
    store
        .insert_clustered_article_linked(&article("d", "gazette", t3), &story("s1", 4, t1, t3), &bridge)
        .await
        .expect("d");

    assert_eq!(
        store.resolve_story(&StoryId("s2".into())).await.expect("resolve"),
        Some(StoryId("s1".into()))
    );
    assert_eq!(store.resolve_story(&StoryId("s1".into())).await.expect("resolve"), None);
    assert!(store.story(&StoryId("s2".into())).await.expect("story").is_none(), "merged story row is gone");
    let c = store.article(&ArticleId("c".into())).await.expect("c").expect("present");
    assert_eq!(c.story, Some(StoryId("s1".into())), "the absorbed story's articles moved");
    let merges = store.story_merges_into(&StoryId("s1".into())).await.expect("merges");
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0].bridge_article, Some(ArticleId("d".into())));

    let fps = store.fingerprints_since(time("2026-01-01T00:00:00Z")).await.expect("fingerprints");
    assert_eq!(fps.len(), 2);
    assert_eq!(fps[1].2, fp, "fingerprints round-trip");
    assert_eq!(fps[1].3, Some(ArticleId("a".into())));

    // The wire original and its copy are one group; c and d are one outlet: two independent sources.
    let items = store.story_source_items(&StoryId("s1".into())).await.expect("items");
    let groups: Vec<Option<&str>> = items.iter().map(|(_, g, _)| g.as_ref().map(|a| a.0.as_str())).collect();
    assert_eq!(groups, [Some("a"), Some("a"), None, None]);
    store.save_story_provenance(&StoryId("s1".into()), 2, &["Reuters".to_string()]).await.expect("save");
    let p = store.story_provenance(&StoryId("s1".into())).await.expect("provenance");
    assert_eq!((p.independent_sources, p.wires.as_slice()), (2, ["Reuters".to_string()].as_slice()));
    assert_eq!(p.copies, [(ArticleId("b".into()), ArticleId("a".into()))]);

    store.insert_clustered_article(&article("e", "herald", t3), &story("s3", 1, t3, t3)).await.expect("e");
    let line = Storyline {
        id: StoryId("s1".into()),
        name: "Valdoria · Kestrania".into(),
        stories: vec![StoryId("s1".into()), StoryId("s3".into())],
    };
    let single = Storyline { id: StoryId("s9".into()), name: "Gone".into(), stories: vec![] };
    store.replace_storylines(&[line, single]).await.expect("storylines");
    let listed =
        store.storylines(&StorylineQuery { limit: 10, offset: 0, min_stories: 2 }).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].name.as_str(), listed[0].story_count), ("Valdoria · Kestrania", 2));
    assert_eq!(listed[0].first_published, Some(time(t1)));
    let detail = store.storyline("s1").await.expect("one").expect("present");
    let ids: Vec<&str> = detail.stories.iter().map(|s| s.id.0.as_str()).collect();
    assert_eq!(ids, ["s1", "s3"]);
    let of = store.storyline_of(&StoryId("s3".into())).await.expect("of").expect("present");
    assert_eq!(of.id, "s1");
    assert!(store.storyline("nope").await.expect("none").is_none());
}
