-- push_redaction_rows: the next chunk of the staged batch's text values (VARCHAR and JSON
-- columns, as text) that a redaction could change, by rowid: rows where no value contains a
-- pattern's trigger word or a secret-named JSON key are skipped (ingest/lake/redact-batch.ts).
-- Placeholders: {{texts}} (the columns cast to VARCHAR), {{candidate}} (the RE2 test per column).
SELECT rowid AS rid, {{texts}}
FROM lake_push_rows
WHERE rowid >= $from AND rowid < $to
  AND ({{candidate}})
