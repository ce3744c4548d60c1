-- Sign-in sessions live on the server: the cookie carries only the session's id, so signing out
-- (or a PIN change) ends a session even where the cookie was copied.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,                       -- random, 128 bits, base64url
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  device TEXT NOT NULL,                      -- "Firefox on Linux", from the User-Agent at sign-in
  created_at TEXT NOT NULL,                  -- UTC, SqliteTime format
  last_seen_at TEXT NOT NULL                 -- written at most every few minutes
);
CREATE INDEX ix_sessions_user ON sessions(user_id);

-- Devices that signed in to a profile before (their signed cookie names the row): they may sign in
-- while unknown devices are locked out, with their own small count of wrong PINs.
CREATE TABLE known_devices (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  failed_pin_attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX ix_known_devices_user ON known_devices(user_id);

-- One-time codes that let a member without a PIN choose one: stored hashed, single use, expiring.
CREATE TABLE setup_codes (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- A profile that signs in with a tap (a child's): never an admin.
ALTER TABLE users ADD COLUMN no_pin INTEGER NOT NULL DEFAULT 0;
-- Wrong PINs (and setup codes) tried since the member last signed in, shown to them at sign-in.
ALTER TABLE users ADD COLUMN wrong_pins_since_sign_in INTEGER NOT NULL DEFAULT 0;

-- Trust on first use (the setup page setting an imported admin's PIN) is over once anyone has a PIN.
INSERT INTO settings (key, value)
SELECT 'household.claimed', '1' WHERE EXISTS (SELECT 1 FROM users WHERE pin IS NOT NULL);
