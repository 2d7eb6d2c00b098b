-- push_apply_fix: write the redacted values of one column back into the staged batch.
-- Placeholders: {{column}} (quoted), {{type}} (VARCHAR or JSON).
UPDATE lake_push_rows SET {{column}} = CAST(f.text AS {{type}})
FROM lake_push_fixes AS f
WHERE f.col = $col AND lake_push_rows.rowid = f.rid
