-- Long-term memories are searched within one user's records (memory/recall.h, long_term.h): the
-- (user_id, kind) index finds them and the distances are computed exactly. An HNSW index over
-- every user's records could not serve that query (it would filter its nearest candidates by
-- user afterwards and miss a user's own), and maintaining it was half of the memory worker's
-- time (a graph insert per record written).
DROP INDEX IF EXISTS memory_records_embedding;
