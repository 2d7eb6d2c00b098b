-- raw_transcript_scan_state: how far the transcript step has looked through raw_hook_events for transcript paths (one row):
-- each ingest only scans events stored since, instead of re-extracting paths from every event.
-- grain: (one row)
-- key: (one row)
CREATE TABLE IF NOT EXISTS raw_transcript_scan_state (
    hook_events_seen_until  TIMESTAMP   -- max(raw_hook_events.ingested_at) already scanned
);
