-- model_build_state: what the last model build was built from (one row). buildModels skips the
-- rebuild when raw data, prices and model SQL are unchanged, so a no-op ingest stays cheap.
CREATE TABLE IF NOT EXISTS model_build_state (
    fingerprint     VARCHAR NOT NULL,
    built_at        TIMESTAMP NOT NULL,
    build_ms        BIGINT NOT NULL
);
