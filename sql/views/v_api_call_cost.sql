-- v_api_call_cost: every API call with its price (api_call_cost), under the name analysts know.
-- grain: API call (message id + request id)
-- key: session_id, message_id, request_id
SELECT * FROM api_call_cost
