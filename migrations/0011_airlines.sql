-- The airlines behind flights.airline's two-letter codes (issue 14): an agent asked to "avoid
-- American" or for "Star Alliance flights" needs the names and alliances. `contrail seed` loads
-- the carriers it flies (flightly/seed/airlines.cc), so every seeded flights.airline has a row here.
-- flights.airline gets no foreign key: a third RI check on every flights row made the seed's COPY
-- about 70 % slower (100,000 rows by psql \copy: 2.6 s, then 4.5 s), and the seed is the only writer
-- of flights; the seed test checks every code has a name instead.
CREATE TABLE airlines (
  code     text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{2}$'),  -- IATA, "AA"
  name     text NOT NULL UNIQUE,                              -- "American Airlines"
  alliance text CHECK (alliance IN ('Star Alliance', 'oneworld', 'SkyTeam'))  -- NULL: none
);

-- run_query reads it (migration 0010 created the role, or failed saying who must).
GRANT SELECT ON airlines TO contrail_query;
