//! Every route the server answers, and the layers around them (trace, timeout, gzip, security headers).

use crate::state::AppState;
use crate::{api, feeds, page_cache, web};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use newsdesk_store::Store;
use std::time::Duration;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// A request still unanswered after this long gets a 503: every page is a handful of indexed queries, so
/// this only trips on a wedged database, and it keeps a slow client from holding a worker forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Gzip level of responses: the fastest. At the default level deflate was ~9% of the server's CPU samples
/// while answering searches (perf), ~4% at the fastest, for slightly larger bodies (a few kB either way).
const COMPRESSION: CompressionLevel = CompressionLevel::Fastest;

/// Pages load only our own stylesheet and our own script file (keyboard shortcuts); no inline script or style,
/// no plugins, no framing, forms post only here, so an injected `<script>` or handler could not run anyway.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole application: JSON API under `/api/v1`, pages everywhere else.
pub fn router(store: Store) -> Router {
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/stories", get(api::get_stories))
        .route("/stories/{id}", get(api::get_story))
        .route("/stories/{id}/perspectives", get(api::get_story_perspectives))
        .route("/stories/{id}/timeline", get(api::entities::get_story_timeline))
        .route("/storylines", get(api::storylines::get_storylines))
        .route("/storylines/{id}", get(api::storylines::get_storyline))
        .route("/entities", get(api::entities::get_entities))
        .route("/entities/{id}", get(api::entities::get_entity))
        .route("/articles", get(api::get_articles))
        .route("/articles/{id}", get(api::get_article))
        .route("/search", get(api::search::search))
        .route(
            "/saved-searches",
            get(api::search::list_saved_searches).post(api::search::create_saved_search),
        )
        .route(
            "/saved-searches/{id}",
            get(api::search::get_saved_search).delete(api::search::delete_saved_search),
        )
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);

    // Front and story pages are the hot pages; see page_cache.rs.
    let page_cache = page_cache::PageCache::default();
    Router::new()
        .route(
            "/",
            get(web::front_page)
                .layer(middleware::from_fn_with_state(page_cache.clone(), page_cache::cached)),
        )
        .route(
            "/stories/{id}",
            get(web::story_page)
                .layer(middleware::from_fn_with_state(page_cache.clone(), page_cache::cached)),
        )
        .route("/articles/{id}", get(web::article_page))
        .route("/sources", get(web::sources_page))
        .route("/sources/{name}", get(web::source_page))
        .route("/storylines/{id}", get(web::storyline_page))
        .route("/entities/{id}", get(web::entity_page))
        .route("/search", get(web::search_page))
        .route("/static/style.css", get(web::stylesheet))
        .route("/static/keys.js", get(web::keys_script))
        .route("/feeds/top", get(feeds::top_stories))
        .route("/feeds/sources/{name}", get(feeds::source))
        .route("/feeds/storylines/{id}", get(feeds::storyline))
        .route("/feeds/searches/{id}", get(feeds::saved_search))
        .nest("/api/v1", api)
        .fallback(web::not_found)
        .with_state(AppState::new(store))
        .layer(middleware::from_fn(set_security_headers))
        .layer(CompressionLayer::new().quality(COMPRESSION))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
        .layer(TraceLayer::new_for_http())
}

/// Security headers on every response (harmless on JSON and CSS, essential on HTML).
async fn set_security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let pairs: [(HeaderName, &'static str); 4] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in pairs {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
