-- dim_model_pricing: model prices as versioned data (data/pricing/models.json, then the user's
-- <data dir>/pricing.json, whose rows replace every bundled row of the same model). Loaded by
-- warehouse/pricing.ts on every build. One row per model and period [effective_from, effective_to).
CREATE OR REPLACE TABLE dim_model_pricing (
    model                               VARCHAR NOT NULL,
    effective_from                      DATE    NOT NULL,
    effective_to                        DATE,              -- NULL: still in effect
    input_usd_per_mtok                  DOUBLE  NOT NULL,
    output_usd_per_mtok                 DOUBLE  NOT NULL,
    cache_write_5m_multiplier           DOUBLE  NOT NULL,  -- 1.25 x input
    cache_write_1h_multiplier           DOUBLE  NOT NULL,  -- 2 x input
    cache_read_multiplier               DOUBLE  NOT NULL,  -- 0.1 x input
    long_context_threshold_tokens       BIGINT,            -- prompt tokens above which the long-context rates apply
    long_context_input_usd_per_mtok     DOUBLE,
    long_context_output_usd_per_mtok    DOUBLE,
    source                              VARCHAR NOT NULL,  -- 'bundled: …' or 'user: <file>'
    CHECK (input_usd_per_mtok >= 0 AND output_usd_per_mtok >= 0),
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);
