-- tg_claimed(tbl): the rows of an activity table (item_key, session_id, called_at, …) that fell
-- inside a task-graph claim of the same session, with the claim's task. When one session holds
-- several claims at once, each row is shared equally between them (`share` = 1 / open claims),
-- so a task's measured cost never counts an API call or a tool call twice.
CREATE OR REPLACE MACRO tg_claimed(tbl) AS TABLE
SELECT
    c.task_id, c.project_id, c.attempt, c.claim_event_id,
    a.*,
    1.0 / count(*) OVER (PARTITION BY a.item_key) AS share
FROM tg_task_claims c
JOIN query_table(tbl) a
  ON a.session_id = c.session_id
 AND a.called_at >= c.claimed_at
 AND a.called_at <  coalesce(c.ended_at, TIMESTAMP 'infinity');
