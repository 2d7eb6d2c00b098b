-- uncastable_rows: the rows of a task-graph snapshot file ($file: NDJSON of {row}, each row a
-- task-graph row with its "id") on which one of a staging view's casts would fail, so that the
-- snapshot skips and names them instead of storing a row that stops every later build.
-- The checks placeholder below is one SELECT per CAST(row->>'field' AS TYPE) of the staging view (ingest/raw-row-checks.ts
-- builds them from the view's own SQL), each over `src`, giving key, field, type, value.
-- grain: (row, field) that cannot be typed
WITH src AS (
    SELECT row FROM read_json($file, format = 'newline_delimited', columns = {row: 'JSON'})
)
SELECT * FROM (
{{checks}}
)
ORDER BY key, field
