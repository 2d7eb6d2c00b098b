-- raw_transcript_rejects: transcript lines that are not valid JSON: kept with their reason, never dropped.
-- grain: transcript line that is not valid JSON
-- key: file_key, byte_offset
CREATE TABLE IF NOT EXISTS raw_transcript_rejects (
    file_key        VARCHAR NOT NULL,
    byte_offset     UBIGINT NOT NULL,
    path            VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,   -- redacted
    ingested_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (file_key, byte_offset)
);
