-- ingest_runs: one row per committed ingest run, for `agentdag report`-style audits and --json.
-- grain: ingest run that changed something
-- key: started_at
CREATE TABLE IF NOT EXISTS ingest_runs (
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP NOT NULL,
    files_read        BIGINT    NOT NULL,
    lines_read        BIGINT    NOT NULL,
    events_new        BIGINT    NOT NULL,
    events_duplicate  BIGINT    NOT NULL,
    rejected          BIGINT    NOT NULL,
    api_calls_new     BIGINT    NOT NULL,
    transcript_files  BIGINT    NOT NULL,
    segments_deleted  BIGINT    NOT NULL,
    host              VARCHAR,
    version           VARCHAR
);
