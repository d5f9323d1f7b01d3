-- Feed subscriptions: which feed URLs are polled for which outlet, with HTTP cache validators, health and
-- schedule. One outlet can have several feeds. Times are unix seconds (UTC).
CREATE TABLE subscriptions (
    feed_url       TEXT PRIMARY KEY,
    source         TEXT NOT NULL,
    title          TEXT,
    site_url       TEXT,
    category       TEXT,
    etag           TEXT,
    last_modified  TEXT,
    last_error     TEXT,
    failures       INTEGER NOT NULL DEFAULT 0,
    last_fetched   INTEGER,
    last_success   INTEGER,
    next_poll      INTEGER NOT NULL DEFAULT 0,
    interval_secs  INTEGER NOT NULL DEFAULT 3600,
    disabled       INTEGER NOT NULL DEFAULT 0,
    added_at       INTEGER NOT NULL
);
CREATE INDEX subscriptions_due ON subscriptions (next_poll) WHERE disabled = 0;

-- Extra identity keys of fetched articles (feed GUID besides the canonical URL), so a re-published item with
-- a changed link or a changed GUID still finds its article.
CREATE TABLE article_keys (
    key         TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_keys_article ON article_keys (article_id);
