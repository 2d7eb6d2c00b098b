-- record_build: what this build was built from, in the build's transaction; the sessions it rebuilt
-- are no longer pending.
DELETE FROM build_pending_sessions;
DELETE FROM build_state;
INSERT INTO build_state VALUES ($fingerprint, $tg_snapshot_id, now()::TIMESTAMP, $mode, $sessions_rebuilt, $build_ms);
