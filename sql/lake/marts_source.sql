-- marts_source: one mart's rows as other engines read them, with its day partition, as a temp
-- view (read twice, and only twice when a day changed: for the fingerprints, then for the days to
-- write; never copied whole): every column at a type Trino, Spark, Athena and hyparquet all read (wide integers as
-- DECIMAL(38,0) or BIGINT, UTC timestamps as TIMESTAMP WITH TIME ZONE, JSON as text).
-- Placeholders: {{columns}} (converted), {{day}} (a DATE expression, or NULL), {{source}}.
CREATE OR REPLACE TEMP VIEW lake_mart_rows AS
SELECT {{columns}}, {{day}} AS day
FROM {{source}}
