-- marts_fingerprints: per day partition of the staged mart, its rows and an order-free hash of
-- every row (the folder value as Hive spells it; a NULL day is __HIVE_DEFAULT_PARTITION__).
SELECT coalesce(CAST(day AS VARCHAR), '__HIVE_DEFAULT_PARTITION__') AS day,
       count(*) AS n,
       CAST(sum(hash(r)) AS VARCHAR) AS h
FROM lake_mart_rows AS r
GROUP BY ALL
