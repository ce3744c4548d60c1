-- "My watchlist": a member without a Trakt link keeps a local watchlist here (a linked member's list is
-- trakt_watchlist, 0013). tmdb_id identifies the movie, as at Trakt.
CREATE TABLE watchlist (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tmdb_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  year INTEGER,
  listed_at TEXT NOT NULL,      -- UTC, SqliteTime format
  PRIMARY KEY (user_id, tmdb_id)
);

-- Movies a member removed lately (either list), so Undo can put them back with their original
-- listed_at. `removal` groups one removal (one movie or a selection); rows older than a day are dropped.
CREATE TABLE watchlist_removed (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tmdb_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  year INTEGER,
  listed_at TEXT,
  removal TEXT NOT NULL,
  removed_at TEXT NOT NULL,
  PRIMARY KEY (user_id, tmdb_id)
);
CREATE INDEX ix_watchlist_removed_removal ON watchlist_removed(user_id, removal);
