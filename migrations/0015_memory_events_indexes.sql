-- memory_events is read by session (memory_events_session_order: the worker's context, the
-- events API) and deleted by user (the unique key's leading user_id: forgetting a user); nothing
-- reads it by user and time. Every event the worker stores paid for this fourth index.
DROP INDEX IF EXISTS memory_events_user_time;
