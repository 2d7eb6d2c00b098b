-- raw_machine: the name of the machine this warehouse belongs to (AGENTDAG_HOST, else the host
-- name; core/machine.ts), written by every ingest when it changed: the host of the sessions that
-- this machine's own transcripts bring (hook events name their host, lake rows their machine's).
-- grain: this warehouse (one row)
-- key: (one row)
CREATE TABLE IF NOT EXISTS raw_machine (
    host        VARCHAR   NOT NULL,
    named_at    TIMESTAMP NOT NULL   -- when an ingest first ran under this name (UTC)
);
