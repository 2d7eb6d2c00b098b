-- load_host_manifest: one machine's DIR/hosts/<host>.json, replacing what the last load read
-- (only when the machine pushed since: a team ingest with nothing new writes nothing).
INSERT INTO raw_lake_hosts
SELECT $lake_id, $host, CAST($pushed_at AS TIMESTAMP), $version, CAST($manifest AS JSON), CAST($read_at AS TIMESTAMP)
WHERE NOT EXISTS (
    SELECT 1 FROM raw_lake_hosts
    WHERE lake_id = $lake_id AND host = $host AND pushed_at IS NOT DISTINCT FROM CAST($pushed_at AS TIMESTAMP))
ON CONFLICT (lake_id, host) DO UPDATE SET
    pushed_at = excluded.pushed_at, agentdag_version = excluded.agentdag_version,
    manifest = excluded.manifest, read_at = excluded.read_at
