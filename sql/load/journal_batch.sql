-- journal_batch: one journal batch file ($file, NDJSON envelopes) as typed envelope rows, each with
-- its byte offset and what is wrong with it. $offsets is a one-column CSV written by
-- ingest/journal-scan.ts: the byte offset of each line of the source file, in line order.
-- read_json with explicit columns, not auto-detect: one odd value must not change a column's type
-- (perf-baselines §3), and it is ~5× the rows/s of a JavaScript parse + Appender.
-- Row n of read_json … WITH ORDINALITY is line n of the file (DuckDB numbers the rows in file
-- order while it reads on every core; test/ingest/journal.test.ts checks every row of a 1M-line
-- file), so line n takes offset n from one list. read_json skips blank lines, which would shift
-- every later offset: the loader compares the rows stored with the lines counted, and a row
-- past the last offset is a problem here.
-- A ts DuckDB accepts but no report can use ("infinity", year 12026) is a bad_field too: stored, it
-- made every later `report sessions` fail. Years 1970-9999: what the hook writes (isoUtc).
-- Why one statement: measured on 200,000 envelopes (2-core VM), read_json into a temp table then
-- a copy into raw_hook_events cost ×1.6-1.9 a bare read_json, the copy as much as the parse;
-- read_json … WITH ORDINALITY straight into the insert ×1.0 (the list lookup is free). Before
-- DuckDB 1.5 WITH ORDINALITY, and a POSITIONAL JOIN, read the file on one thread.
-- `typed` casts ts (an ICU time-zone conversion) and v, and extracts the id, once per line: the
-- checks below used to repeat the casts, ~10% of the statement (1.9 → 1.7 s, 200,000 lines).
WITH offsets AS (
    SELECT list(byte_offset ORDER BY ordinality) AS at
    FROM read_csv($offsets, columns = {byte_offset: 'BIGINT'}, header = false, auto_detect = false) WITH ORDINALITY
),
lines AS (
    SELECT *
    FROM read_json($file,
            format = 'newline_delimited',
            maximum_object_size = 1073741824,
            columns = {v: 'VARCHAR', id: 'JSON', ts: 'VARCHAR', host: 'VARCHAR', event: 'VARCHAR',
                       session_id: 'VARCHAR', agent_id: 'VARCHAR', agent_type: 'VARCHAR',
                       payload: 'JSON', cut: 'JSON', redacted: 'JSON'}) WITH ORDINALITY
),
typed AS (
    SELECT *,
           id ->> '$'                                     AS id_text,
           try_cast(v AS INTEGER)                         AS v_int,
           try_cast(ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS ts_utc
    FROM lines
)
SELECT
    b.id_text                                             AS event_id,
    b.v_int                                               AS v,
    b.ts_utc                                              AS ts,
    b.host, b.event, b.session_id, b.agent_id, b.agent_type,
    b.payload, b.cut, b.redacted,
    offsets.at[b.ordinality]                              AS byte_offset,
    CASE
        WHEN b.ordinality > len(offsets.at) THEN 'line_count_mismatch'
        WHEN b.id IS NULL OR json_type(b.id) <> 'VARCHAR' OR b.id_text = '' THEN 'missing_id'
        WHEN b.v IS NOT NULL AND b.v_int IS NULL THEN 'bad_field'
        WHEN b.ts IS NOT NULL AND b.ts_utc IS NULL THEN 'bad_field'
        WHEN b.ts IS NOT NULL AND NOT coalesce(year(b.ts_utc) BETWEEN 1970 AND 9999, false) THEN 'bad_field'
    END                                                   AS problem,
    CASE
        WHEN b.v IS NOT NULL AND b.v_int IS NULL THEN 'v is not an integer: ' || left(b.v, 200)
        WHEN b.ts IS NOT NULL AND b.ts_utc IS NULL THEN 'ts is not a timestamp: ' || left(b.ts, 200)
        WHEN b.ts IS NOT NULL AND NOT coalesce(year(b.ts_utc) BETWEEN 1970 AND 9999, false)
            THEN 'ts is out of range (years 1970 to 9999; "infinity" is not a time): ' || left(b.ts, 200)
    END                                                   AS problem_detail
FROM typed AS b, offsets
