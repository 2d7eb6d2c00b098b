-- foreign_keys: off
-- 004: every numeric column refuses what is not a whole number in range (SQLite stores 'high' or
-- 3000000000 in an INTEGER column without a CHECK), and tasks gain finished_by: who ran done or
-- fail, recorded next to agent_id (who claimed) in the task and in its event. SQLite cannot add a
-- CHECK to a table, so tasks and artifacts are rebuilt (the documented 12-step way: foreign keys
-- off, new table, copy, drop, rename, views, indexes and triggers again). Values already stored
-- out of range are clamped into it; values that are not numbers take the column's default.

DROP VIEW task_readiness;
DROP VIEW v_active_agents;

CREATE TABLE tasks_new (
  id                TEXT PRIMARY KEY CHECK (id GLOB 't-*'),
  project_id        TEXT NOT NULL REFERENCES projects(id),
  parent_task_id    TEXT REFERENCES tasks(id),
  title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
  description       TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'ready', 'claimed', 'running', 'done', 'done_partial', 'failed', 'cancelled')),
  kind              TEXT NOT NULL DEFAULT 'task' CHECK (kind IN ('task', 'composite')),
  priority          INTEGER NOT NULL DEFAULT 0 CHECK (typeof(priority) = 'integer' AND priority BETWEEN -1000000 AND 1000000),
  agent_id          TEXT,
  session_id        TEXT,
  result            TEXT CHECK (result IS NULL OR json_valid(result)),
  error             TEXT,
  progress          INTEGER CHECK (progress IS NULL OR (typeof(progress) = 'integer' AND progress BETWEEN 0 AND 100)),
  progress_note     TEXT,
  retries           INTEGER NOT NULL DEFAULT 0 CHECK (typeof(retries) = 'integer' AND retries BETWEEN 0 AND 1000000),
  max_retries       INTEGER NOT NULL DEFAULT 2 CHECK (typeof(max_retries) = 'integer' AND max_retries BETWEEN 0 AND 1000000),
  lease_seconds     INTEGER NOT NULL DEFAULT 300 CHECK (typeof(lease_seconds) = 'integer' AND lease_seconds BETWEEN 1 AND 604800),
  lease_expires_at  TEXT,
  last_heartbeat_at TEXT,
  status_reason     TEXT,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ready_at          TEXT,
  claimed_at        TEXT,
  started_at        TEXT,
  completed_at      TEXT,
  failed_at         TEXT,
  cancelled_at      TEXT,
  -- Who ran done or fail (agent_id stays who claimed): a lenient done by another identity shows here.
  finished_by       TEXT,
  CHECK (parent_task_id IS NULL OR parent_task_id <> id),
  CHECK ((status IN ('done', 'done_partial')) = (completed_at IS NOT NULL)),
  CHECK ((status = 'failed') = (failed_at IS NOT NULL)),
  CHECK (status <> 'failed' OR error IS NOT NULL),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK (kind <> 'task' OR status NOT IN ('claimed', 'running')
         OR (agent_id IS NOT NULL AND claimed_at IS NOT NULL AND lease_expires_at IS NOT NULL)),
  CHECK ((lease_expires_at IS NOT NULL) = (kind = 'task' AND status IN ('claimed', 'running'))),
  CHECK (status NOT IN ('pending', 'ready') OR (agent_id IS NULL AND session_id IS NULL)),
  CHECK (status <> 'running' OR started_at IS NOT NULL)
);

INSERT INTO tasks_new (rowid, id, project_id, parent_task_id, title, description, status, kind, priority, agent_id, session_id,
  result, error, progress, progress_note, retries, max_retries, lease_seconds, lease_expires_at, last_heartbeat_at,
  status_reason, created_at, updated_at, ready_at, claimed_at, started_at, completed_at, failed_at, cancelled_at)
SELECT rowid, id, project_id, parent_task_id, title, description, status, kind,
  CASE WHEN typeof(priority) IN ('integer', 'real') THEN max(-1000000, min(1000000, CAST(priority AS INTEGER))) ELSE 0 END,
  agent_id, session_id, result, error,
  CASE WHEN typeof(progress) IN ('integer', 'real') THEN max(0, min(100, CAST(progress AS INTEGER))) END,
  progress_note,
  CASE WHEN typeof(retries) IN ('integer', 'real') THEN max(0, min(1000000, CAST(retries AS INTEGER))) ELSE 0 END,
  CASE WHEN typeof(max_retries) IN ('integer', 'real') THEN max(0, min(1000000, CAST(max_retries AS INTEGER))) ELSE 2 END,
  CASE WHEN typeof(lease_seconds) IN ('integer', 'real') THEN max(1, min(604800, CAST(lease_seconds AS INTEGER))) ELSE 300 END,
  lease_expires_at, last_heartbeat_at, status_reason, created_at, updated_at, ready_at, claimed_at, started_at,
  completed_at, failed_at, cancelled_at
