-- transcript_sources_to_read: the transcript paths the transcript step looks at, with how each
-- was found, but those it refused before (sql/raw/transcript_refusals.sql: said once).
SELECT path, found_via FROM raw_transcript_sources
WHERE path NOT IN (SELECT path FROM transcript_refusals)
ORDER BY path
