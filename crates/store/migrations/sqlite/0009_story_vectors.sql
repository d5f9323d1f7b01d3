-- Sentence vectors for clustering (issue 5): each story's sum of its articles' unit-length sentence vectors
-- (f32, little-endian, 384 values for all-MiniLM-L6-v2), saved with the story's term profile in the same
-- transaction as each article insert, so a resumed import restores the clusterer exactly. NULL when the
-- story has an article clustered without a vector (no model installed): the clusterer then scores that
-- story by its terms alone.
ALTER TABLE stories ADD COLUMN vector BLOB;
