-- The publisher's RSS <skipHours> per subscription (comma-separated UTC hours, '' = none), kept so that a
-- 304 Not Modified poll, which carries no feed body, still schedules around them.
ALTER TABLE subscriptions ADD COLUMN skip_hours TEXT NOT NULL DEFAULT '';
