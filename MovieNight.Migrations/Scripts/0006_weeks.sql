-- The weekly game: nominations without a TMDB id, and each week's own state.

-- Members nominate by title and year when TMDB is not configured, so nominations.tmdb_id becomes
-- optional. SQLite cannot drop a NOT NULL constraint in place: this is its documented table
-- rebuild (the migrator runs it with foreign keys off and runs foreign_key_check before commit).
-- Every column nominations has by now is kept, in the same order, with the same values and ids.
CREATE TABLE new_nominations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a stale page cannot withdraw or vote for a newer nomination
  week TEXT NOT NULL,           -- e.g., "2026-W08"
  tmdb_id INTEGER,              -- NULL: nominated by title and year, without TMDB
  title TEXT NOT NULL,
  year TEXT,
  poster_path TEXT,
  backdrop_path TEXT,
  overview TEXT,
  rating REAL,
  proposed_by INTEGER NOT NULL,
  proposed_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  imdb_id TEXT,
  legacy_id TEXT,
  FOREIGN KEY (proposed_by) REFERENCES users(id)
);
INSERT INTO new_nominations (id, week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating,
                             proposed_by, proposed_at, imdb_id, legacy_id)
SELECT id, week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating,
       proposed_by, proposed_at, imdb_id, legacy_id
FROM nominations;
DROP TABLE nominations;
ALTER TABLE new_nominations RENAME TO nominations;
CREATE INDEX ix_nominations_week ON nominations(week);

-- One row per week that something happened to beyond the schedule: voting opened early (every
-- active member nominated, or an admin opened it) or the week was closed. A week without a row
-- simply follows the schedule. Instants are UTC text (SqliteTime).
CREATE TABLE weeks (
  week TEXT PRIMARY KEY,                          -- e.g., "2026-W08"
  voting_opened_at TEXT,
  voting_opened_by TEXT,                          -- 'everyone-nominated' or 'admin'
  voting_opened_by_member INTEGER REFERENCES users(id),
  closed_at TEXT,
  closed_by TEXT,                                 -- 'deadline', 'catch-up' or 'admin'
  closed_by_member INTEGER REFERENCES users(id),
  first_decided_by TEXT,                          -- the rule that put 1st place ahead of 2nd
  second_decided_by TEXT                          -- the rule that put 2nd place ahead of 3rd
);
