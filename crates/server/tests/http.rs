//! The real server over a real socket: the demo corpus imported by the pipeline into a temporary SQLite
//! store, the real router on 127.0.0.1:0, and a minimal HTTP/1.1 client written here (no client crate).

use newsdesk_pipeline::{ImportOptions, NoProgress, import_paths};
use newsdesk_store::Store;
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const DEMO_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/corpus");

#[tokio::test]
async fn pages_lead_from_front_page_to_story_to_marked_sentence() {
    let server = TestServer::start(&[PathBuf::from(DEMO_CORPUS)]).await;

    let front = server.get("/").await;
    assert_eq!(front.status, 200);
    assert!(front.header("content-type").is_some_and(|v| v.starts_with("text/html")));
    let html = front.text();
    assert!(html.contains("Bank of Valdoria cuts interest rate to 4%"), "known headline missing:\n{html}");
    assert!(html.contains("<html lang=\"en\">") && html.contains("<main") && html.contains("<nav"));
    assert!(html.contains(" articles · "), "coverage counts missing");

    let story_path = first_link(&html, "/stories/").expect("a story link on the front page");
    let story = server.get(&story_path).await;
    assert_eq!(story.status, 200, "{story_path}");
    let story_html = story.text();
    let sentence_link = first_link(&story_html, "/articles/").expect("summary links to articles");
    let (article_path, anchor) = sentence_link.split_once('#').expect("summary links carry a #s anchor");
    assert!(anchor.starts_with('s'), "{sentence_link}");

    let article = server.get(article_path).await;
    assert_eq!(article.status, 200, "{article_path}");
    let article_html = article.text();
    assert!(
        article_html.contains(&format!("<mark id=\"{anchor}\"")),
        "anchor {anchor} not marked in the reader"
    );
    assert!(article_html.contains("rel=\"noopener noreferrer nofollow\""));
    assert!(article_html.contains(&format!("href=\"{story_path}\"")), "reader links back to its story");

    let sources = server.get("/sources").await;
    assert_eq!(sources.status, 200);
    assert!(sources.text().contains("Kestranian News Agency"));

    let css = server.get("/static/style.css").await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").is_some_and(|v| v.starts_with("text/css")));
    assert!(css.text().contains("prefers-color-scheme: dark"));
    server.stop().await;
}

