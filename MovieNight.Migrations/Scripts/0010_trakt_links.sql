-- Per-member Trakt links. trakt_auth (0001) keeps the tokens, each sealed by the token vault
-- (AES-256-GCM, "v1:" + nonce + ciphertext + tag); these columns say whose account it is and
-- coordinate refreshes, which must never send one refresh token twice (Trakt's are single-use).
ALTER TABLE trakt_auth ADD COLUMN trakt_slug TEXT;               -- the account's name in URLs (changes when the user renames it)
ALTER TABLE trakt_auth ADD COLUMN trakt_uuid TEXT;               -- the account's stable id, when Trakt sends one
ALTER TABLE trakt_auth ADD COLUMN trakt_vip INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trakt_auth ADD COLUMN linked_at TEXT;                -- UTC, SqliteTime format
ALTER TABLE trakt_auth ADD COLUMN redirect_uri TEXT;             -- the one the link was made with; Trakt wants it again at each refresh
ALTER TABLE trakt_auth ADD COLUMN relink_reason TEXT;            -- set when Trakt refused the tokens: the member must link again
ALTER TABLE trakt_auth ADD COLUMN refresh_claim TEXT;            -- the refresh in flight (any process), with its lease
ALTER TABLE trakt_auth ADD COLUMN refresh_claimed_until TEXT;
-- One Trakt account links one member.
CREATE UNIQUE INDEX ux_trakt_auth_account ON trakt_auth(coalesce(trakt_uuid, trakt_slug));

-- The redirect flow's pending authorizations: a random state (stored hashed) bound to one member,
-- single use, valid 10 minutes, with the PKCE verifier sealed by the vault.
CREATE TABLE trakt_oauth_states (
  state_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_verifier TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- The device flow in progress for a member (one at a time): the device code sealed by the vault,
-- what the member types at Trakt, and when the app may ask Trakt again (the interval Trakt gave,
-- longer after a "slow down").
CREATE TABLE trakt_device_codes (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  device_code TEXT NOT NULL,
  user_code TEXT NOT NULL,
  verification_url TEXT NOT NULL,
  interval_seconds INTEGER NOT NULL,
  next_poll_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
