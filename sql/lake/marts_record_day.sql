-- marts_record_day: a day partition as just written.
INSERT OR REPLACE INTO lake_mart_state VALUES ($lake_id, $mart, $day, $rows, $fingerprint, CAST($now AS TIMESTAMP))
