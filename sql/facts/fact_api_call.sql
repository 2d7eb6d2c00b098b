-- fact_api_call: one row per API message (message id + request id), deduplicated across every
-- transcript file (main, subagents, resumed and forked sessions, re-read files). Transcripts write
-- one line per content block and repeat the message's full usage on each: summing lines would count
-- output tokens up to 2.5x. Of the copies, the most complete record wins (largest usage).
-- Model '<synthetic>' lines are Claude Code's local API-error messages (zero usage): skipped.
-- Copies of one message can sit in several sessions' files (a resumed or forked session): the build
-- puts every session holding a copy in the same scope (sql/build/scope_sessions.sql), and the ranking
-- below reads all copies of the messages in scope, so a partial build picks the same winner as a full one.
-- Cost is not stored here: api_call_cost prices it from dim_model_pricing.
-- grain: API call (message id + request id)
-- key: session_id, message_id, request_id
WITH in_scope_messages AS (
    SELECT DISTINCT message_id, coalesce(request_id, '') AS request_key
    FROM stg_transcript_messages
    WHERE in_scope(session_id)
),
ranked AS (
    SELECT
        m.*,
        row_number() OVER (
            PARTITION BY m.message_id, coalesce(m.request_id, '')
            ORDER BY m.output_tokens DESC,
                     m.input_tokens + m.cache_read_tokens + m.cache_creation_tokens DESC,
                     m.agent_id NULLS LAST, m.ts, m.file_key, m.byte_offset
        ) AS copy_rank
    FROM stg_transcript_messages m
    SEMI JOIN in_scope_messages s ON s.message_id = m.message_id AND s.request_key = coalesce(m.request_id, '')
    WHERE coalesce(m.model, '') <> '<synthetic>'
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
    r.output_tokens,
    r.cache_read_tokens,
    -- usage.cache_creation splits writes by TTL; older transcripts only have the total (5-minute)
    coalesce(r.cache_write_5m_reported, r.cache_creation_tokens - coalesce(r.cache_write_1h_reported, 0)) AS cache_write_5m_tokens,
    coalesce(r.cache_write_1h_reported, 0)                                  AS cache_write_1h_tokens,
    r.input_tokens + r.cache_read_tokens + r.cache_creation_tokens          AS prompt_tokens,
    r.ts                                                                    AS called_at,
    CAST(r.ts AS DATE)                                                      AS call_date,
    r.file_key                                                              AS record_source,
    sh.host
FROM ranked r
LEFT JOIN dim_agent a ON a.session_id = r.session_id AND a.agent_id = r.agent_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = r.session_id
WHERE r.copy_rank = 1 AND in_scope(r.session_id)
