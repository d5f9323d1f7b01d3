-- Near-duplicates, story merges and storylines (issue 5).

-- MinHash fingerprint of an article's text (128 little-endian u32; NULL when the text is too short to
-- fingerprint), the earliest article of its copy group (NULL for an original) and the wire agency its
-- text credits ("Reuters"), when recognisable.
ALTER TABLE articles ADD COLUMN fingerprint BLOB;
ALTER TABLE articles ADD COLUMN copy_of TEXT;
ALTER TABLE articles ADD COLUMN wire TEXT;
CREATE INDEX articles_copy_of ON articles (copy_of) WHERE copy_of IS NOT NULL;

-- Independent sources of a story (copies of one wire text counted once) and the wires it carries.
ALTER TABLE stories ADD COLUMN independent_sources INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN wires TEXT NOT NULL DEFAULT '[]';

-- A story absorbed into another when a bridging article showed they were one event. `old_id` redirects.
CREATE TABLE story_merges (
    old_id          TEXT PRIMARY KEY,
    into_id         TEXT NOT NULL,
    bridge_article  TEXT,
    merged_at       INTEGER NOT NULL
);

-- Storylines: long-running threads of stories. `id` is the id of its earliest story (stable as stories
-- join); rebuilt after each import.
CREATE TABLE storylines (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    story_count  INTEGER NOT NULL,
    first_time   INTEGER,
    last_time    INTEGER
);
CREATE TABLE storyline_stories (
    story_id      TEXT PRIMARY KEY,
    storyline_id  TEXT NOT NULL,
    position      INTEGER NOT NULL
);
CREATE INDEX storyline_stories_line ON storyline_stories (storyline_id, position);