#[tokio::test]
async fn api_lists_details_and_errors() {
    let server = TestServer::start(&[PathBuf::from(DEMO_CORPUS)]).await;

    let list = server.get("/api/v1/stories").await;
    assert_eq!(list.status, 200);
    assert!(list.header("content-type").is_some_and(|v| v.starts_with("application/json")));
    let list = list.json();
    assert_eq!(list["limit"], 20);
    assert_eq!(list["offset"], 0);
    let total = list["total"].as_u64().expect("total");
    let items = list["items"].as_array().expect("items");
    assert!(total >= 5 && items.len() as u64 == total.min(20), "total {total}, {} items", items.len());
    for key in [
        "id",
        "headline",
        "summary",
        "article_count",
        "outlet_count",
        "outlets",
        "first_published",
        "last_published",
    ] {
        assert!(items[0].get(key).is_some(), "story lacks {key}: {}", items[0]);
    }
    let sentence = &items[0]["summary"][0];
    for key in ["text", "article_id", "outlet", "sentence_index", "start", "end"] {
        assert!(sentence.get(key).is_some(), "sentence lacks {key}: {sentence}");
    }
    assert!(sentence["outlet"].is_string(), "outlet of a summary sentence is known");

    let id = items[0]["id"].as_str().expect("id");
    let detail = server.get(&format!("/api/v1/stories/{id}")).await;
    assert_eq!(detail.status, 200);
    let detail = detail.json();
    assert_eq!(detail["headline"], items[0]["headline"]);
    let groups = detail["articles_by_outlet"].as_array().expect("articles_by_outlet");
    let grouped: usize = groups.iter().map(|g| g["articles"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(grouped as u64, detail["article_count"].as_u64().expect("article_count"));

    let page = server.get("/api/v1/articles?limit=2&offset=1").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(page["total"], 45);
    let article_id = page["items"][0]["id"].as_str().expect("article id");
    let article = server.get(&format!("/api/v1/articles/{article_id}")).await;
    assert_eq!(article.status, 200);
    assert!(article.json()["text"].as_str().is_some_and(|t| !t.is_empty()));

    let in_story = server.get(&format!("/api/v1/articles?story={id}")).await.json();
    assert_eq!(in_story["total"], detail["article_count"]);
    let capped = server.get("/api/v1/stories?limit=1000").await.json();
    assert_eq!(capped["limit"], 100);

    assert_error(&server, "/api/v1/stories/nope", 404, "not_found").await;
    assert_error(&server, "/api/v1/articles/nope", 404, "not_found").await;
    assert_error(&server, "/api/v1/no-such-route", 404, "not_found").await;
    assert_error(&server, "/api/v1/stories?limit=abc", 400, "invalid_parameter").await;
    assert_error(&server, "/api/v1/stories?limit=0", 400, "invalid_parameter").await;
    assert_error(&server, "/api/v1/articles?offset=-1", 400, "invalid_parameter").await;

    let health = server.get("/api/v1/health").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    server.stop().await;
}

#[tokio::test]
async fn story_perspectives_in_the_api_and_on_the_page() {
    let server = TestServer::start(&[PathBuf::from(DEMO_CORPUS)]).await;
    let stories = server.get("/api/v1/stories?limit=100").await.json();
    let items = stories["items"].as_array().expect("items");
    // The island-talks story: covered by outlets of both countries, with quotes copied by wire clients.
    let story = items
        .iter()
        .find(|s| {
            s["headline"].as_str().is_some_and(|h| h.contains("island talks") || h.contains("Calder Bay"))
        })
        .unwrap_or_else(|| panic!("island-talks story missing: {items:#?}"));
    let id = story["id"].as_str().expect("id");
    let response = server.get(&format!("/api/v1/stories/{id}/perspectives")).await;
    assert_eq!(response.status, 200);
    let p = response.json();
    assert_eq!(p["story_id"], id);
    assert_eq!(
        p["outlets"].as_array().expect("outlets").len() as u64,
        story["outlet_count"].as_u64().expect("count")
    );
    let groups = p["groups"].as_array().expect("groups");
    for facet in ["country", "ownership", "group"] {
        assert!(groups.iter().any(|g| g["facet"] == facet), "no {facet} group: {groups:#?}");
    }
    assert!(p["first"]["outlet"].is_string());
    let buckets = p["timeline"].as_array().expect("timeline");
    let total: u64 = buckets.iter().map(|b| b["articles"].as_u64().unwrap_or(0)).sum();
    assert_eq!(total, story["article_count"].as_u64().expect("article_count"));
    let quotes = p["quotes"].as_array().expect("quotes");
    let grange = quotes
        .iter()
        .find(|q| q["speaker"] == "Hollis Grange" && q["kind"] == "direct")
        .unwrap_or_else(|| panic!("Grange's quote missing: {quotes:#?}"));
    assert!(grange["outlets"].as_array().expect("outlets").len() >= 2, "{grange}");
    assert!(!p["unique"].as_array().expect("unique").is_empty());
    assert!(!p["terms"].as_array().expect("terms").is_empty());

    let page = server.get(&format!("/stories/{id}")).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    for section in ["Perspectives", "Coverage by group", "What each outlet adds", "Quotes", "Hollis Grange"] {
        assert!(html.contains(section), "story page lacks {section}");
    }
    assert_error(&server, "/api/v1/stories/nope/perspectives", 404, "not_found").await;
    server.stop().await;
}

#[tokio::test]
async fn responses_carry_security_headers_and_compress() {
    let server = TestServer::start(&[PathBuf::from(DEMO_CORPUS)]).await;
    for path in ["/", "/sources", "/stories/nope"] {
        let reply = server.get(path).await;
        assert_eq!(
            reply.header("content-security-policy"),
            Some(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            ),
            "{path}"
        );
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"), "{path}");
    }

    let missing = server.get("/stories/nope").await;
    assert_eq!(missing.status, 404);
    assert!(missing.header("content-type").is_some_and(|v| v.starts_with("text/html")));
    assert!(missing.text().contains("Page not found"));
    assert_eq!(server.get("/articles/nope").await.status, 404);
    assert_eq!(server.get("/no/such/page").await.status, 404);

    let gzipped = server.request("/", &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(gzipped.status, 200);
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    assert_eq!(gzipped.body.get(..2), Some(&[0x1f, 0x8b][..]), "gzip magic");
    server.stop().await;
}

#[tokio::test]
async fn hostile_article_markup_never_becomes_executable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("hostile.jsonl");
    std::fs::write(&file, HOSTILE_JSONL).expect("write hostile corpus");
    let server = TestServer::start(&[file]).await;

    let list = server.get("/api/v1/articles?source=Mischief%20Daily").await.json();
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "both hostile articles imported: {list}");
    for item in items {
        let id = item["id"].as_str().expect("id");
        let reader = server.get(&format!("/articles/{id}")).await;
        assert_eq!(reader.status, 200);
        let html = without_own_script(&reader.text().to_ascii_lowercase());
        assert!(!html.contains("<script"), "executable script in the reader:\n{html}");
        assert!(!html.contains("<img"), "injected image in the reader");
        assert!(html.contains("real paragraph text"), "the real text is shown");

        let api = server.get(&format!("/api/v1/articles/{id}")).await.json();
        if let Some(shown) = api["html"].as_str() {
            let shown = shown.to_ascii_lowercase();
            assert!(!shown.contains("<script") && !shown.contains("onerror"), "unsanitized html: {shown}");
        }
    }
    for path in ["/", "/sources"] {
        let html = without_own_script(&server.get(path).await.text().to_ascii_lowercase());
        assert!(!html.contains("<script"), "executable script on {path}");
    }
    server.stop().await;
}

/// The page minus the one script element it is meant to have (the keyboard shortcuts file).
fn without_own_script(html: &str) -> String {
    let own = r#"<script src="/static/keys.js" defer></script>"#;
    assert_eq!(html.matches(own).count(), 1, "the shortcuts script is linked once");
    html.replacen(own, "", 1)
}

const HOSTILE_JSONL: &str = concat!(
    r#"{"url": "https://mischief.example/one", "title": "Harbour <script>alert('t')</script> council vote", "#,
    r#""source": "Mischief Daily", "published": "2026-02-10T09:00:00Z", "author": "A. Nonymous", "#,
    r#""text": "<script>alert(1)</script> Real paragraph text about the harbour council, which voted on Tuesday to "#,
    r#"extend the ferry schedule through the winter months after a long debate.\n\nCouncillors said the extra "#,
    r#"sailings would cost the town about 40,000 crowns a year. <img src=x onerror=alert(2)> Residents had "#,
    r#"petitioned for the change since the autumn storms cut the island off for a week."}"#,
    "\n",
    r#"{"url": "https://mischief.example/two", "title": "Ferry operator welcomes winter timetable", "#,
    r#""source": "Mischief Daily", "published": "2026-02-10T12:00:00Z", "#,
    r#""html": "<html><head><title>Ferry operator welcomes winter timetable</title><script>alert(3)</script></head>"#,
    r#"<body><article><h1>Ferry operator welcomes winter timetable</h1><p>Real paragraph text from the ferry "#,
    r#"operator, which said on Tuesday it welcomed the council's decision to extend sailings through the winter."#,
    r#"<script>alert(4)</script></p><p onclick=\"steal()\">The operator said it would add two crew members and "#,
    r#"that the first extra sailing would leave the harbour on Monday morning. <img src=x onerror=alert(5)></p>"#,
    r#"<p>Passengers had complained for years that the island was cut off every winter.</p></article></body></html>"}"#,
    "\n"
);

#[tokio::test]
async fn entities_and_story_timelines_in_the_api() {
    let server = TestServer::start(&[PathBuf::from(DEMO_CORPUS)]).await;
    let people = server.get("/api/v1/entities?kind=per&limit=100").await.json();
    let people = people["items"].as_array().expect("items").clone();
    assert!(people.len() >= 3, "too few people: {people:?}");
    assert!(people.iter().all(|p| p["kind"] == "PER"));
    let counts: Vec<u64> = people.iter().map(|p| p["article_count"].as_u64().expect("count")).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most-named first: {counts:?}");
    // The most-named person has a page with stories, co-occurring entities; some person is quoted.
    let top = people[0]["id"].as_str().expect("id");
    let page = server.get(&format!("/api/v1/entities/{top}")).await;
    assert_eq!(page.status, 200);
    let page = page.json();
    assert!(!page["stories"].as_array().expect("stories").is_empty(), "{page}");
    assert!(!page["co_occurring"].as_array().expect("co").is_empty(), "{page}");
    let mut quoted = false;
    for p in people.iter().take(10) {
        let page = server.get(&format!("/api/v1/entities/{}", p["id"].as_str().expect("id"))).await.json();
        quoted |= !page["quotes_by"].as_array().expect("quotes_by").is_empty();
    }
    assert!(quoted, "no quotes by any of the top people");
    let found = server
        .get(&format!("/api/v1/entities?q={}", people[0]["name"].as_str().expect("name").replace(' ', "%20")))
        .await
        .json();
    assert!(found["items"].as_array().expect("items").iter().any(|e| e["id"] == top));
    assert_error(&server, "/api/v1/entities?kind=ANIMAL", 400, "invalid_parameter").await;
    assert_error(&server, "/api/v1/entities/nope", 404, "not_found").await;
    assert_error(&server, "/api/v1/stories/nope/timeline", 404, "not_found").await;

    // Some story has a dated timeline, ordered, every entry with its sources.
    let stories = server.get("/api/v1/stories?limit=100").await.json();
    let mut dated = 0;
    for story in stories["items"].as_array().expect("items") {
        let t = server.get(&format!("/api/v1/stories/{}/timeline", story["id"].as_str().expect("id"))).await;
        assert_eq!(t.status, 200);
        let entries = t.json()["entries"].as_array().expect("entries").clone();
        let starts: Vec<String> =
            entries.iter().map(|e| e["start"].as_str().expect("start").to_string()).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "ordered: {starts:?}");
        assert!(entries.iter().all(|e| !e["sources"].as_array().expect("sources").is_empty()));
        dated += usize::from(!entries.is_empty());
    }
    assert!(dated >= 3, "only {dated} stories have a timeline");
    server.stop().await;
}

