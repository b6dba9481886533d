-- run_query's second guard (the first is mcp/sql_guard.h): the tool's queries run as the role
-- contrail_query, which may read Flightly's inventory and its documents and nothing else — no
-- customers (emails, phones), bookings, payments, API keys or memory. Roles belong to the whole
-- cluster: scripts/lib/services.sh creates it as an administrator (and makes the application
-- role a member, so that run_query's transaction can SET LOCAL ROLE to it); a migrating user
-- allowed to create roles creates it here when it is missing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'contrail_query') THEN
    IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
      CREATE ROLE contrail_query NOLOGIN;
    ELSE
      RAISE EXCEPTION 'the role contrail_query is missing: an administrator creates it (CREATE ROLE contrail_query NOLOGIN; GRANT contrail_query TO <the application role>)';
    END IF;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO contrail_query;
GRANT SELECT ON airports, flights, hotels, promotions, knowledge_documents, knowledge_chunks TO contrail_query;
