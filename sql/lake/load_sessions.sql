-- load_sessions: the machine that pushed each session's staged rows, for sessions not seen before.
-- Placeholder: {{session}} (the table's session column).
INSERT INTO raw_lake_sessions
SELECT {{session}}, min(host), CAST($loaded_at AS TIMESTAMP)
FROM lake_load_rows
WHERE {{session}} IS NOT NULL
GROUP BY {{session}}
ON CONFLICT DO NOTHING
