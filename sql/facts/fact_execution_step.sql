-- fact_execution_step: one row per tool call (session_id, tool_use_id), from the hooks
-- (stg_hook_tool_calls) and the transcripts (stg_transcript_tool_calls), merged, never doubled:
--   a call both saw is one step, with the hooks' timings and status; the transcript fills what the
--   hooks missed: a call the hooks never saw (a session from before they were installed, a lost
--   event), and how a call ended when its Post* hook was lost (the hooks inferred the end from an
--   absence, the transcript has a result that is not an interruption, or a success where the
--   hooks inferred a denial from the batch alone).
--   status: success | error | denied | interrupted | timeout (see the two staging files).
--   An in-flight call at ingest time reads as interrupted until the next build sees its end.
--   source: hooks | transcript | both.
--   task_id: for steps inside a subagent, the tool_use_id of the Agent/Task call that launched it.
--   Tokens: the usage of the API call that issued the step, on the message's FIRST tool call only,
--   so sums over steps never count one API call twice (0 on the other calls of that message).
-- grain: tool call
-- key: session_id, tool_use_id
WITH joined AS (
    SELECT
        session_id,
        tool_use_id,
        coalesce(h.tool_name, t.tool_name)                                  AS tool_name,
        coalesce(h.agent_id, t.agent_id)                                    AS agent_id,
        h.prompt_id,
        coalesce(h.tool_input, t.tool_input)                                AS tool_input,
        coalesce(h.called_at, t.called_at)                                  AS called_at,
        coalesce(h.finished_at, t.finished_at)                              AS finished_at,
        coalesce(h.duration_ms, t.duration_ms)                              AS duration_ms,
        -- the hooks' status when they saw the end, else a transcript result that is not an interruption
        -- or a success the transcript recorded where the hooks inferred a denial from a lost Post*
        (h.tool_use_id IS NULL
         OR (NOT h.complete AND t.finished_at IS NOT NULL AND t.status <> 'interrupted')
         OR (NOT h.saw_post AND h.status <> 'success' AND t.status = 'success' AND t.finished_at IS NOT NULL)) AS from_transcript,
        h.status AS h_status, h.status_detail AS h_detail, h.error_message AS h_error,
        t.status AS t_status, t.status_detail AS t_detail, t.error_message AS t_error,
        CASE WHEN h.tool_use_id IS NULL THEN 'transcript' WHEN t.tool_use_id IS NULL THEN 'hooks' ELSE 'both' END AS source,
        coalesce(h.record_source, t.record_source)                          AS record_source
    FROM (SELECT * FROM stg_hook_tool_calls WHERE in_scope(session_id)) h
    FULL OUTER JOIN (SELECT * FROM stg_transcript_tool_calls WHERE in_scope(session_id)) t USING (session_id, tool_use_id)
),
issued_by AS (   -- the API message that issued each tool call: in the session's own transcripts
    SELECT session_id, tool_use_id,
           arg_min(message_id, file_key || lpad(CAST(byte_offset AS VARCHAR), 20, '0')) AS message_id,
           arg_min(request_id, file_key || lpad(CAST(byte_offset AS VARCHAR), 20, '0')) AS request_id
    FROM stg_transcript_tool_uses
    WHERE in_scope(session_id)
    GROUP BY session_id, tool_use_id
),
steps AS (
    SELECT
        j.* EXCLUDE (h_status, h_detail, h_error, t_status, t_detail, t_error, from_transcript),
        CASE WHEN j.from_transcript THEN j.t_status ELSE j.h_status END   AS status,
        CASE WHEN j.from_transcript THEN j.t_detail ELSE j.h_detail END   AS status_detail,
        CASE WHEN j.from_transcript THEN j.t_error ELSE j.h_error END     AS error_message,
        ib.message_id,
        ib.request_id,
        row_number() OVER (PARTITION BY j.session_id, ib.message_id, ib.request_id ORDER BY j.called_at, j.tool_use_id) AS nth_in_message
    FROM joined j
    LEFT JOIN issued_by ib USING (session_id, tool_use_id)
)
SELECT
    s.session_id,
    s.prompt_id                                                       AS goal_id,
    a.launch_tool_use_id                                              AS task_id,
    CASE WHEN s.agent_id IS NULL THEN 'main' ELSE coalesce(a.agent_type, 'unknown') END AS agent_name,
    s.agent_id,
    api.model,
    s.tool_name,
    s.tool_use_id,
    s.prompt_id,
    s.duration_ms,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1 THEN api.input_tokens ELSE 0 END        AS input_tokens,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1 THEN api.output_tokens ELSE 0 END       AS output_tokens,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1 THEN api.cache_read_tokens ELSE 0 END   AS cache_read_tokens,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1
         THEN api.cache_write_5m_tokens + api.cache_write_1h_tokens ELSE 0 END                                AS cache_write_tokens,
    s.status,
    s.status_detail,
    coalesce(s.tool_input->>'file_path', s.tool_input->>'notebook_path', s.tool_input->>'path') AS target_path,
    s.tool_input->>'command'                                          AS command,
    s.error_message,
    s.tool_input,
    s.message_id                                                      AS api_message_id,
    s.request_id                                                      AS api_request_id,
    s.called_at,
    s.finished_at,
    CAST(s.called_at AS DATE)                                         AS call_date,
    s.source,
    s.record_source,
    sh.host
FROM steps s
LEFT JOIN dim_agent a ON a.session_id = s.session_id AND a.agent_id = s.agent_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = s.session_id
LEFT JOIN fact_api_call api ON api.message_id = s.message_id AND coalesce(api.request_id, '') = coalesce(s.request_id, '')
