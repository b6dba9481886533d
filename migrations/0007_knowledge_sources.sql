-- Every knowledge document belongs to a source (knowledge/source.h): `contrail ingest` prunes
-- within the sources it ingests and leaves the others alone. Until now `source` held the absolute
-- path a document was read from (…/data/knowledge/policies/pets.md for the id policies/pets.md);
-- from now on it holds the source's name, by default the name of the folder that was ingested.
--
-- Documents ingested before get the source that folder's name gives them, so re-ingesting that
-- folder finds them its own and writes nothing: a path that ends in '/' || document_id names the
-- folder. The rest (no path, or a folder name that is not a source name) go to 'knowledge', the
-- name of the shipped folder data/knowledge; `contrail ingest --source knowledge DIR` reaches them.

UPDATE knowledge_documents SET source = coalesce(
  (SELECT folder.name
     FROM (SELECT substring(left(source, length(source) - length(document_id) - 1) FROM '[^/]+$') AS name) folder
    WHERE right(source, length(document_id) + 1) = '/' || document_id
      AND folder.name ~ '^[A-Za-z0-9_.-]{1,64}$'),
  'knowledge');

ALTER TABLE knowledge_documents ALTER COLUMN source SET NOT NULL;
ALTER TABLE knowledge_documents ADD CONSTRAINT knowledge_documents_source_name
  CHECK (source ~ '^[A-Za-z0-9_.-]{1,64}$');
CREATE INDEX knowledge_documents_source ON knowledge_documents (source);
