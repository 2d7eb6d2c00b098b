-- mat_tool_ngrams: rpt_tool_ngrams over all history, materialised at build time: the window
-- functions over every step take seconds on 10M steps, too slow for a view read on demand.
CREATE OR REPLACE TABLE mat_tool_ngrams AS SELECT * FROM rpt_tool_ngrams(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
