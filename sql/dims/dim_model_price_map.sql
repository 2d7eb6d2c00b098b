-- dim_model_price_map: every model name seen in fact_api_call → the dim_model_pricing model it is
-- priced as: the same id, or a priced id followed by a date snapshot suffix
-- (claude-haiku-4-5-20251001, claude-sonnet-4-5@20250929 → the undated id). Any other suffix
-- (claude-opus-4-9) is a different model: no row, unknown, cost NULL rather than a wrong price.
-- grain: model name seen in the API calls
-- key: model
WITH seen AS (SELECT DISTINCT model FROM fact_api_call WHERE model IS NOT NULL),
priced AS (SELECT DISTINCT model AS priced_as FROM dim_model_pricing)
SELECT s.model, arg_max(p.priced_as, length(p.priced_as)) AS priced_as
FROM seen s
JOIN priced p
  ON s.model = p.priced_as
  OR (starts_with(s.model, p.priced_as)
      AND regexp_full_match(substr(s.model, length(p.priced_as) + 1), '[-@][0-9]{8}(-v[0-9]+(:[0-9]+)?)?'))
GROUP BY s.model
