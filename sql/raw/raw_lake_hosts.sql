-- raw_lake_hosts: each machine's own account of its pushes (DIR/hosts/<host>.json), as of the
-- team build's last load: when it last pushed (even when it had nothing new) and how much in all.
-- grain: machine pushing to a lake
-- key: (lake_id, host)
CREATE TABLE IF NOT EXISTS raw_lake_hosts (
    lake_id           VARCHAR   NOT NULL,
    host              VARCHAR   NOT NULL,
    pushed_at         TIMESTAMP,          -- its last push (UTC), whatever it found to send
    agentdag_version  VARCHAR,
    manifest          JSON      NOT NULL, -- the whole file: per raw table batches, rows, files, bytes, position
    read_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (lake_id, host)
);
