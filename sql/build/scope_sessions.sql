-- scope_sessions: an incremental build. build_scope holds the sessions to rebuild: those with raw
-- rows that arrived (or were replaced) since the last build (build_pending_sessions), plus every
-- session holding a copy of one of their API messages (a resumed or forked session repeats its
-- parent's messages; fact_api_call keeps one copy across sessions, so all holders are rebuilt
-- together). Copies are looked up among the new raw lines and the staged old ones (a transcript
-- re-read from the start may have dropped lines). build_days starts with the days those sessions
-- had API calls before this build; the build adds the days they have after (scope_days.sql).
-- in_scope(session_id) / in_day_scope(day) are what the model files filter on; '' stands for a
-- row without a session id.
CREATE OR REPLACE TEMP TABLE build_scope AS
WITH pending AS (
    SELECT session_key FROM build_pending_sessions
),
pending_messages AS (
    SELECT DISTINCT message_id FROM raw_transcript_lines
    WHERE message_id IS NOT NULL AND coalesce(session_id, '') IN (SELECT session_key FROM pending)
    UNION
    SELECT message_id FROM stg_transcript_messages
    WHERE coalesce(session_id, '') IN (SELECT session_key FROM pending)
),
holders AS (
    SELECT coalesce(session_id, '') AS session_key FROM raw_transcript_lines
    WHERE message_id IN (SELECT message_id FROM pending_messages)
    UNION
    SELECT coalesce(session_id, '') FROM stg_transcript_messages
    WHERE message_id IN (SELECT message_id FROM pending_messages)
)
SELECT session_key FROM pending
UNION
SELECT session_key FROM holders;
CREATE OR REPLACE TEMP MACRO in_scope(s) AS coalesce(s, '') IN (SELECT session_key FROM build_scope);
CREATE OR REPLACE TEMP TABLE build_days (day DATE);
CREATE OR REPLACE TEMP MACRO in_day_scope(d) AS d IN (SELECT day FROM build_days);
