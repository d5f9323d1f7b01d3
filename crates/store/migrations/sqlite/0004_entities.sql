-- Canonical entities across the store: one row per (kind, canonical name). `id` is a hash of both, so the
-- same person named the same way in two articles is one row. Titles, aliases and variants are JSON lists,
-- the union over the articles that name it.
CREATE TABLE entities (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    titles         TEXT NOT NULL DEFAULT '[]',
    aliases        TEXT NOT NULL DEFAULT '[]',
    variants       TEXT NOT NULL DEFAULT '[]',
    article_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_kind_count ON entities (kind, article_count);
CREATE INDEX entities_count ON entities (article_count);
CREATE INDEX entities_name ON entities (name COLLATE NOCASE);

-- Which entities an article names: how often and where first (byte offset in the body).
CREATE TABLE article_entities (
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id     TEXT NOT NULL REFERENCES entities (id),
    mentions      INTEGER NOT NULL,
    first_offset  INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_id);

-- Dated events of an article: one per (sentence, date), the date as an ISO day with its precision
-- (day, week, month, year), `until` for ranges, the source sentence as the description.
CREATE TABLE article_events (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    date            TEXT NOT NULL,
    precision       TEXT NOT NULL,
    until           TEXT,
    until_precision TEXT,
    in_title        INTEGER NOT NULL,
    sentence_start  INTEGER NOT NULL,
    description     TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE INDEX article_events_date ON article_events (date);

-- The date of the article's main event (title or lead, else the publish day), ISO day + precision.
ALTER TABLE articles ADD COLUMN main_date TEXT;
ALTER TABLE articles ADD COLUMN main_date_precision TEXT;
