-- last_checks_write: record what the checks found after the current build (none before any build).
-- $failures: every failure, per-session checks summed over last_check_sessions.
DELETE FROM last_checks;
INSERT INTO last_checks SELECT built_at, $checks_sha, $failures FROM build_state;
