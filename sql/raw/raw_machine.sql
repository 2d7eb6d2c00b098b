-- raw_machine: the machine this warehouse belongs to: an id made on its first ingest (it stays
-- with the data dir) and the name it goes by (AGENTDAG_HOST, else the host name; core/machine.ts),
-- updated when that changes. The name is the host of the sessions this machine's own transcripts
-- bring; the id tells two machines apart that push to one lake under the same name.
-- grain: this warehouse (one row)
-- key: (one row)
CREATE TABLE IF NOT EXISTS raw_machine (
    machine_id  VARCHAR   NOT NULL,
    host        VARCHAR   NOT NULL,
    named_at    TIMESTAMP NOT NULL   -- when it took this name (UTC)
);
