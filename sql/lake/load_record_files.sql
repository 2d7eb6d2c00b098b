-- load_record_files: the chunk's files as loaded, in the transaction that stored their rows.
INSERT INTO raw_lake_files
SELECT $lake_id, f.path, $table, f.host, f.day, coalesce(c.n, 0), f.bytes, CAST($loaded_at AS TIMESTAMP)
FROM lake_load_listing AS f
LEFT JOIN (SELECT lake_file, count(*) AS n FROM lake_load_rows GROUP BY ALL) AS c ON c.lake_file = f.abs_path
