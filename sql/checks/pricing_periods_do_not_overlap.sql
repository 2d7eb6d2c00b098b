-- At most one price per model and date: overlapping periods would price a call twice.
SELECT a.model, a.effective_from, b.effective_from AS overlapping_from
FROM dim_model_pricing a JOIN dim_model_pricing b
  ON a.model = b.model AND a.effective_from < b.effective_from
 AND (a.effective_to IS NULL OR a.effective_to > b.effective_from)
