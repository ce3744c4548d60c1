-- The original design's schema (erix/movie-night-app, docs/TRAKT-INTEGRATION.md), verbatim.
-- Later scripts change it; never edit this one.

-- Users table (migrate from JSON)
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT UNIQUE NOT NULL,
  icon TEXT,
  pin TEXT,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- Trakt OAuth tokens (encrypted)
CREATE TABLE trakt_auth (
  user_id INTEGER PRIMARY KEY,
  trakt_user TEXT,              -- Trakt username
  access_token TEXT NOT NULL,   -- Encrypted
  refresh_token TEXT NOT NULL,  -- Encrypted
  expires_at DATETIME,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (user_id) REFERENCES users(id)
);

-- Weekly nominations (migrate from JSON)
CREATE TABLE nominations (
  id INTEGER PRIMARY KEY,
  week TEXT NOT NULL,           -- e.g., "2026-W08"
  tmdb_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  year TEXT,
  poster_path TEXT,
  backdrop_path TEXT,
  overview TEXT,
  rating REAL,
  proposed_by INTEGER NOT NULL,
  proposed_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (proposed_by) REFERENCES users(id)
);

-- Votes
CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  nomination_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  week TEXT NOT NULL,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (nomination_id) REFERENCES nominations(id),
  FOREIGN KEY (user_id) REFERENCES users(id),
  UNIQUE(nomination_id, user_id, week)
);

-- Watch history (synced with Trakt)
CREATE TABLE watch_history (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  tmdb_id INTEGER NOT NULL,
  trakt_id INTEGER,
  watched_at DATETIME,
  rating INTEGER,               -- 1-10
  synced_to_trakt BOOLEAN DEFAULT FALSE,
  FOREIGN KEY (user_id) REFERENCES users(id)
);

-- Week results history
CREATE TABLE week_history (
  id INTEGER PRIMARY KEY,
  week TEXT UNIQUE NOT NULL,
  first_place_id INTEGER,
  second_place_id INTEGER,
  watched_on DATETIME,
  FOREIGN KEY (first_place_id) REFERENCES nominations(id),
  FOREIGN KEY (second_place_id) REFERENCES nominations(id)
);
