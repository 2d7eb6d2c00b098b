-- push_redaction_rows: the next chunk of the staged batch's text values (VARCHAR and JSON
-- columns, as text) for the redaction pass, by rowid.
-- Placeholders: {{texts}} (the columns cast to VARCHAR).
SELECT rowid AS rid, {{texts}}
FROM lake_push_rows
WHERE rowid >= $from AND rowid < $to
