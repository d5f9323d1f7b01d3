//! Search API, saved searches and Atom feeds over a real server: the demo corpus imported by the pipeline
//! (which indexes it), the real router on 127.0.0.1:0, reqwest as the client, feed-rs parsing the feeds back.

use newsdesk_pipeline::{ImportOptions, NoProgress, import_paths};
use newsdesk_store::Store;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;

const DEMO_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/corpus");

struct Server {
    addr: SocketAddr,
    client: reqwest::Client,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), newsdesk_server::Error>>,
    _dir: TempDir,
}

impl Server {
    async fn start(dir: TempDir, store: Store) -> Server {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(newsdesk_server::serve_listener(store, listener, async {
            let _ = stopped.await;
        }));
        Server { addr, client: reqwest::Client::new(), stop, task, _dir: dir }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response = self.client.get(format!("http://{}{path}", self.addr)).send().await.expect("get");
        (response.status().as_u16(), response.text().await.expect("body"))
    }

    async fn json(&self, path: &str) -> (u16, Value) {
        let (status, body) = self.get(path).await;
        (status, serde_json::from_str(&body).unwrap_or_else(|_| panic!("{path}: not JSON: {body}")))
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.expect("join").expect("serve");
    }
}

async fn demo_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).await.expect("store");
    import_paths(&store, &[PathBuf::from(DEMO_CORPUS)], &ImportOptions::default(), &NoProgress)
        .await
        .expect("import");
    (dir, store)
}

fn atom(body: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("not a feed ({e}):\n{body}"))
}

#[tokio::test]
async fn search_api_ranks_groups_filters_and_validates() {
    let (dir, store) = demo_store().await;
    let server = Server::start(dir, store).await;

    let (status, body) = server.json("/api/v1/search?q=trawler%20seized").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["group"], "stories");
    let stories = body["stories"].as_array().expect("stories");
    assert!(!stories.is_empty());
    let first = &stories[0]["hits"][0];
    assert!(first["title"].as_str().expect("title").to_lowercase().contains("trawler"), "{first}");
    assert!(first["snippet_html"].as_str().expect("snippet").contains("<mark>"), "{first}");
    // Grouped: no story appears twice.
    let ids: Vec<&str> = stories.iter().filter_map(|s| s["story_id"].as_str()).collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());

    let (status, body) = server.json("/api/v1/search?q=rate&group=articles&outlet=VBC%20News&limit=5").await;
    assert_eq!(status, 200, "{body}");
    let articles = body["articles"].as_array().expect("articles");
    assert!(!articles.is_empty());
    assert!(articles.iter().all(|a| a["outlet"] == "VBC News"), "{articles:?}");

    let (_, phrase) = server.json("/api/v1/search?q=%22Morning%20Gull%22&group=articles").await;
    let (_, date) = server
        .json("/api/v1/search?q=%22Morning%20Gull%22&group=articles&from=2026-04-15&to=2026-04-30")
        .await;
    let (all, later) =
        (phrase["total_articles"].as_u64().expect("n"), date["total_articles"].as_u64().expect("n"));
    assert!(all > later && later > 0, "date filter: {all} vs {later}");

    for bad in [
        "/api/v1/search?q=x&limit=0",
        "/api/v1/search?q=x&from=yesterday",
        "/api/v1/search?q=x&group=y",
        "/api/v1/search?q=",
    ] {
        let (status, body) = server.json(bad).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_parameter")),
            "{bad}: {body}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn saved_searches_and_atom_feeds_parse_back() {
    let (dir, store) = demo_store().await;
    let stories = store.story_count().await.expect("count");
    let server = Server::start(dir, store).await;
    let base = format!("http://{}", server.addr);

    let (status, top) = server.get("/feeds/top").await;
    assert_eq!(status, 200);
    let feed = atom(&top);
    assert_eq!(feed.entries.len() as i64, stories.min(30));
    for entry in &feed.entries {
        assert!(entry.id.starts_with("urn:newsdesk:story:"));
        assert!(entry.title.as_ref().is_some_and(|t| !t.content.is_empty()));
        assert!(entry.summary.as_ref().is_some_and(|s| s.content.len() > 20), "entry without summary");
        assert!(entry.links.iter().any(|l| l.href.starts_with(&format!("{base}/stories/"))));
    }

    let (status, source) = server.get("/feeds/sources/VBC%20News").await;
    assert_eq!(status, 200);
    let feed = atom(&source);
    assert!(!feed.entries.is_empty());
    assert!(feed.entries.iter().all(|e| e.categories.iter().any(|c| c.term == "VBC News")));
    assert_eq!(server.get("/feeds/sources/Nobody").await.0, 404);
    assert_eq!(server.get("/feeds/storylines/no-such-line").await.0, 404);

    let created = server
        .client
        .post(format!("{base}/api/v1/saved-searches"))
        .json(&json!({"name": "Port strike", "query": "dockworkers strike after:2026-07-01"}))
        .send()
        .await
        .expect("post");
    assert_eq!(created.status().as_u16(), 201);
    let saved: Value = created.json().await.expect("json");
    let id = saved["id"].as_str().expect("id").to_string();
    let (_, list) = server.json("/api/v1/saved-searches").await;
    assert!(list["items"].as_array().expect("items").iter().any(|s| s["id"] == id.as_str()));

    let (status, body) = server.get(&format!("/feeds/searches/{id}")).await;
    assert_eq!(status, 200, "{body}");
    let feed = atom(&body);
    assert!(feed.title.as_ref().is_some_and(|t| t.content.contains("Port strike")));
    assert!(!feed.entries.is_empty());
    assert!(
        feed.entries.iter().any(|e| e.title.as_ref().is_some_and(|t| t.content.contains("trike"))),
        "no strike story in the saved search feed"
    );

    let bad = server
        .client
        .post(format!("{base}/api/v1/saved-searches"))
        .json(&json!({"name": "nothing"}))
        .send()
        .await
        .expect("post");
    assert_eq!(bad.status().as_u16(), 400);
    let deleted =
        server.client.delete(format!("{base}/api/v1/saved-searches/{id}")).send().await.expect("delete");
    assert_eq!(deleted.status().as_u16(), 204);
    assert_eq!(server.get(&format!("/feeds/searches/{id}")).await.0, 404);
    server.stop().await;
}

