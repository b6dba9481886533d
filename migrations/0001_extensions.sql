-- pgvector (>= 0.8: iterative index scans) for embeddings in knowledge_chunks and memory_records.
CREATE EXTENSION IF NOT EXISTS vector;
