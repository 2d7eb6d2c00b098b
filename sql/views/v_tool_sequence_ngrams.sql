-- v_tool_sequence_ngrams: recurring tool sequences over all history (materialised: sql/facts/mat_tool_ngrams.sql).
CREATE OR REPLACE VIEW v_tool_sequence_ngrams AS SELECT * FROM mat_tool_ngrams;
