-- The graph is acyclic: no task reaches itself along dependency edges.
WITH RECURSIVE walk(start, id) AS (
  SELECT from_task, to_task FROM dependencies
  UNION
  SELECT walk.start, d.to_task FROM walk JOIN dependencies d ON d.from_task = walk.id
)
SELECT start AS id FROM walk WHERE start = id;
