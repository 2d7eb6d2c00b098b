-- push_batch_end: where the next push batch of a raw table ends: the largest new-since value above
-- the lake's position (NULL: nothing new), and how many rows the batch holds.
-- Placeholders: {{table}}, {{new_since}}, {{type}} (the column's type), from ingest/lake/raw-tables.ts.
SELECT CAST(max({{new_since}}) AS VARCHAR) AS until, count(*) AS n
FROM {{table}}
WHERE $after IS NULL OR {{new_since}} > CAST($after AS {{type}})
