-- Promotion missed nothing: no plain pending task has every blocking dependency met.
SELECT id FROM task_readiness WHERE promotable = 1;
