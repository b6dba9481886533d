-- memory_records' indexes, by the queries that use them:
--   * a user's current values (the worker before each batch, recall, a new value superseding the
--     slot's current one): memory_records_user_values, which leaves episodes out. The index it
--     replaces (memory_records_user_current) held every episode of the user too, so the worker's
--     read of a user's values grew with the number of sessions they ever had.
--   * a session's episode: memory_records_episode (0012), unchanged.
--   * all of a user's rows, history included (the records API with history, forgetting a user):
--     memory_records_user. Before it, `DELETE … WHERE user_id = $1` read the whole table. (On
--     user_id alone: a rewrite of an episode changes no indexed column and stays a HOT update.)
--   * superseded_by references memory_records(id): deleting a record checks that no row points at
--     it, a scan of the whole table per deleted row without memory_records_superseded_by.
DROP INDEX IF EXISTS memory_records_user_current;
DROP INDEX IF EXISTS memory_records_user_slot;
CREATE INDEX IF NOT EXISTS memory_records_user_values ON memory_records (user_id, slot)
  WHERE superseded_by IS NULL AND kind <> 'episode';
CREATE INDEX IF NOT EXISTS memory_records_user ON memory_records (user_id);
CREATE INDEX IF NOT EXISTS memory_records_superseded_by ON memory_records (superseded_by)
  WHERE superseded_by IS NOT NULL;
