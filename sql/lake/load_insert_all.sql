-- load_insert_all: every staged lake row into the raw table (load_repeats.sql found no key twice).
-- Placeholders: {{table}}, {{columns}}, {{values}}.
INSERT INTO {{table}} ({{columns}})
SELECT {{values}}
FROM lake_load_rows AS s
