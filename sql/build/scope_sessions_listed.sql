-- scope_sessions_listed: in_scope() again, over the sessions of build_scope written out as constants
-- (the runner puts them in place of {sessions}, quoted, and true or false in place of {no_session}:
-- whether '' is in scope, which stands for rows without a session id). Used when the scope is
-- small. DuckDB pushes a constant IN list into the scans and joins of a model, where the
-- IN (SELECT …) of scope_sessions.sql is a semi-join against every table the model reads: the
-- session-keyed models of an incremental build over 1M events read their rows ~27% faster.
CREATE OR REPLACE TEMP MACRO in_scope(s) AS s IN ({sessions}) OR (s IS NULL AND {no_session});
