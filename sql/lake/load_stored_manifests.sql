-- load_stored_manifests: each machine's DIR/hosts/<host>.json as the last team load recorded it
-- (its per-table batch counts say whether the machine has pushed a batch since).
SELECT host, CAST(manifest AS VARCHAR) AS manifest FROM raw_lake_hosts WHERE lake_id = $lake_id
