-- The knowledge base for retrieval: documents and their chunks with a generated full-text vector,
-- a 1024-dimension embedding (HNSW, cosine) and metadata for filters.

CREATE TABLE knowledge_documents (
  document_id  text PRIMARY KEY,               -- stable id from the source, e.g. "policy/baggage"
  content_hash text NOT NULL,                  -- re-ingest only what changed
  doc_type     text NOT NULL,                  -- policy, destination, faq, promotion …
  title        text,
  source       text,
  metadata     jsonb NOT NULL DEFAULT '{}',
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_documents_type ON knowledge_documents (doc_type);

CREATE TABLE knowledge_chunks (
  id           bigserial PRIMARY KEY,
  document_id  text NOT NULL REFERENCES knowledge_documents (document_id) ON DELETE CASCADE,
  chunk_index  integer NOT NULL,
  heading      text,
  text         text NOT NULL,
  tsv          tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(heading, '') || ' ' || text)) STORED,
  embedding    vector(1024),
  metadata     jsonb NOT NULL DEFAULT '{}',    -- doc_type, destination, valid_from, valid_to …
  content_hash text NOT NULL,
  UNIQUE (document_id, chunk_index)
);
CREATE INDEX knowledge_chunks_embedding ON knowledge_chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX knowledge_chunks_tsv ON knowledge_chunks USING gin (tsv);
CREATE INDEX knowledge_chunks_metadata ON knowledge_chunks USING gin (metadata jsonb_path_ops);
CREATE INDEX knowledge_chunks_doc_type ON knowledge_chunks ((metadata ->> 'doc_type'));
CREATE INDEX knowledge_chunks_destination ON knowledge_chunks ((metadata ->> 'destination'));
CREATE INDEX knowledge_chunks_validity ON knowledge_chunks ((metadata ->> 'valid_from'), (metadata ->> 'valid_to'));
