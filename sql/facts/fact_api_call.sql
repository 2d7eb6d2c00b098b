-- fact_api_call: one row per API message (message id + request id), deduplicated across every
-- transcript file (main, subagents, resumed and forked sessions, re-read files). Transcripts write
-- one line per content block and repeat the message's usage on each, streamed copies first: of the
-- copies the most complete record wins (largest usage). Summing lines would count output tokens up
-- to 2.5x; keeping the first copy (as ccusage does) undercounts them (−76 % on the real corpus).
-- Model '<synthetic>' lines are Claude Code's local API-error messages (zero usage): skipped.
-- Copies of one message can sit in several sessions' files (a resumed or forked session): the build
-- puts every session holding a copy in the same scope (sql/build/scope_sessions.sql), and the ranking
-- below reads all copies of the messages in scope, so a partial build picks the same winner as a full one.
-- Subagent output tokens: Claude Code 2.1 writes a subagent's calls in subagents/agent-*.jsonl at
-- the streaming start value (1-26 output tokens; no stop_reason on any copy). The parent's result
-- for the launching call carries the real usage of the subagent's LAST call: matched on its input
-- and cache figures, that call's output is corrected (output_corrected); the other such calls are
-- flagged output_is_lower_bound, so nobody mistakes them for totals. output_tokens_recorded keeps
-- the transcript's figure.
-- Cost is not stored here: api_call_cost prices it from dim_model_pricing.
-- grain: API call (message id + request id)
-- key: session_id, message_id, request_id
WITH in_scope_messages AS (
    SELECT DISTINCT message_id, coalesce(request_id, '') AS request_key
    FROM stg_transcript_messages
    WHERE in_scope(session_id)
),
copies AS (
    SELECT m.*
    FROM stg_transcript_messages m
    SEMI JOIN in_scope_messages s ON s.message_id = m.message_id AND s.request_key = coalesce(m.request_id, '')
    WHERE coalesce(m.model, '') <> '<synthetic>'
),
ranked AS (
    SELECT
        c.*,
        row_number() OVER w AS copy_rank,
        bool_and(c.file_layout = 'subagents' AND c.stop_reason IS NULL) OVER (PARTITION BY c.message_id, coalesce(c.request_id, '')) AS streaming_start_only
    FROM copies c
    WINDOW w AS (PARTITION BY c.message_id, coalesce(c.request_id, '')
                 ORDER BY c.output_tokens DESC,
                          c.input_tokens + c.cache_read_tokens + c.cache_creation_tokens DESC,
                          c.agent_id NULLS LAST, c.ts, c.file_key, c.byte_offset)
),
final_usage AS (   -- the usage the parent was given for each subagent's last call (Agent/Task result)
    SELECT session_id, agent_id, any_value(usage) AS usage
    FROM (
        SELECT session_id, tool_response->>'agentId' AS agent_id, tool_response->'usage' AS usage FROM stg_hook_tool_calls
        WHERE tool_name IN ('Agent', 'Task') AND in_scope(session_id)
        UNION ALL
        SELECT session_id, tool_use_result->>'agentId', tool_use_result->'usage' FROM stg_transcript_tool_calls
        WHERE tool_name IN ('Agent', 'Task') AND json_type(tool_use_result) = 'OBJECT' AND in_scope(session_id)
    )
    WHERE agent_id IS NOT NULL AND usage IS NOT NULL
    GROUP BY 1, 2
),
winners AS (
    SELECT r.*,
           CAST(f.usage->>'output_tokens' AS BIGINT) AS final_output,
           f.usage IS NOT NULL
             AND r.input_tokens = TRY_CAST(f.usage->>'input_tokens' AS BIGINT)
             AND r.cache_read_tokens = TRY_CAST(f.usage->>'cache_read_input_tokens' AS BIGINT)
             AND r.cache_creation_tokens = TRY_CAST(f.usage->>'cache_creation_input_tokens' AS BIGINT)
             AND TRY_CAST(f.usage->>'output_tokens' AS BIGINT) > r.output_tokens AS correctable
    FROM ranked r
    LEFT JOIN final_usage f ON f.session_id = r.session_id AND f.agent_id = r.agent_id
    WHERE r.copy_rank = 1 AND in_scope(r.session_id)
)
SELECT
    r.session_id,
    r.agent_id,
    CASE WHEN r.agent_id IS NULL THEN 'main' ELSE coalesce(a.agent_type, r.attribution_agent, 'unknown') END AS agent_name,
    a.launch_tool_use_id                                                    AS task_id,
    r.message_id,
    r.request_id,
    r.model,
    r.stop_reason,
    r.input_tokens,
    CASE WHEN r.correctable THEN r.final_output ELSE r.output_tokens END    AS output_tokens,
    r.cache_read_tokens,
    -- usage.cache_creation splits writes by TTL; older transcripts only have the total (5-minute)
    coalesce(r.cache_write_5m_reported, r.cache_creation_tokens - coalesce(r.cache_write_1h_reported, 0)) AS cache_write_5m_tokens,
    coalesce(r.cache_write_1h_reported, 0)                                  AS cache_write_1h_tokens,
    r.input_tokens + r.cache_read_tokens + r.cache_creation_tokens          AS prompt_tokens,
    r.output_tokens                                                         AS output_tokens_recorded,
    coalesce(r.correctable, false)                                          AS output_corrected,
    r.streaming_start_only AND NOT coalesce(r.correctable, false)           AS output_is_lower_bound,
    r.ts                                                                    AS called_at,
    CAST(r.ts AS DATE)                                                      AS call_date,
    r.file_key                                                              AS record_source,
    sh.host
FROM winners r
LEFT JOIN dim_agent a ON a.session_id = r.session_id AND a.agent_id = r.agent_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = r.session_id