#[tokio::test]
async fn storylines_copies_and_independent_sources_in_the_api() {
    let server = TestServer::start(&[PathBuf::from(DEMO_CORPUS)]).await;
    let lines = server.get("/api/v1/storylines").await.json();
    let lines = lines["items"].as_array().expect("items").clone();
    assert!(lines.iter().all(|l| l["story_count"].as_u64().expect("count") >= 2), "threads only: {lines:?}");
    // The demo's island dispute is three separate episodes in one thread.
    let islands = lines
        .iter()
        .find(|l| l["story_count"].as_u64() >= Some(3))
        .unwrap_or_else(|| panic!("no storyline of 3+ stories: {lines:?}"));
    let name = islands["name"].as_str().expect("name");
    assert!(!name.is_empty());
    for weekday in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] {
        assert!(!name.contains(weekday), "a weekday is not what a thread is about: {name}");
    }
    let id = islands["id"].as_str().expect("id");
    let detail = server.get(&format!("/api/v1/storylines/{id}")).await.json();
    let stories = detail["stories"].as_array().expect("stories").clone();
    assert_eq!(Some(stories.len() as u64), islands["story_count"].as_u64());
    let firsts: Vec<&str> = stories.iter().map(|s| s["first_published"].as_str().expect("first")).collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "oldest first: {firsts:?}");
    assert!(!detail["timeline"].as_array().expect("timeline").is_empty(), "{detail}");
    for story in &stories {
        let d = server.get(&format!("/api/v1/stories/{}", story["id"].as_str().expect("id"))).await.json();
        assert_eq!(d["storyline"]["id"], islands["id"], "the story names its thread");
    }

    // Wire copies count once: some story has fewer independent sources than outlets, and its copies are
    // articles of that story.
    let all = server.get("/api/v1/stories?limit=100").await.json();
    let mut folded = 0;
    for story in all["items"].as_array().expect("items") {
        let d = server.get(&format!("/api/v1/stories/{}", story["id"].as_str().expect("id"))).await.json();
        let independent = d["independent_sources"].as_u64().expect("independent");
        let outlets = d["outlet_count"].as_u64().expect("outlets");
        assert!((1..=outlets).contains(&independent), "{d}");
        let ids: Vec<&str> = d["articles_by_outlet"]
            .as_array()
            .expect("by outlet")
            .iter()
            .flat_map(|o| o["articles"].as_array().expect("articles"))
            .map(|a| a["id"].as_str().expect("id"))
            .collect();
        for copy in d["copies"].as_array().expect("copies") {
            assert!(ids.contains(&copy["article_id"].as_str().expect("copy")), "{d}");
            assert!(ids.contains(&copy["copy_of"].as_str().expect("original")), "{d}");
        }
        if independent < outlets {
            folded += 1;
        }
    }
    assert!(folded >= 1, "no story folded a wire copy");
    assert_error(&server, "/api/v1/storylines/nope", 404, "not_found").await;
    assert_error(&server, "/api/v1/storylines?min_stories=many", 400, "invalid_parameter").await;
}

