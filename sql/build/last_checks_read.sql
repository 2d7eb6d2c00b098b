-- last_checks_read: the findings recorded after the build at $built_at by the same check SQL (no
-- row when there are none: then the checks run whole).
SELECT CAST(failures AS VARCHAR) AS failures
FROM last_checks
WHERE built_at = $built_at AND checks_sha = $checks_sha
