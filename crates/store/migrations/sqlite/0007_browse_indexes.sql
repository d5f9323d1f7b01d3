-- Front-page filters by outlet and by language ask "which stories have an article from these outlets / in
-- this language". Without these the question scanned every article row (bodies included): 0.3 s at 100k
-- articles; with them it is an index range scan of (value, story_id) pairs (10-30 ms).
CREATE INDEX IF NOT EXISTS articles_source_story ON articles (source, story_id);
CREATE INDEX IF NOT EXISTS articles_language_story ON articles (language, story_id);
