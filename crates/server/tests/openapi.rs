//! The OpenAPI document matches the router: every `/api/v1` route registered in `router.rs` (with each of its
//! methods) is documented, and every documented route answers on a live server (no fallback 404, no 405).

use newsdesk_store::Store;
use serde_json::Value;
use std::collections::BTreeSet;

const ROUTER_RS: &str = include_str!("../src/router.rs");
const OPENAPI: &str = include_str!("../src/api/openapi.json");
const METHODS: &[&str] = &["get", "post", "put", "delete", "patch"];

/// (path, method) of every route in the `let api = Router::new() ... ;` block of router.rs.
fn routed() -> BTreeSet<(String, String)> {
    let start = ROUTER_RS.find("let api = Router::new()").expect("the api block in router.rs");
    let block = &ROUTER_RS[start..];
    let block = &block[..block.find(';').expect("end of the api block")];
    let mut routes = BTreeSet::new();
    let mut rest = block;
    while let Some(at) = rest.find(".route(") {
        let call = &rest[at + ".route(".len()..];
        // The argument list up to the matching parenthesis.
        let mut depth = 1;
        let mut end = 0;
        for (i, c) in call.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = i;
                break;
            }
        }
        let args = &call[..end];
        let path = args.split('"').nth(1).expect("a literal path").to_string();
        let handlers = &args[args.find(',').expect("a handler")..];
        for method in METHODS {
            let mut search = handlers;
            while let Some(i) = search.find(&format!("{method}(")) {
                let before = search[..i].chars().last();
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    routes.insert((path.clone(), method.to_string()));
                }
                search = &search[i + method.len()..];
            }
        }
        rest = &call[end..];
    }
    routes
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(*method).is_some() {
                out.insert((path.clone(), method.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_router_route_is_documented_and_every_path_parameter_declared() {
    let doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json is JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    let routes = routed();
    assert!(routes.len() >= 10, "parsed too few routes from router.rs: {routes:?}");
    assert!(routes.contains(&("/search".into(), "get".into())));
    assert!(routes.contains(&("/saved-searches".into(), "post".into())));
    let documented = documented(&doc);
    let missing: Vec<_> = routes.difference(&documented).collect();
    assert!(missing.is_empty(), "routes missing from api/openapi.json: {missing:?}");
    let extra: Vec<_> = documented.difference(&routes).collect();
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");

    // Every `{param}` of a path is declared as a path parameter of each operation; every $ref resolves.
    for (path, method) in &documented {
        let op = &doc["paths"][path][method];
        let declared: Vec<String> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| resolve(&doc, p))
                    .filter(|p| p["in"] == "path")
                    .map(|p| p["name"].as_str().expect("parameter name").to_string())
                    .collect()
            })
            .unwrap_or_default();
        for param in path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))) {
            assert!(
                declared.iter().any(|d| d == param),
                "{method} {path}: path parameter {param} not declared"
            );
        }
        assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}: no responses");
    }
    check_refs(&doc, &doc);
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("unresolved $ref {r}")),
        None => value,
    }
}

fn check_refs(doc: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                assert!(doc.pointer(r.trim_start_matches('#')).is_some(), "unresolved $ref {r}");
            }
            map.values().for_each(|v| check_refs(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| check_refs(doc, v)),
        _ => {}
    }
}

#[tokio::test]
async fn every_documented_route_answers_and_the_document_is_served() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).await.expect("store");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(newsdesk_server::serve_listener(store, listener, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let base = format!("http://{addr}/api/v1");

    let served: Value =
        client.get(format!("{base}/openapi.json")).send().await.expect("get").json().await.expect("json");
    let doc: Value = serde_json::from_str(OPENAPI).expect("json");
    assert_eq!(served, doc);

    for (path, method) in documented(&doc) {
        let concrete: String = path
            .split('/')
            .map(|s| if s.starts_with('{') { "no-such-id" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let url = format!("{base}{concrete}");
        let request = match method.as_str() {
            "get" => client.get(&url),
            "post" => client.post(&url).json(&serde_json::json!({"query": "harbour strike"})),
            "delete" => client.delete(&url),
            "put" => client.put(&url),
            _ => client.patch(&url),
        };
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        assert_ne!(status, 405, "{method} {path} is documented but not routed");
        assert!(
            !body.contains("API route not found"),
            "{method} {path} fell through to the fallback: {body}"
        );
    }
    let _ = stop.send(());
    server.await.expect("join").expect("serve");
}
