-- journal_batch: the staged batch (stage_journal_lines.sql, stage_journal_offsets.sql) as typed
-- envelope rows, each with its byte offset and what is wrong with it.
-- Line i of the batch is rowid i of both temp tables. That holds only for tables created outside
-- a transaction: rows a transaction adds get transaction-local rowids until it commits, so the
-- loader stages first and begins the file's transaction after.
-- The offsets go in as one list, indexed by rowid: a join of the two tables costs more than the
-- parse (measured below). If the counts differ (read_json skipped a blank line, a line was
-- appended while reading) every row is a problem: an offset is never silently misplaced.
-- Why two steps (stage, then insert) and not one statement: a POSITIONAL JOIN of read_json and
-- the offsets CSV reads the file in order on one thread. Measured on 1M envelopes (2-core VM),
-- time to insert into raw_hook_events: one statement with the POSITIONAL JOIN 7.1-7.8 s; staged
-- then joined on rowid 6.5-6.6 s (of which the join 1.4 s); staged then indexed in a list ~5 s.
-- Also tried: a hash join on ids taken from each line's prefix in JS (+50% CPU and RSS) and
-- WITH ORDINALITY on both sides (as serial as the positional join).
WITH offsets AS (
    SELECT list(byte_offset ORDER BY rowid) AS at,
           count(*) = (SELECT count(*) FROM journal_batch_lines) AS counts_match
    FROM journal_batch_offsets
)
SELECT
    b.id ->> '$'                                          AS event_id,
    try_cast(b.v AS INTEGER)                              AS v,
    try_cast(b.ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC'      AS ts,
    b.host, b.event, b.session_id, b.agent_id, b.agent_type,
    b.payload, b.cut, b.redacted,
    offsets.at[b.rowid + 1]                               AS byte_offset,
    CASE
        WHEN NOT offsets.counts_match THEN 'line_count_mismatch'
        WHEN b.id IS NULL OR json_type(b.id) <> 'VARCHAR' OR (b.id ->> '$') = '' THEN 'missing_id'
        WHEN b.v IS NOT NULL AND try_cast(b.v AS INTEGER) IS NULL THEN 'bad_field'
        WHEN b.ts IS NOT NULL AND try_cast(b.ts AS TIMESTAMPTZ) IS NULL THEN 'bad_field'
    END                                                   AS problem,
    CASE
        WHEN b.v IS NOT NULL AND try_cast(b.v AS INTEGER) IS NULL THEN 'v is not an integer: ' || left(b.v, 200)
        WHEN b.ts IS NOT NULL AND try_cast(b.ts AS TIMESTAMPTZ) IS NULL THEN 'ts is not a timestamp: ' || left(b.ts, 200)
    END                                                   AS problem_detail
FROM journal_batch_lines AS b, offsets
