-- stage_journal_offsets: the byte offset of each line of the staged batch, in line order
-- (rowid i = line i), into a per-connection temp table.
-- Parameter: $offsets (a one-column CSV written by ingest/journal-scan.ts).
CREATE OR REPLACE TEMP TABLE journal_batch_offsets AS
SELECT byte_offset
FROM read_csv($offsets, columns = {byte_offset: 'BIGINT'}, header = false, auto_detect = false)
