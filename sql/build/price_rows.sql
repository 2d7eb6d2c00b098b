-- price_rows: the effective model prices of this build (bundled + pricing.json, parsed and checked
-- by warehouse/pricing.ts), read by dims/dim_model_pricing.sql. Parameter: $file, NDJSON.
CREATE OR REPLACE TEMP TABLE build_price_rows AS
SELECT * FROM read_json($file, format = 'newline_delimited', columns = {
    model: 'VARCHAR', effective_from: 'VARCHAR', effective_to: 'VARCHAR',
    input_usd_per_mtok: 'DOUBLE', output_usd_per_mtok: 'DOUBLE',
    cache_write_5m_multiplier: 'DOUBLE', cache_write_1h_multiplier: 'DOUBLE', cache_read_multiplier: 'DOUBLE',
    long_context_threshold_tokens: 'BIGINT', long_context_input_usd_per_mtok: 'DOUBLE',
    long_context_output_usd_per_mtok: 'DOUBLE', source: 'VARCHAR'})