#[tokio::test]
async fn materialised_story_pages_match_the_live_render() {
    let server = TestServer::start(&[PathBuf::from(DEMO_CORPUS)]).await;
    let list = server.get("/api/v1/stories?limit=100").await.json();
    let ids: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect();
    assert!(ids.len() >= 5, "{list}");
    // Rendered on request before the background materialiser has stored them (or from the store: the same).
    let mut before = Vec::new();
    for id in &ids {
        before.push(server.get(&format!("/stories/{id}")).await.text());
    }
    // Wait for the materialiser to store every page.
    let store = Store::open(server._dir.path()).await.expect("second handle on the store");
    let renderer = newsdesk_server::story_pages::renderer();
    for _ in 0..200 {
        if store.story_pages_due(1).await.expect("due").is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut with_storyline = 0;
    for (id, live) in ids.iter().zip(&before) {
        let stored =
            store.story_page(&newsdesk_model::StoryId(id.clone())).await.expect("page").expect("row");
        let html = stored.current(renderer).unwrap_or_else(|| panic!("{id} not materialised"));
        assert!(html.contains(newsdesk_server::story_pages::STORYLINE_SLOT));
        // A query string the page ignores gets past the page cache: this answer is the stored page.
        let served = server.get(&format!("/stories/{id}?after=materialised")).await.text();
        assert_eq!(&served, live, "{id}: the stored page differs from the live render");
        with_storyline += usize::from(served.contains("Part of the storyline"));
    }
    assert!(with_storyline >= 3, "the storyline link is filled in on stored pages");
    server.stop().await;
}

async fn assert_error(server: &TestServer, path: &str, status: u16, code: &str) {
    let reply = server.get(path).await;
    assert_eq!(reply.status, status, "{path}");
    assert!(reply.header("content-type").is_some_and(|v| v.starts_with("application/json")), "{path}");
    let body = reply.json();
    assert_eq!(body["error"]["code"], code, "{path}: {body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}: {body}");
}

/// The first `href="{prefix}..."` in a page.
fn first_link(html: &str, prefix: &str) -> Option<String> {
    let needle = format!("href=\"{prefix}");
    let start = html.find(&needle)? + "href=\"".len();
    let end = start + html[start..].find('"')?;
    Some(html[start..end].to_string())
}

/// The real server, on a temporary store filled by the pipeline, serving on an ephemeral port.
struct TestServer {
    addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<Result<(), newsdesk_server::Error>>,
    _dir: TempDir,
}

impl TestServer {
    async fn start(inputs: &[PathBuf]) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).await.expect("open store");
        let report =
            import_paths(&store, inputs, &ImportOptions::default(), &NoProgress).await.expect("import");
        assert!(report.problems.is_empty(), "import problems: {:?}", report.problems);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("local addr");
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(newsdesk_server::serve_listener(store, listener, async {
            let _ = stopped.await;
        }));
        TestServer { addr, shutdown, task, _dir: dir }
    }

    async fn get(&self, path: &str) -> Reply {
        self.request(path, &[]).await
    }

    /// One GET on a fresh connection (`Connection: close`, so the body ends at EOF).
    async fn request(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = TcpStream::connect(self.addr).await.expect("connect");
        let mut request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).await.expect("send request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read response");
        Reply::parse(&raw)
    }

    /// Graceful shutdown: the serve future must return Ok once signalled.
    async fn stop(self) {
        self.shutdown.send(()).expect("server still running");
        let result = self.task.await.expect("server task");
        assert!(result.is_ok(), "serve returned {result:?}");
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().expect("status line");
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status code");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
            body = dechunk(&body);
        }
        Reply { status, headers, body }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", self.text()))
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
        let size_text = String::from_utf8_lossy(&raw[..line_end]).to_string();
        let size =
            usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16).expect("chunk size");
        raw = &raw[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}