#[tokio::test]
async fn a_corrupt_index_breaks_only_search_until_reindex() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join(newsdesk_search::INDEX_DIR);
    std::fs::create_dir_all(&index).expect("mkdir");
    std::fs::write(index.join("meta.json"), "{ this is not an index").expect("write");
    let store = Store::open(dir.path()).await.expect("store");
    // The import stores everything even though indexing fails.
    let report = import_paths(&store, &[PathBuf::from(DEMO_CORPUS)], &ImportOptions::default(), &NoProgress)
        .await
        .expect("import despite the broken index");
    assert!(report.added > 20);
    let server = Server::start(dir, store.clone()).await;
    assert_eq!(server.get("/").await.0, 200);
    assert_eq!(server.json("/api/v1/stories").await.0, 200);
    let (status, body) = server.json("/api/v1/search?q=trawler").await;
    assert_eq!((status, body["error"]["code"].as_str()), (503, Some("unavailable")), "{body}");

    let indexed = newsdesk_pipeline::reindex(&store, |_| {}).await.expect("reindex");
    assert_eq!(indexed as i64, store.article_count().await.expect("count"));
    let (status, body) = server.json("/api/v1/search?q=trawler").await;
    assert_eq!(status, 200, "search works again after reindex: {body}");
    assert!(body["total_articles"].as_u64().expect("n") > 0);
    server.stop().await;
}

#[tokio::test]
async fn story_and_article_lists_filter_by_outlet_group_language_and_dates() {
    let (dir, store) = demo_store().await;
    let server = Server::start(dir, store).await;
    let state_media = ["Kestranian News Agency", "Voice of Kestrania"];

    let (status, body) = server.json("/api/v1/stories?group=kestranian-state-media&limit=100").await;
    assert_eq!(status, 200, "{body}");
    let items = body["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert_eq!(body["total"].as_u64(), Some(items.len() as u64));
    for story in items {
        let outlets = story["outlets"].as_array().expect("outlets");
        assert!(outlets.iter().any(|o| state_media.contains(&o.as_str().unwrap_or(""))), "{story}");
    }
    let (_, all) = server.json("/api/v1/stories?limit=100").await;
    assert!(all["total"].as_u64() > body["total"].as_u64());

    let (status, body) =
        server.json("/api/v1/articles?outlet=VBC%20News&from=2026-07-01&to=2026-12-31&limit=100").await;
    assert_eq!(status, 200, "{body}");
    let items = body["items"].as_array().expect("items");
    assert!(!items.is_empty());
    for article in items {
        assert_eq!(article["outlet"], "VBC News");
        assert!(article["published"].as_str().expect("published") >= "2026-07-01", "{article}");
    }
    let (_, english) = server.json("/api/v1/articles?lang=en&limit=1").await;
    let (_, none) = server.json("/api/v1/articles?lang=xx&limit=1").await;
    assert!(english["total"].as_u64() > Some(20));
    assert_eq!(none["total"].as_u64(), Some(0));

    let (status, body) = server.json("/api/v1/articles?from=last-week").await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_parameter")));
    server.stop().await;
}
