-- push_staged_count: rows in the staged push batch.
SELECT count(*) AS n FROM lake_push_rows
