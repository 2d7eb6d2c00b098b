-- Event ids follow commit order: a later id never carries an earlier timestamp (timestamps are
-- stamped inside the write, under the lock, so ordering by id and by time agree).
SELECT id, created_at, previous_created_at FROM (
  SELECT id, created_at, lag(created_at) OVER (ORDER BY id) AS previous_created_at FROM events
) AS ordered WHERE created_at < previous_created_at;
