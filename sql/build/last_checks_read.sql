-- last_checks_read: the findings recorded after the current build by the same check SQL (no row
-- when there are none: then the checks run).
SELECT CAST(l.failures AS VARCHAR) AS failures
FROM last_checks l
JOIN build_state b ON b.built_at = l.built_at
WHERE l.checks_sha = $checks_sha
