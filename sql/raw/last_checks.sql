-- last_checks: what the checks (sql/checks/) found after the last model build (one row), so that
-- an ingest whose build was skipped (nothing new) reports the same findings without running them
-- again, and an incremental build checks only the sessions it rebuilt (last_check_sessions keeps
-- the others'): read whole, they cost ~0.4 s over 1,000,000 events.
-- Written after the build's commit, so it is used only while built_at is the build before (for an
-- incremental build) or this one (a skipped build): a run killed in between leaves an older row,
-- and the next run checks everything. checks_sha is that of the check SQL that ran (an upgrade
-- that changes a check runs them all again); 'incomplete' when a check could not run.
-- grain: the last check run
-- key: (one row)
CREATE TABLE IF NOT EXISTS last_checks (
    built_at    TIMESTAMP NOT NULL,  -- build_state.built_at of the build the checks ran after
    checks_sha  VARCHAR   NOT NULL,  -- sha256 of every sql/checks/ file, in name order
    failures    JSON      NOT NULL   -- what ingest reported: [{check, rows, sample}], [] when all passed
);
