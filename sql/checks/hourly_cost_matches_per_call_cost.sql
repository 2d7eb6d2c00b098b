-- Pricing the hourly sums gives the same cost as pricing every call (the tiers are per group).
SELECT a.cost, c.cost FROM
    (SELECT sum(cost_usd) AS cost FROM rpt_api_cost_hourly(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR)) a,
    (SELECT sum(cost_usd) AS cost FROM v_api_call_cost) c
WHERE abs(coalesce(a.cost, 0) - coalesce(c.cost, 0)) > 1e-9
