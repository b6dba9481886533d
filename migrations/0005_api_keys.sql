-- API keys (server/auth/): who may call contrail. A key is shown once when it is created; only its
-- SHA-256 is stored. A user key acts for its one user; a service key for any user it names; an
-- admin key also reaches the admin routes. Revoked keys stay, for the audit trail.

CREATE TABLE api_keys (
  id          text PRIMARY KEY,                 -- the key's public part: ck_<id>_<secret>
  secret_hash text NOT NULL,                    -- SHA-256 (hex) of the whole key
  kind        text NOT NULL CHECK (kind IN ('user', 'service', 'admin')),
  user_id     text,                             -- the one user a user key acts for
  name        text NOT NULL DEFAULT '',         -- what the key is for, for people
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK ((kind = 'user') = (user_id IS NOT NULL))
);
CREATE INDEX api_keys_user ON api_keys (user_id) WHERE user_id IS NOT NULL;
