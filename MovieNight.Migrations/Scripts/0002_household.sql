-- Household profiles: users.pin now holds a PasswordHasher hash, never the PIN itself.
ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1;
-- Wrong PINs in a row since the last success or lock, and how many locks in a row (the lock doubles).
ALTER TABLE users ADD COLUMN failed_pin_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN lockout_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
-- Changes whenever a PIN is reset or a member is deactivated, so older sign-in cookies stop working.
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';

-- The old app's nomination id (a timestamp string, or the bot's TMDB id) and IMDb id.
ALTER TABLE nominations ADD COLUMN imdb_id TEXT;
ALTER TABLE nominations ADD COLUMN legacy_id TEXT;
CREATE INDEX ix_nominations_week ON nominations(week);
CREATE INDEX ix_votes_week_user ON votes(week, user_id);

-- Which nomination a watch came from and which week, when the household watched it together.
ALTER TABLE watch_history ADD COLUMN nomination_id INTEGER REFERENCES nominations(id);
ALTER TABLE watch_history ADD COLUMN week TEXT;
CREATE INDEX ix_watch_history_user ON watch_history(user_id, tmdb_id);

-- One row per data.json imported: the file's SHA-256 makes a second import of it a no-op.
CREATE TABLE legacy_imports (
  id INTEGER PRIMARY KEY,
  file_sha256 TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  report TEXT NOT NULL,
  report_seen INTEGER NOT NULL DEFAULT 0
);

-- Household settings an admin can change (key/value; typed by the code that reads them).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
