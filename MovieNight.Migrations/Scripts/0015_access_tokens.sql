-- Personal access tokens: how clients other than the browser (the mobile app) act as a member.
-- Only a hash is kept; the token is shown once, when it is made.
CREATE TABLE access_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,       -- SHA-256 of the token, hex
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX ix_access_tokens_user ON access_tokens(user_id);
