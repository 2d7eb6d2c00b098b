-- scope_days: add to build_days the days on which the sessions in scope have API calls (run before
-- the build, for the days they had, and again once agg_api_hourly is rebuilt, for the days they have).
INSERT INTO build_days
SELECT DISTINCT CAST(call_hour AS DATE) FROM agg_api_hourly
WHERE in_scope(session_id)
EXCEPT
SELECT day FROM build_days
