-- load_pending_sessions: the sessions of the chunk's rows need their facts rebuilt (in the chunk's
-- transaction, like every loader: warehouse/build.ts rebuilds the sessions listed here). A row
-- that replaced a stored one (a `latest` table) has the same key, so the same session.
-- Placeholder: {{session}} (the table's session column, as staged).
INSERT OR IGNORE INTO build_pending_sessions
SELECT DISTINCT coalesce({{session}}, '') FROM lake_load_rows
