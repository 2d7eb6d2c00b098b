-- add_transcript_sources: the transcript paths in $paths (a JSON array of strings), found via $via
-- ('import', 'subagents'), into raw_transcript_sources at $now; a path already there keeps how it
-- was first found. One statement for them all: one INSERT per path cost ~7 ms each (0.35 s for the
-- real corpus's 50 files).
INSERT INTO raw_transcript_sources
SELECT DISTINCT p, $via, CAST($now AS TIMESTAMP)
FROM (SELECT unnest(from_json($paths, '["VARCHAR"]')) AS p)
ON CONFLICT DO NOTHING
