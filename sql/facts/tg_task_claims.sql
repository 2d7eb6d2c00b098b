-- tg_task_claims: one row per claim of a task (one attempt): who held it and from when to when.
-- A claim starts at a task_claimed event and ends at the first later event of the same task
-- that leaves claimed/running (completed, failed, paused, reclaimed after a lease expiry,
-- cancelled) or that splits it into subtasks. An open claim (still running at the snapshot)
-- has ended_at NULL.
-- The session is the Claude Code session that held the claim ($AGENTDAG_SESSION_ID): the key
-- that joins a task to the API calls and tool steps it really cost.
-- grain: claim of a task-graph task (one attempt)
-- key: task_id, attempt
WITH ev AS (
    SELECT * FROM tg_stg_events WHERE task_id IS NOT NULL
),
claims AS (
    SELECT * FROM ev WHERE event_type = 'task_claimed'
),
ends AS (
    SELECT event_id, task_id, event_type, to_status, created_at
    FROM ev
    WHERE (from_status IN ('claimed', 'running') AND to_status NOT IN ('claimed', 'running'))
       -- split/decompose turns a held task into a composite: its own work ends there, its
       -- children (claimed in their turn) carry on
       OR event_type = 'task_decomposed'
),
bounded AS (
    SELECT
        c.task_id,
        c.project_id,
        c.event_id                      AS claim_event_id,
        c.agent_id,
        c.session_id,
        c.created_at                    AS claimed_at,
        e.event_id                      AS end_event_id,
        e.event_type                    AS end_event_type,
        e.to_status                     AS end_status,
        e.created_at                    AS ended_at
    FROM claims c
    ASOF LEFT JOIN ends e ON c.task_id = e.task_id AND c.event_id < e.event_id
)
SELECT
    b.*,
    row_number() OVER (PARTITION BY b.task_id ORDER BY b.claim_event_id) AS attempt,
    (SELECT min(s.created_at) FROM ev s
      WHERE s.task_id = b.task_id AND s.event_type = 'task_started'
        AND s.event_id > b.claim_event_id AND s.event_id < coalesce(b.end_event_id, 9223372036854775807)) AS started_at,
    date_diff('millisecond', b.claimed_at, b.ended_at) AS duration_ms
FROM bounded b
