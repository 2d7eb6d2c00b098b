-- One fact_api_call row per message id + request id: usage is never counted twice.
SELECT message_id, request_id, count(*) AS copies FROM fact_api_call GROUP BY 1, 2 HAVING count(*) > 1
