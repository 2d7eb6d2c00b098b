-- rpt_decomposition_quality: the seed's v_decomposition_quality on real keys. goal_id = the user
-- prompt a fan-out served; per decomposition depth: how many goals, how often their verifications
-- (tests, lint, type checks, completed tasks) passed, and the output tokens of their subagents.
-- grain: fan-out depth
-- key: decomposition_depth
-- all history: v_decomposition_quality
WITH td AS (
    SELECT * FROM (SELECT * FROM cc_task_decomposition UNION ALL BY NAME SELECT * FROM tg_task_decomposition)
    WHERE (since IS NULL OR decomposed_at >= since)
      AND (until IS NULL OR decomposed_at < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
),
goals AS (SELECT DISTINCT decomposition_depth, goal_id FROM td WHERE goal_id IS NOT NULL),
v AS (SELECT goal_id, avg(CASE WHEN passed THEN 1.0 ELSE 0.0 END) AS pass_rate, count(*) AS checks
      FROM fact_verification GROUP BY goal_id),
sr AS (SELECT goal_id, avg(output_tokens) AS avg_output_tokens, count(*) AS subagents
       FROM fact_synthesis_result GROUP BY goal_id)
SELECT
    g.decomposition_depth,
    count(DISTINCT g.goal_id)                               AS goal_count,
    (SELECT count(*) FROM td WHERE td.decomposition_depth = g.decomposition_depth) AS subtasks,
    sum(coalesce(v.checks, 0))                              AS verifications,
    round(avg(v.pass_rate), 3)                              AS verification_pass_rate,
    round(avg(sr.avg_output_tokens), 1)                     AS avg_synthesis_tokens
FROM goals g
LEFT JOIN v USING (goal_id)
LEFT JOIN sr USING (goal_id)
GROUP BY g.decomposition_depth
ORDER BY g.decomposition_depth
