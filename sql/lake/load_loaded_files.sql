-- load_loaded_files: the lake files this warehouse has already loaded (each is read once, by name).
SELECT path FROM raw_lake_files WHERE lake_id = $lake_id
