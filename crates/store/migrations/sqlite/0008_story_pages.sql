-- Materialised story pages (issue 7's load bar): the rendered page of each story, so serving one is a
-- single-row read instead of a dozen queries and the perspectives computation.
--
-- `revision` counts changes to anything the page shows (the story row, its articles, their entities and
-- dated events, the outlets' metadata); triggers below bump it, so every writer (import, fetch, merges,
-- re-summarising) invalidates the page without knowing about it. `built` is the revision the stored `html`
-- was rendered from: the page is current when built = revision (the server's materialiser renders it from
-- a snapshot of revision r and stores it with built = r, so a change that lands while it renders leaves the
-- page stale, never wrongly current). `built_with` names the renderer (template version): a page rendered
-- by another build is not used. Storylines are not part of the stored page (they are rebuilt wholesale
-- after each import): the server fills them in at read time.
CREATE TABLE story_pages (
    story_id    TEXT PRIMARY KEY,
    revision    INTEGER NOT NULL DEFAULT 1,
    built       INTEGER NOT NULL DEFAULT 0,
    built_with  TEXT,
    html        TEXT
);
-- The materialiser's work list: pages not current.
CREATE INDEX story_pages_todo ON story_pages (story_id) WHERE built != revision;

INSERT INTO story_pages (story_id) SELECT id FROM stories;

CREATE TRIGGER story_pages_story_insert AFTER INSERT ON stories BEGIN
    INSERT INTO story_pages (story_id) VALUES (NEW.id)
        ON CONFLICT (story_id) DO UPDATE SET revision = revision + 1;
END;
CREATE TRIGGER story_pages_story_update AFTER UPDATE ON stories BEGIN
    UPDATE story_pages SET revision = revision + 1 WHERE story_id = NEW.id;
END;
CREATE TRIGGER story_pages_story_delete AFTER DELETE ON stories BEGIN
    DELETE FROM story_pages WHERE story_id = OLD.id;
END;

CREATE TRIGGER story_pages_article_insert AFTER INSERT ON articles WHEN NEW.story_id IS NOT NULL BEGIN
    UPDATE story_pages SET revision = revision + 1 WHERE story_id = NEW.story_id;
END;
CREATE TRIGGER story_pages_article_update AFTER UPDATE ON articles BEGIN
    UPDATE story_pages SET revision = revision + 1 WHERE story_id IN (OLD.story_id, NEW.story_id);
END;
CREATE TRIGGER story_pages_article_delete AFTER DELETE ON articles WHEN OLD.story_id IS NOT NULL BEGIN
    UPDATE story_pages SET revision = revision + 1 WHERE story_id = OLD.story_id;
END;

CREATE TRIGGER story_pages_entity_insert AFTER INSERT ON article_entities BEGIN
    UPDATE story_pages SET revision = revision + 1
        WHERE story_id = (SELECT story_id FROM articles WHERE id = NEW.article_id);
END;
CREATE TRIGGER story_pages_entity_delete AFTER DELETE ON article_entities BEGIN
    UPDATE story_pages SET revision = revision + 1
        WHERE story_id = (SELECT story_id FROM articles WHERE id = OLD.article_id);
END;
CREATE TRIGGER story_pages_entity_update AFTER UPDATE ON article_entities BEGIN
    UPDATE story_pages SET revision = revision + 1
        WHERE story_id = (SELECT story_id FROM articles WHERE id = NEW.article_id);
END;
CREATE TRIGGER story_pages_entity_rename AFTER UPDATE OF name, kind ON entities
    WHEN OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind BEGIN
    UPDATE story_pages SET revision = revision + 1 WHERE story_id IN (
        SELECT a.story_id FROM article_entities ae JOIN articles a ON a.id = ae.article_id
        WHERE ae.entity_id = NEW.id);
END;
CREATE TRIGGER story_pages_event_insert AFTER INSERT ON article_events BEGIN
    UPDATE story_pages SET revision = revision + 1
        WHERE story_id = (SELECT story_id FROM articles WHERE id = NEW.article_id);
END;
CREATE TRIGGER story_pages_event_delete AFTER DELETE ON article_events BEGIN
    UPDATE story_pages SET revision = revision + 1
        WHERE story_id = (SELECT story_id FROM articles WHERE id = OLD.article_id);
END;

-- Outlet metadata (groups, country, ownership) shapes every page's coverage bars and perspectives. New or
-- changed outlets are rare; they re-render everything in the background.
-- A new outlet without groups changes only the pages of its own stories (bumped by its articles).
CREATE TRIGGER story_pages_source_insert AFTER INSERT ON sources WHEN NEW.groups IS NOT '[]' BEGIN
    UPDATE story_pages SET revision = revision + 1;
END;
CREATE TRIGGER story_pages_source_update AFTER UPDATE ON sources
    WHEN OLD.homepage IS NOT NEW.homepage OR OLD.country IS NOT NEW.country
      OR OLD.language IS NOT NEW.language OR OLD.ownership IS NOT NEW.ownership
      OR OLD.groups IS NOT NEW.groups BEGIN
    UPDATE story_pages SET revision = revision + 1;
END;
CREATE TRIGGER story_pages_source_delete AFTER DELETE ON sources BEGIN
    UPDATE story_pages SET revision = revision + 1;
END;