FROM tasks;

DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;

CREATE INDEX tasks_ready_queue ON tasks (project_id, priority DESC, created_at) WHERE status = 'ready' AND kind = 'task';
CREATE INDEX tasks_leases ON tasks (lease_expires_at) WHERE lease_expires_at IS NOT NULL;
CREATE INDEX tasks_parent ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;
CREATE INDEX tasks_dead_ends ON tasks (project_id, status) WHERE status IN ('failed', 'cancelled');

CREATE TABLE artifacts_new (
  id         INTEGER PRIMARY KEY,
  task_id    TEXT NOT NULL REFERENCES tasks(id),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  uri        TEXT NOT NULL,
  media_type TEXT,
  size_bytes INTEGER CHECK (size_bytes IS NULL OR (typeof(size_bytes) = 'integer' AND size_bytes >= 0)),
  sha256     TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO artifacts_new (id, task_id, name, uri, media_type, size_bytes, sha256, created_at)
SELECT id, task_id, name, uri, media_type,
  CASE WHEN typeof(size_bytes) = 'integer' AND size_bytes >= 0 THEN size_bytes END, sha256, created_at
FROM artifacts;
DROP TABLE artifacts;
ALTER TABLE artifacts_new RENAME TO artifacts;
CREATE INDEX artifacts_task ON artifacts (task_id);

CREATE TRIGGER tasks_event_created AFTER INSERT ON tasks
BEGIN
  INSERT INTO events (project_id, task_id, event_type, from_status, to_status, agent_id, session_id, payload)
  VALUES (NEW.project_id, NEW.id, 'task_created', NULL, NEW.status, NEW.agent_id, NEW.session_id,
          json_object('title', NEW.title, 'kind', NEW.kind, 'priority', NEW.priority,
                      'parent_task_id', NEW.parent_task_id, 'reason', NEW.status_reason));
  INSERT INTO events (project_id, task_id, event_type, from_status, to_status, agent_id, payload)
  SELECT NEW.project_id, NEW.id, 'task_ready', NULL, 'ready', NULL, NULL WHERE NEW.status = 'ready';
END;

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
                'retries', NEW.retries,
                'finished_by', NEW.finished_by));
END;

-- Inspection and repair only: a whole-table scan (48 ms per call at 100k tasks in the spike).
CREATE VIEW task_readiness AS
SELECT id, project_id, status, kind, unmet_deps,
       CASE WHEN status = 'pending' AND kind = 'task' AND unmet_deps = 0 THEN 1 ELSE 0 END AS promotable
FROM (
  SELECT
    t.id, t.project_id, t.status, t.kind,
    COUNT(CASE
      WHEN d.kind IN ('blocks', 'feeds_into') AND NOT (
        CASE COALESCE(d.condition, 'on_success')
          WHEN 'on_failure' THEN u.status = 'failed'
          WHEN 'always'     THEN u.status IN ('done', 'done_partial', 'failed', 'cancelled')
          ELSE u.status IN ('done', 'done_partial')
        END)
      THEN 1 END) AS unmet_deps
  FROM tasks t
  LEFT JOIN dependencies d ON d.to_task = t.id
  LEFT JOIN tasks u ON u.id = d.from_task
  GROUP BY t.id
);

CREATE VIEW v_active_agents AS
SELECT
  t.agent_id,
  t.project_id,
  MAX(t.session_id) AS session_id,
  COUNT(*) AS tasks_held,
  json_group_array(json_object('id', t.id, 'title', t.title, 'status', t.status,
                               'claimed_at', t.claimed_at, 'lease_expires_at', t.lease_expires_at)) AS tasks,
  MIN(t.claimed_at) AS first_claimed_at,
  MAX(COALESCE(t.last_heartbeat_at, t.claimed_at)) AS last_heartbeat_at,
  ROUND((julianday('now') - julianday(MAX(COALESCE(t.last_heartbeat_at, t.claimed_at)))) * 86400.0, 3) AS heartbeat_age_seconds,
  MIN(t.lease_expires_at) AS next_lease_expiry,
  MAX(CASE WHEN t.lease_expires_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now') THEN 1 ELSE 0 END) AS has_expired_lease
FROM tasks t
WHERE t.kind = 'task' AND t.status IN ('claimed', 'running')
GROUP BY t.agent_id, t.project_id;
