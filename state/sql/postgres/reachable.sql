-- One row (1) when $goal can be reached from $start along "finishes before" links: a dependency
-- edge (from_task → to_task) or a child → its composite parent. PostgreSQL allows one recursive
-- reference, so both kinds of link come from one LATERAL subquery per reached task.
WITH RECURSIVE reach(id) AS (
  SELECT CAST(@start AS text) COLLATE "C"
  UNION
  SELECT n.next FROM reach r CROSS JOIN LATERAL (
    SELECT d.to_task AS next FROM dependencies d WHERE d.from_task = r.id
    UNION ALL
    SELECT t.parent_task_id FROM tasks t WHERE t.id = r.id AND t.parent_task_id IS NOT NULL) n)
SELECT 1 AS reachable FROM reach WHERE id = CAST(@goal AS text) LIMIT 1
