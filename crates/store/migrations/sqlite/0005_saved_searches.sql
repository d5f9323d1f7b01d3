-- Saved searches: a name and the search-box text (filters included), served as Atom feeds.
CREATE TABLE saved_searches (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX saved_searches_created ON saved_searches (created_at);
