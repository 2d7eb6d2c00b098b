-- table_columns: one row per column of a table of the warehouse, in table order: what push writes
-- and what the team load matches lake columns against, read at run time so that a raw table that
-- gained a column needs no change in either.
SELECT column_name AS name, data_type AS type
FROM information_schema.columns
WHERE table_schema = 'main' AND table_name = $table
ORDER BY ordinal_position
