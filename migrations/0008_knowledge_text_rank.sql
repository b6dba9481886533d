-- Full text that ranks partial matches and weighs where a word is found (issue 11): the document's
-- title (weight A), the section heading (B) and the chunk's text (D). A question's words found in a
-- title or heading count more than the same words in body text (ts_rank_cd's default weights
-- {0.1, 0.2, 0.4, 1.0}). Queries OR their words (knowledge/search_sql.cc), so the ranking, not an
-- all-words match, decides.
ALTER TABLE knowledge_chunks DROP COLUMN tsv;
ALTER TABLE knowledge_chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(metadata ->> 'title', '')), 'A') ||
  setweight(to_tsvector('english', coalesce(heading, '')), 'B') ||
  setweight(to_tsvector('english', text), 'D')) STORED;
CREATE INDEX knowledge_chunks_tsv ON knowledge_chunks USING gin (tsv);
