-- load_stage_files: the rows of one load chunk's lake files into a temp table, with the file each
-- came from and its Hive partitions (host, day). union_by_name: files pushed before a raw table
-- gained a column have NULL there. The partition types are given, so a host named "2024" stays a name.
-- Placeholder: {{files}} (a list of quoted paths).
CREATE OR REPLACE TEMP TABLE lake_load_rows AS
SELECT *
FROM read_parquet({{files}},
        hive_partitioning = true,
        hive_types = {'host': VARCHAR, 'day': DATE},
        union_by_name = true,
        filename = 'lake_file')
