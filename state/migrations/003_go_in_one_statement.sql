-- 003: `go` claims and starts in ONE statement (ready → running) instead of two, so the trigger
-- writes the task_claimed event that transition implies before task_started. Same events as
-- before for every caller; one UPDATE and one trigger run less per `go`.
DROP TRIGGER tasks_event_transition;

CREATE TRIGGER tasks_event_transition AFTER UPDATE OF status ON tasks
WHEN OLD.status IS NOT NEW.status
BEGIN
  -- `go` takes a ready task straight to running in one statement: record the claim it implies.
  INSERT INTO events (project_id, task_id, event_type, from_status, to_status, agent_id, session_id, payload)
  SELECT NEW.project_id, NEW.id, 'task_claimed', 'ready', 'claimed', NEW.agent_id, NEW.session_id,
         json_object('reason', NEW.status_reason, 'kind', NEW.kind, 'via', 'go')
  WHERE OLD.status = 'ready' AND NEW.status = 'running' AND NEW.kind = 'task';
  INSERT INTO events (project_id, task_id, event_type, from_status, to_status, agent_id, session_id, payload)
  VALUES (NEW.project_id, NEW.id,
    CASE NEW.status
      WHEN 'pending'      THEN 'task_blocked'
      WHEN 'ready'        THEN CASE
                                 WHEN OLD.status = 'pending' THEN 'task_ready'
                                 WHEN OLD.status = 'failed' THEN 'task_retried'
                                 WHEN NEW.status_reason = 'lease_expired' THEN 'task_reclaimed'
                                 ELSE 'task_paused' END
      WHEN 'claimed'      THEN 'task_claimed'
      WHEN 'running'      THEN 'task_started'
      WHEN 'done'         THEN 'task_completed'
      WHEN 'done_partial' THEN 'task_completed'
      WHEN 'failed'       THEN 'task_failed'
      WHEN 'cancelled'    THEN 'task_cancelled'
    END,
    CASE WHEN OLD.status = 'ready' AND NEW.status = 'running' AND NEW.kind = 'task' THEN 'claimed' ELSE OLD.status END,
    NEW.status, COALESCE(NEW.agent_id, OLD.agent_id), COALESCE(NEW.session_id, OLD.session_id),
    json_object('reason', NEW.status_reason, 'kind', NEW.kind,
                'partial', json(CASE WHEN NEW.status = 'done_partial' THEN 'true' ELSE 'false' END),
                'has_result', json(CASE WHEN NEW.result IS NOT NULL THEN 'true' ELSE 'false' END),
                'error', CASE WHEN NEW.status = 'failed' THEN NEW.error END,
                'retries', NEW.retries));
END;
