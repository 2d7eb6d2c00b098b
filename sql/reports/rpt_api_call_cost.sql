-- rpt_api_call_cost(since, until, session, machine): the priced API calls (api_call_cost) in the window.
-- cost_usd is NULL (never 0) when the model has no price for that date; priced_as names the
-- dim_model_pricing row used.
-- grain: API call
-- key: session_id, message_id, request_id
SELECT * FROM api_call_cost
WHERE (since IS NULL OR called_at >= since)
  AND (until IS NULL OR called_at < until)
  AND (session IS NULL OR session_id = session)
  AND (machine IS NULL OR host = machine)
