-- upsert_cursor: record how far a journal file was read, in the transaction that stored its rows.
INSERT OR REPLACE INTO ingest_cursors (source_file, file_id, position, finished, updated_at)
VALUES ($source, $file_id, $position, $finished, $updated_at)
