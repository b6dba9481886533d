-- A user who asked to be forgotten (DELETE /v1/users/{id}): the worker stores no event of theirs
-- from before this time (one a dead worker left pending and another claims later). The delete and
-- the worker's batch serialise on an advisory lock per user (memory/forget.h).
CREATE TABLE memory_forgotten (
  user_id      text PRIMARY KEY,
  forgotten_at timestamptz NOT NULL
);
