-- tg_overlap_peaks(tbl): for a table of intervals (grp, started_at, ended_at), the most
-- intervals open at one instant in each grp — a sweep over the interval edges, where ends sort
-- before starts at the same instant (touching intervals do not overlap). Used for the peak
-- parallelism of waves and of concurrent execution sessions.
CREATE OR REPLACE MACRO tg_overlap_peaks(tbl) AS TABLE
SELECT grp, max(open_now) AS peak
FROM (
    SELECT grp, sum(delta) OVER (PARTITION BY grp ORDER BY edge_at, delta ROWS UNBOUNDED PRECEDING) AS open_now
    FROM (
        SELECT grp, started_at AS edge_at, 1 AS delta FROM query_table(tbl)
        UNION ALL
        SELECT grp, ended_at, -1 FROM query_table(tbl)
    )
)
GROUP BY grp;
