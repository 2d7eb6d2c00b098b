-- transcript_refusals: paths a hook event named as a transcript that ingest will not read (not a
-- .jsonl in a Claude Code projects folder or --transcripts, not a regular file, not shaped like a
-- transcript: ingest/transcript-admission.ts). Said once, on the run that found them (skipped, with
-- the fix); the sources list keeps them so later runs pass them by quietly. A file that cannot be
-- read now (no permission) is not here: it is said on every run until it can be.
-- grain: refused transcript path
-- key: path
CREATE TABLE IF NOT EXISTS transcript_refusals (
    path        VARCHAR PRIMARY KEY,
    reason      VARCHAR NOT NULL,
    refused_at  TIMESTAMP NOT NULL
);
