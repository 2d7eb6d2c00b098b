-- load_delete_latest: for a `latest` table, drop the stored rows the staged lake rows replace
-- (same key); load_insert_latest.sql then inserts the newest staged version of each.
-- Placeholders: {{table}}, {{key_match}}.
DELETE FROM {{table}} AS t
WHERE EXISTS (SELECT 1 FROM lake_load_rows AS s WHERE {{key_match}})
