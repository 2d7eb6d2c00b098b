-- v_tool_sequence_ngrams: rpt_tool_ngrams over all history (the report macro with no window; see sql/reports/rpt_tool_ngrams.sql).
CREATE OR REPLACE VIEW v_tool_sequence_ngrams AS SELECT * FROM rpt_tool_ngrams(NULL, NULL, NULL);
