-- load_insert_latest: the newest staged version of each key (largest new-since value on the
-- machine that pushed it; then the last file by name) into a `latest` raw table.
-- Placeholders: {{table}}, {{columns}}, {{values}}, {{key}}, {{order}}.
INSERT INTO {{table}} ({{columns}})
SELECT {{values}}
FROM lake_load_rows AS s
QUALIFY row_number() OVER (PARTITION BY {{key}} ORDER BY {{order}} DESC, s.lake_file DESC) = 1
