-- Outlets. `name` is the identity; metadata is what perspective features group by.
CREATE TABLE sources (
    name       TEXT PRIMARY KEY,
    homepage   TEXT,
    country    TEXT,
    language   TEXT,
    ownership  TEXT NOT NULL DEFAULT 'unknown',
    groups     TEXT NOT NULL DEFAULT '[]'
);

-- Clean articles. `identity_key` (canonical URL, GUID or content hash) makes re-import idempotent.
-- Times are unix seconds (UTC).
CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    identity_key  TEXT NOT NULL UNIQUE,
    origin        TEXT NOT NULL,
    url           TEXT,
    title         TEXT NOT NULL,
    byline        TEXT,
    published     INTEGER,
    seen_at       INTEGER NOT NULL,
    sort_time     INTEGER NOT NULL,
    source        TEXT NOT NULL,
    language      TEXT,
    body          TEXT NOT NULL,
    html          TEXT,
    truncated     INTEGER NOT NULL,
    content_hash  INTEGER NOT NULL,
    summary       TEXT NOT NULL,
    terms         TEXT NOT NULL,
    story_id      TEXT
);
CREATE INDEX articles_story ON articles (story_id, sort_time);
CREATE INDEX articles_time ON articles (sort_time);
CREATE INDEX articles_hash ON articles (content_hash);

-- Stories: the clustering profile (summed term counts) plus what readers see.
CREATE TABLE stories (
    id             TEXT PRIMARY KEY,
    headline       TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '[]',
    outlets        TEXT NOT NULL DEFAULT '[]',
    article_count  INTEGER NOT NULL,
    first_time     INTEGER,
    last_time      INTEGER,
    terms          TEXT NOT NULL,
    dirty          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX stories_last ON stories (last_time);
CREATE INDEX stories_dirty ON stories (dirty) WHERE dirty = 1;

-- Document frequencies of clustering terms, updated in the same transaction as each article.
CREATE TABLE term_df (
    term  TEXT PRIMARY KEY,
    df    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('doc_count', 0);
