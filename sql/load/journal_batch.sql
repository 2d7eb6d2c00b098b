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
-- Why one statement: measured on 200,000 envelopes (2-core VM), read_json into a temp table then
-- a copy into raw_hook_events cost ×1.6-1.9 a bare read_json, the copy as much as the parse;
-- read_json … WITH ORDINALITY straight into the insert ×1.0 (the list lookup is free). Before
-- DuckDB 1.5 WITH ORDINALITY, and a POSITIONAL JOIN, read the file on one thread.
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
)
SELECT
    b.id ->> '$'                                          AS event_id,
    try_cast(b.v AS INTEGER)                              AS v,
    try_cast(b.ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC'      AS ts,
    b.host, b.event, b.session_id, b.agent_id, b.agent_type,
    b.payload, b.cut, b.redacted,
    offsets.at[b.ordinality]                              AS byte_offset,
    CASE
        WHEN b.ordinality > len(offsets.at) THEN 'line_count_mismatch'
        WHEN b.id IS NULL OR json_type(b.id) <> 'VARCHAR' OR (b.id ->> '$') = '' THEN 'missing_id'
        WHEN b.v IS NOT NULL AND try_cast(b.v AS INTEGER) IS NULL THEN 'bad_field'
        WHEN b.ts IS NOT NULL AND try_cast(b.ts AS TIMESTAMPTZ) IS NULL THEN 'bad_field'
    END                                                   AS problem,
    CASE
        WHEN b.v IS NOT NULL AND try_cast(b.v AS INTEGER) IS NULL THEN 'v is not an integer: ' || left(b.v, 200)
        WHEN b.ts IS NOT NULL AND try_cast(b.ts AS TIMESTAMPTZ) IS NULL THEN 'ts is not a timestamp: ' || left(b.ts, 200)
    END                                                   AS problem_detail
FROM lines AS b, offsets
