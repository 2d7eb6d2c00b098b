-- marts_state: the fingerprints of one mart's days as last written to this lake.
SELECT day, fingerprint FROM lake_mart_state WHERE lake_id = $lake_id AND mart = $mart
