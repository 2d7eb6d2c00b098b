-- load_repeats: how many staged lake rows repeat a key stored before or earlier in the chunk.
-- Almost always 0 (a machine's own new rows): the load then inserts the chunk as it is, and only
-- otherwise pays for the dedup (3 × 200,000 events: the plain insert ~5 s here, the insert with
-- its anti-join and window ~11 s, this check ~0.4 s).
-- Placeholders: {{table}}, {{key}} (the staged key columns), {{key_match}}.
SELECT (SELECT count(*) - count(DISTINCT ({{key}})) FROM lake_load_rows AS s)
     + (SELECT count(*) FROM {{table}} AS t WHERE EXISTS (SELECT 1 FROM lake_load_rows AS s WHERE {{key_match}}))
       AS repeats
