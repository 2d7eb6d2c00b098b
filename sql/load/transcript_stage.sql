-- transcript_stage: one batch of transcript lines into the per-connection temp table
-- tmp_transcript_lines: the new bytes of several files, concatenated into $file (NDJSON) by
-- ingest/transcript-batch.ts, each line with its file and byte offset ($offsets: a CSV of
-- file_idx, byte_offset per non-blank line, in order), the fields the warehouse lifts out, and
-- whether it may hold a secret. DuckDB's reader, parallel, like the journal's: row n of
-- read_ndjson_objects … WITH ORDINALITY is line n; a row past the last offset means read_json
-- skipped a line the scan counted, and the batch is sorted out line by line instead.
-- suspect: the line matches a secret pattern or a secret key ($secret_patterns_1…4: the JavaScript
-- patterns in RE2, made to match JSON text, in four groups so that each fits RE2's DFA). Only
-- suspects go back to JavaScript for redaction (ingest/transcript-redact.ts explains why the flag
-- covers every line redaction changes).
CREATE OR REPLACE TEMP TABLE tmp_transcript_lines AS
WITH offsets AS (
    SELECT list(file_idx ORDER BY ordinality) AS f, list(byte_offset ORDER BY ordinality) AS o
    FROM read_csv($offsets, columns = {file_idx: 'INTEGER', byte_offset: 'UBIGINT'}, header = false, auto_detect = false) WITH ORDINALITY
),
lines AS (
    SELECT ordinality AS n, json AS line, CAST(json AS VARCHAR) AS text
    FROM read_ndjson_objects($file, maximum_object_size = 1073741824) WITH ORDINALITY
),
parsed AS (
    SELECT n, line, text,
           json_transform(line, '{"type": "VARCHAR", "sessionId": "VARCHAR", "agentId": "VARCHAR", "timestamp": "VARCHAR",
                                  "requestId": "VARCHAR", "message": {"id": "VARCHAR", "model": "VARCHAR"}}') AS j
    FROM lines
)
SELECT
    offsets.f[n]                                                        AS file_idx,
    offsets.o[n]                                                        AS byte_offset,
    n > len(offsets.o)                                                  AS misplaced,
    nullif(j.sessionId, '')                                             AS session_id,
    nullif(j.agentId, '')                                               AS agent_id,
    nullif(j.type, '')                                                  AS line_type,
    try_cast(j.timestamp AS TIMESTAMPTZ) AT TIME ZONE 'UTC'             AS ts,
    CASE WHEN j.type = 'assistant' THEN nullif(j.message.id, '') END    AS message_id,
    CASE WHEN j.type = 'assistant' THEN nullif(j.requestId, '') END     AS request_id,
    CASE WHEN j.type = 'assistant' THEN nullif(j.message.model, '') END AS model,
    line,
    NULL::VARCHAR[]                                                     AS redacted,
    regexp_matches(text, $secret_patterns_1) OR regexp_matches(text, $secret_patterns_2)
        OR regexp_matches(text, $secret_patterns_3) OR regexp_matches(text, $secret_patterns_4)  AS suspect
FROM parsed, offsets
