-- Tiered memory (issue 15): events arrive from the Valkey streams through the memory worker,
-- identified by their event id (the turn's request id and the message's index), so a batch the
-- worker writes twice (a crash between the commit and the XACK) is stored once. Two turns of a
-- session may begin in the same millisecond, so seq orders events but is no longer unique.
ALTER TABLE memory_events ADD COLUMN event_id text;
UPDATE memory_events SET event_id = id::text WHERE event_id IS NULL;
ALTER TABLE memory_events ALTER COLUMN event_id SET NOT NULL;
ALTER TABLE memory_events DROP CONSTRAINT memory_events_user_id_session_id_seq_key;
ALTER TABLE memory_events ADD CONSTRAINT memory_events_event UNIQUE (user_id, session_id, event_id);
CREATE INDEX memory_events_session_order ON memory_events (user_id, session_id, seq, id);

-- A record remembers one slot in the profile's vocabulary (budget_usd, seat, avoid_airlines, …)
-- with its value; a newer value of the slot supersedes it (superseded_by, superseded_at), and the
-- old row stays as history. A session's episode is one row, rewritten as the session grows.
ALTER TABLE memory_records ADD COLUMN slot text NOT NULL DEFAULT '';
ALTER TABLE memory_records ADD COLUMN value text NOT NULL DEFAULT '';
ALTER TABLE memory_records ADD COLUMN valid_from timestamptz NOT NULL DEFAULT now();
ALTER TABLE memory_records ADD COLUMN superseded_at timestamptz;
CREATE INDEX memory_records_user_slot ON memory_records (user_id, slot) WHERE superseded_by IS NULL;
CREATE UNIQUE INDEX memory_records_episode ON memory_records (user_id, source_session_id) WHERE kind = 'episode';
