-- raw_transcript_sources: every transcript path named by a hook event (transcript_path, agent_transcript_path) or found
-- under --transcripts DIR, so later ingests re-check growing files without rescanning all events.
-- grain: transcript path to watch
-- key: path
CREATE TABLE IF NOT EXISTS raw_transcript_sources (
    path            VARCHAR PRIMARY KEY,
    found_via       VARCHAR NOT NULL,   -- 'hook' or 'import'
    first_seen_at   TIMESTAMP NOT NULL
);
