-- TMDB's facts about each movie the household looked at, so cards render without calling TMDB.
-- A row older than a day is refreshed; while TMDB is down the old row is still served.
CREATE TABLE movies (
  tmdb_id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  year INTEGER,
  poster_path TEXT,
  backdrop_path TEXT,
  overview TEXT,
  rating REAL,
  imdb_id TEXT,
  runtime INTEGER,              -- minutes; null when TMDB does not know
  fetched_at TEXT NOT NULL      -- UTC, SqliteTime format
);
