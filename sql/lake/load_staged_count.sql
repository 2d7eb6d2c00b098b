-- load_staged_count: rows read from the chunk's lake files.
SELECT count(*) AS n FROM lake_load_rows
