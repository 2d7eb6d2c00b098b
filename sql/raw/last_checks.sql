-- last_checks: what the checks (sql/checks/) found after the last model build (one row), so that
-- an ingest whose build was skipped (nothing new) reports the same findings without running them
-- again: they read whole tables (~0.4 s over 1,000,000 events, a third of a no-op ingest).
-- Written after the build's commit, so it is used only while built_at is build_state.built_at (a
-- run killed in between leaves a row of the build before, and the next run checks again) and
-- checks_sha is that of the check SQL that ran (an upgrade that changes a check runs it again).
-- grain: the last check run
-- key: (one row)
CREATE TABLE IF NOT EXISTS last_checks (
    built_at    TIMESTAMP NOT NULL,  -- build_state.built_at of the build the checks ran after
    checks_sha  VARCHAR   NOT NULL,  -- sha256 of every sql/checks/ file, in name order
    failures    JSON      NOT NULL   -- what ingest reported: [{check, rows, sample}], [] when all passed
);
