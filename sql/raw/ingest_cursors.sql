-- ingest_cursors: how far each journal file has been read. Updated in the same transaction as
-- the rows read from it, so a crash (even SIGKILL) leaves rows and position in step.
-- position always sits just after a newline, or at the end of the file once its partial last
-- line was final (older than the grace period) and went to raw_rejects.
-- grain: journal file
-- key: source_file
CREATE TABLE IF NOT EXISTS ingest_cursors (
    source_file  VARCHAR   PRIMARY KEY,  -- segment name, or 'external:' + real path
    file_id      VARCHAR   NOT NULL,     -- device:inode; another identity means another file (read from 0)
    position     BIGINT    NOT NULL,
    finished     BOOLEAN   NOT NULL,     -- whole file consumed and its tail final
    updated_at   TIMESTAMP NOT NULL
);
