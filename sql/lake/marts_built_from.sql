-- marts_built_from: the model build the marts of this lake were last written from (mart '*'),
-- and the current one (build_state.built_at): when they are the same, nothing a mart reads has
-- changed and the team build skips the marts (a team ingest with nothing new writes nothing).
SELECT (SELECT fingerprint FROM lake_mart_state WHERE lake_id = $lake_id AND mart = '*' AND day = '') AS written_from,
       (SELECT CAST(max(built_at) AS VARCHAR) FROM build_state) AS built
