-- load_insert_first: the staged lake rows of a `first` table (ingest/lake/raw-tables.ts) whose key
-- is not here yet, one per key (the first file by name wins), into the raw table: a journal pushed
-- from two machines, or a row loaded before, is stored once.
-- Placeholders: {{table}}, {{columns}} (the raw table's), {{values}} (from s), {{key_match}}, {{key}}.
INSERT INTO {{table}} ({{columns}})
SELECT {{values}}
FROM lake_load_rows AS s
WHERE NOT EXISTS (SELECT 1 FROM {{table}} AS t WHERE {{key_match}})
QUALIFY row_number() OVER (PARTITION BY {{key}} ORDER BY s.lake_file) = 1
