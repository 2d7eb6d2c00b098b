-- journal_batch: one journal batch as typed envelope rows, with what is wrong with each row.
-- Parameters: $file (NDJSON lines), $offsets (a one-column CSV: each line's byte offset in its
-- source file, in line order, from ingest/journal-scan.ts).
-- read_json with explicit columns, not auto-detect: one odd value must not change a column's
-- type (perf-baselines §3), and it is ~5× the rows/s of a JavaScript parse + Appender.
-- POSITIONAL JOIN pads the shorter side with NULLs: a line read_json skipped (a blank line) or a
-- line appended while reading shows up as a NULL offset or id, i.e. as a problem, never as a
-- silently misplaced offset. It is also the main cost over a bare read_json: it reads the file in
-- order on one thread (1M envelopes, quiet 2-core VM: CTAS 3.3-3.7 s bare, 5.7-6.3 s with it).
-- Tried instead: a hash join on ids taken from each line's prefix in JS (4.9-5.3 s, +50% CPU and
-- RSS) and WITH ORDINALITY on both sides (6.4-6.8 s: as serial).

SELECT
    b.id ->> '$'                                          AS event_id,
    try_cast(b.v AS INTEGER)                              AS v,
    try_cast(b.ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC'      AS ts,
    b.host, b.event, b.session_id, b.agent_id, b.agent_type,
    b.payload, b.cut, b.redacted,
    o.byte_offset,
    CASE
        WHEN o.byte_offset IS NULL THEN 'line_count_mismatch'
        WHEN b.id IS NULL OR json_type(b.id) <> 'VARCHAR' OR (b.id ->> '$') = '' THEN 'missing_id'
        WHEN b.v IS NOT NULL AND try_cast(b.v AS INTEGER) IS NULL THEN 'bad_field'
        WHEN b.ts IS NOT NULL AND try_cast(b.ts AS TIMESTAMPTZ) IS NULL THEN 'bad_field'
    END                                                   AS problem,
    CASE
        WHEN b.v IS NOT NULL AND try_cast(b.v AS INTEGER) IS NULL THEN 'v is not an integer: ' || left(b.v, 200)
        WHEN b.ts IS NOT NULL AND try_cast(b.ts AS TIMESTAMPTZ) IS NULL THEN 'ts is not a timestamp: ' || left(b.ts, 200)
    END                                                   AS problem_detail
FROM read_json($file,
        format = 'newline_delimited',
        maximum_object_size = 1073741824,
        columns = {v: 'VARCHAR', id: 'JSON', ts: 'VARCHAR', host: 'VARCHAR', event: 'VARCHAR',
                   session_id: 'VARCHAR', agent_id: 'VARCHAR', agent_type: 'VARCHAR',
                   payload: 'JSON', cut: 'JSON', redacted: 'JSON'}) AS b
POSITIONAL JOIN read_csv($offsets, columns = {byte_offset: 'BIGINT'}, header = false, auto_detect = false) AS o
