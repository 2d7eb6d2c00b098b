-- push_stage_batch: one push batch of a raw table into a temp table: the rows stored after the
-- lake's position and up to the batch's end, columns under their lake names, with the day
-- partition. Created outside a transaction, so rowid i is row i (the redaction pass updates by rowid).
-- Placeholders: {{table}}, {{new_since}}, {{type}}, {{columns}} (raw AS lake names), {{day}}.
CREATE OR REPLACE TEMP TABLE lake_push_rows AS
SELECT {{columns}}, {{day}} AS day
FROM {{table}}
WHERE ($after IS NULL OR {{new_since}} > CAST($after AS {{type}}))
  AND {{new_since}} <= CAST($until AS {{type}})
