-- load_rejects: move the batch's rejected lines (ingest_reject_batch, filled by the Appender)
-- into raw_rejects, once per (source_file, byte_offset) however often the file is re-read.
INSERT INTO raw_rejects
SELECT $source, rb.byte_offset, rb.byte_length, rb.reason, rb.detail, rb.text, rb.bytes, $ingested_at
FROM ingest_reject_batch AS rb
WHERE NOT EXISTS (SELECT 1 FROM raw_rejects r WHERE r.source_file = $source AND r.byte_offset = rb.byte_offset)
