-- stage_journal_lines: one journal batch's lines, parsed, into a per-connection temp table.
-- Parameter: $file (NDJSON lines). Runs outside any transaction (see journal_batch.sql).
-- read_json with explicit columns, not auto-detect: one odd value must not change a column's
-- type (perf-baselines §3), and it is ~5× the rows/s of a JavaScript parse + Appender.
-- A line read_json refuses (malformed JSON, a duplicate key) fails this statement; the loader then
-- sorts the batch's lines out one by one (ingest/journal-load.ts).
-- The read is parallel and DuckDB keeps insertion order (preserve_insertion_order, on by
-- default), so row i of the new table (rowid i) is line i of the file.
CREATE OR REPLACE TEMP TABLE journal_batch_lines AS
SELECT *
FROM read_json($file,
        format = 'newline_delimited',
        maximum_object_size = 1073741824,
        columns = {v: 'VARCHAR', id: 'JSON', ts: 'VARCHAR', host: 'VARCHAR', event: 'VARCHAR',
                   session_id: 'VARCHAR', agent_id: 'VARCHAR', agent_type: 'VARCHAR',
                   payload: 'JSON', cut: 'JSON', redacted: 'JSON'})
