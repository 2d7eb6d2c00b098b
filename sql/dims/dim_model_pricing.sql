-- dim_model_pricing: model prices as versioned data: data/pricing/models.json, then the user's
-- <data dir>/pricing.json, whose rows replace every bundled row of the same model. The build loads
-- the effective rows (warehouse/pricing.ts, checked there) into build_price_rows first.
--   cache writes cost input x cache_write_5m_multiplier (5-minute TTL) or x cache_write_1h_multiplier
--   (1-hour); cache reads input x cache_read_multiplier; a request whose prompt exceeds
--   long_context_threshold_tokens is priced whole at the long-context rates.
-- grain: model and price period [effective_from, effective_to)
-- key: model, effective_from
SELECT
    model,
    CAST(effective_from AS DATE)            AS effective_from,
    CAST(effective_to AS DATE)              AS effective_to,      -- NULL: still in effect
    input_usd_per_mtok,
    output_usd_per_mtok,
    cache_write_5m_multiplier,
    cache_write_1h_multiplier,
    cache_read_multiplier,
    long_context_threshold_tokens,
    long_context_input_usd_per_mtok,
    long_context_output_usd_per_mtok,
    source                                                        -- 'bundled: …' or 'user <file>: …'
FROM build_price_rows
