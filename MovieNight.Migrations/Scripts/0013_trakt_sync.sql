-- Two-way Trakt sync per member.

-- A watch pulled from Trakt, or pushed and then found there, carries Trakt's id of that play: a
-- repeated or interrupted pull can never insert it twice.
ALTER TABLE watch_history ADD COLUMN trakt_history_id INTEGER;
CREATE UNIQUE INDEX ux_watch_history_trakt_play ON watch_history(user_id, trakt_history_id) WHERE trakt_history_id IS NOT NULL;
-- synced_to_trakt (0001) = 1 once Trakt has the play. While it is 0 a watch waits to be pushed;
-- push_state says what happened to it: NULL waiting; 'sent' pushed but Trakt's answer was lost (it is
-- looked up at Trakt before any resend: Trakt does not de-duplicate plays); 'not_found' Trakt does not
-- know the movie (push_note says so).
ALTER TABLE watch_history ADD COLUMN push_state TEXT;
ALTER TABLE watch_history ADD COLUMN push_note TEXT;
-- When the rating was given (the newer of a local and a Trakt rating wins), and the rating Trakt has
-- as far as we know: a rating that differs from it is pushed.
ALTER TABLE watch_history ADD COLUMN rated_at TEXT;
ALTER TABLE watch_history ADD COLUMN trakt_rating INTEGER;
CREATE INDEX ix_watch_history_unsynced ON watch_history(user_id) WHERE synced_to_trakt = 0;

-- What the last sync saw: Trakt's last_activities timestamps (a sync skips categories that did not
-- move), the history cursor (the newest play pulled), and when removals on Trakt were last reconciled.
CREATE TABLE trakt_sync_state (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  watched_at TEXT,
  rated_at TEXT,
  watchlisted_at TEXT,
  history_cursor TEXT,
  reconciled_at TEXT
);

-- Each sync run: one running per member at most (the partial unique index), so a job delivered twice
-- syncs once. lease_until lets a run whose process died be taken over.
CREATE TABLE trakt_sync_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  trigger TEXT NOT NULL,                 -- 'schedule', 'now', 'linked', 'api'
  status TEXT NOT NULL,                  -- 'running', 'completed', 'partial', 'failed', 'cancelled'
  phase TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  worker TEXT,                           -- who executes it (a job delivery); lease_until says until when
  lease_until TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  history_pulled INTEGER NOT NULL DEFAULT 0,
  ratings_pulled INTEGER NOT NULL DEFAULT 0,
  watchlist_pulled INTEGER NOT NULL DEFAULT 0,
  watches_pushed INTEGER NOT NULL DEFAULT 0,
  ratings_pushed INTEGER NOT NULL DEFAULT 0,
  not_found INTEGER NOT NULL DEFAULT 0,
  errors TEXT                            -- what went wrong, in words for the member, one per line
);
CREATE UNIQUE INDEX ux_trakt_sync_runs_running ON trakt_sync_runs(user_id) WHERE status = 'running';
CREATE INDEX ix_trakt_sync_runs_user ON trakt_sync_runs(user_id, id);

-- The member's Trakt watchlist as last pulled.
CREATE TABLE trakt_watchlist (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tmdb_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  year INTEGER,
  listed_at TEXT,
  PRIMARY KEY (user_id, tmdb_id)
);
