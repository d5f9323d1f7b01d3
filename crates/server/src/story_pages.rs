//! Materialised story pages: the server renders each story's page when the story changes and keeps it in
//! the store (migration 0008), so serving a story page is one single-row read.
//!
//! The store's triggers count every change to what a page shows (`story_pages.revision`); the materialiser
//! ([`run_materialiser`], started by [`crate::serve_listener`]) renders the pages that are not current and
//! saves each with the revision it started from, so a change landing mid-render leaves the page queued,
//! never wrongly current. A request for a page that is not current renders it itself (the old path), so a
//! page is never stale: the materialiser only moves work off the request path. The storyline link is filled
//! in at read time ([`fill_storyline`]): storylines are rebuilt wholesale after every import, and making
//! them part of the stored page would re-render every page after every import.

use crate::AppState;
use std::sync::OnceLock;
use std::time::Duration;

/// Where the storyline link goes in a stored page (an HTML comment: text from articles is escaped, so it
/// can never produce this).
pub const STORYLINE_SLOT: &str = "<!--storyline-->";

/// Bump when the story page's Rust-side rendering changes (views, formatting), so stored pages made by the
/// previous build are rendered again. Template edits are noticed by themselves (see [`renderer`]).
const PAGE_FORMAT: u32 = 1;

/// Pages rendered per round before the materialiser yields (and re-reads its work list).
const ROUND: u32 = 32;
/// Pause when every page is current.
const IDLE: Duration = Duration::from_millis(500);
/// Pause after a failed round (a locked or broken database), so it does not spin.
const AFTER_ERROR: Duration = Duration::from_secs(5);

/// The templates a story page is made of: a change to any of them makes stored pages outdated.
const TEMPLATES: [&str; 5] = [
    include_str!("../templates/base.html"),
    include_str!("../templates/story.html"),
    include_str!("../templates/entities.html"),
    include_str!("../templates/timeline.html"),
    include_str!("../templates/chart.html"),
];

/// This build's story page renderer: crate version, [`PAGE_FORMAT`] and a hash of the templates.
pub fn renderer() -> &'static str {
    static RENDERER: OnceLock<String> = OnceLock::new();
    RENDERER.get_or_init(|| {
        // FNV-1a over the templates: stable across builds and platforms (unlike std's hasher).
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in TEMPLATES.iter().flat_map(|t| t.bytes().chain([0])) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{}/{PAGE_FORMAT}/{hash:016x}", env!("CARGO_PKG_VERSION"))
    })
}

/// The page with its storyline link (only for a storyline of more than one story) in place of the slot.
pub fn fill_storyline(html: &str, storyline: Option<&(String, String, usize)>) -> String {
    let link = match storyline {
        Some((id, name, count)) if *count > 1 => format!(
            r#"<p class="storyline-link">Part of the storyline <a href="/storylines/{}">{}</a></p>"#,
            crate::web::format::path_segment(id),
            newsdesk_search::escape(name)
        ),
        _ => String::new(),
    };
    html.replacen(STORYLINE_SLOT, &link, 1)
}

/// Render and store up to `limit` pages that are not current; returns how many were stored.
pub async fn materialise(state: &AppState, limit: u32) -> Result<usize, crate::Error> {
    let due = state.store.story_pages_due(limit).await?;
    let mut stored = 0;
    for (id, revision) in due {
        if let Some(html) = crate::web::story_html(state, &id).await? {
            state.store.save_story_page(&id, revision, renderer(), &html).await?;
            stored += 1;
        }
        tokio::task::yield_now().await;
    }
    Ok(stored)
}

/// Render every page that is not current (a store made without a server running, or after an upgrade);
/// returns how many were stored.
pub async fn materialise_all(state: &AppState) -> Result<usize, crate::Error> {
    state.store.requeue_story_pages(renderer()).await?;
    let mut total = 0;
    loop {
        let n = materialise(state, ROUND * 8).await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

/// The background materialiser: keeps stored story pages current while the server runs.
pub async fn run_materialiser(state: AppState) {
    match state.store.requeue_story_pages(renderer()).await {
        Ok(n) if n > 0 => tracing::info!(pages = n, "story pages from another build queued for rendering"),
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "cannot queue outdated story pages"),
    }
    loop {
        match materialise(&state, ROUND).await {
            Ok(0) => tokio::time::sleep(IDLE).await,
            Ok(_) => tokio::task::yield_now().await,
            Err(error) => {
                tracing::warn!(%error, "story page materialiser");
                tokio::time::sleep(AFTER_ERROR).await;
            }
        }
    }
}
