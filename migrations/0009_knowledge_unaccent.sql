-- Full text that folds accents (issue 11): "any deals for Cancun?" must find "Spring Break in
-- Cancún", and "Reykjavik" the guide that writes "Reykjavík". The second stage and the embedder
-- already fold them (knowledge/query_terms.h); the first stage's tsvector did not, so a question
-- typed without accents never matched the word in PostgreSQL. `contrail_english` is the english
-- configuration with unaccent before the stemmer; knowledge/search_sql.cc queries with it.
-- unaccent is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION contrail_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION contrail_english
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
ALTER TABLE knowledge_chunks DROP COLUMN tsv;
ALTER TABLE knowledge_chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('contrail_english', coalesce(metadata ->> 'title', '')), 'A') ||
  setweight(to_tsvector('contrail_english', coalesce(heading, '')), 'B') ||
  setweight(to_tsvector('contrail_english', text), 'D')) STORED;
CREATE INDEX knowledge_chunks_tsv ON knowledge_chunks USING gin (tsv);
