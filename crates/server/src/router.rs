//! Every route the server answers, and the layers around them (trace, timeout, gzip, security headers).

use crate::{api, web};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use newsdesk_store::Store;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// A request still unanswered after this long gets a 503: every page is a handful of indexed queries, so
/// this only trips on a wedged database, and it keeps a slow client from holding a worker forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Pages load only our own stylesheet; no scripts at all, so an injected `<script>` could not run anyway.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'";

/// The whole application: JSON API under `/api/v1`, pages everywhere else.
pub fn router(store: Store) -> Router {
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/stories", get(api::get_stories))
        .route("/stories/{id}", get(api::get_story))
        .route("/stories/{id}/perspectives", get(api::get_story_perspectives))
        .route("/articles", get(api::get_articles))
        .route("/articles/{id}", get(api::get_article))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);

    Router::new()
        .route("/", get(web::front_page))
        .route("/stories/{id}", get(web::story_page))
        .route("/articles/{id}", get(web::article_page))
        .route("/sources", get(web::sources_page))
        .route("/static/style.css", get(web::stylesheet))
        .nest("/api/v1", api)
        .fallback(web::not_found)
        .with_state(store)
        .layer(middleware::from_fn(set_security_headers))
        .layer(CompressionLayer::new())
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
