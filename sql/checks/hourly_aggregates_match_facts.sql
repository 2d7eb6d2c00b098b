-- The hourly aggregates the reports read add up to the facts they summarise.
SELECT 'agg_step_hourly' AS agg, (SELECT coalesce(sum(steps), 0) FROM agg_step_hourly) AS agg_rows, (SELECT count(*) FROM fact_execution_step) AS fact_rows
WHERE (SELECT coalesce(sum(steps), 0) FROM agg_step_hourly) <> (SELECT count(*) FROM fact_execution_step)
UNION ALL
SELECT 'agg_api_hourly', (SELECT coalesce(sum(output_tokens), 0) FROM agg_api_hourly), (SELECT coalesce(sum(output_tokens), 0) FROM fact_api_call)
WHERE (SELECT coalesce(sum(api_calls), 0) FROM agg_api_hourly) <> (SELECT count(*) FROM fact_api_call)
   OR (SELECT coalesce(sum(output_tokens), 0) FROM agg_api_hourly) <> (SELECT coalesce(sum(output_tokens), 0) FROM fact_api_call)
