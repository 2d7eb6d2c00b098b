-- No ready task has an unmet blocking dependency.
SELECT id, unmet_deps FROM task_readiness WHERE status = 'ready' AND unmet_deps > 0;
