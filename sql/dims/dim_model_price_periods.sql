-- dim_model_price_periods: every model name seen in fact_api_call, with each price period of the
-- dim_model_pricing model it is priced as (dim_model_price_map). The one lookup behind every cost:
-- agg_api_hourly, rpt_api_call_cost and rpt_api_cost_hourly join here on model and the call's
-- date. A model with no price has no row, so its cost is NULL, never 0.
-- grain: model name seen and price period
-- key: model, effective_from
SELECT m.model, m.priced_as, p.* EXCLUDE (model)
FROM dim_model_price_map m
JOIN dim_model_pricing p ON p.model = m.priced_as
