-- Durable memory: every turn as an event (the log), and long-term records extracted from it.

CREATE TABLE memory_events (
  id         bigserial PRIMARY KEY,
  user_id    text NOT NULL,
  session_id text NOT NULL,
  seq        bigint NOT NULL,                  -- order within the session
  role       text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
  content    text NOT NULL,
  metadata   jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, session_id, seq)            -- a retried write is a unique violation, not a duplicate
);
CREATE INDEX memory_events_user_time ON memory_events (user_id, created_at);

CREATE TABLE memory_records (
  id                bigserial PRIMARY KEY,
  user_id           text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('fact', 'preference', 'episode', 'summary')),
  text              text NOT NULL,
  embedding         vector(1024),
  source_session_id text,
  source_event_ids  bigint[] NOT NULL DEFAULT '{}',
  superseded_by     bigint REFERENCES memory_records (id),
  metadata          jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX memory_records_user_current ON memory_records (user_id, kind) WHERE superseded_by IS NULL;
CREATE INDEX memory_records_embedding ON memory_records USING hnsw (embedding vector_cosine_ops);
