-- A key's own daily token limit (server/limits/): tokens its requests may spend per UTC day. NULL
-- means the configured default (limits.daily_tokens_per_key, 0 = none).

ALTER TABLE api_keys ADD COLUMN daily_token_limit bigint CHECK (daily_token_limit > 0);
