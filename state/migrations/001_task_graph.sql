-- 001: the live task graph. Append-only: never edit a released migration, add 002_….sql instead.
-- Timestamps are ISO-8601 UTC with milliseconds, always stamped inside SQL (never JS clocks taken
-- before waiting on the write lock: those produced 60–69 false ordering violations in the spike).

CREATE TABLE projects (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'p-*'),
  name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  metadata   TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE tasks (
  id                TEXT PRIMARY KEY CHECK (id GLOB 't-*'),
  project_id        TEXT NOT NULL REFERENCES projects(id),
  parent_task_id    TEXT REFERENCES tasks(id),
  title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
  description       TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'ready', 'claimed', 'running', 'done', 'done_partial', 'failed', 'cancelled')),
  -- 'composite' tasks have children; their status rolls up from them and agents never claim them.
  kind              TEXT NOT NULL DEFAULT 'task' CHECK (kind IN ('task', 'composite')),
  priority          INTEGER NOT NULL DEFAULT 0,
  agent_id          TEXT,
  -- The Claude Code session holding the claim ($AGENTDAG_SESSION_ID, exported by the SessionStart
  -- hook), kept apart from agent_id so an explicit --agent name never loses the session link.
  session_id        TEXT,
  result            TEXT CHECK (result IS NULL OR json_valid(result)),
  error             TEXT,
  progress          INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
  progress_note     TEXT,
  retries           INTEGER NOT NULL DEFAULT 0 CHECK (retries >= 0),
  max_retries       INTEGER NOT NULL DEFAULT 2 CHECK (max_retries >= 0),
  lease_seconds     INTEGER NOT NULL DEFAULT 300 CHECK (lease_seconds > 0),
  lease_expires_at  TEXT,
  last_heartbeat_at TEXT,
  -- Why the last status change happened (e.g. 'lease_expired', 'pivot'); copied into its event.
  status_reason     TEXT,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ready_at          TEXT,
  claimed_at        TEXT,
  started_at        TEXT,
  completed_at      TEXT,
  failed_at         TEXT,
  cancelled_at      TEXT,
  CHECK (parent_task_id IS NULL OR parent_task_id <> id),
  -- done ⇔ completed_at; failed ⇔ failed_at (and an error); cancelled ⇔ cancelled_at
  CHECK ((status IN ('done', 'done_partial')) = (completed_at IS NOT NULL)),
  CHECK ((status = 'failed') = (failed_at IS NOT NULL)),
  CHECK (status <> 'failed' OR error IS NOT NULL),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  -- a claimed or running task has an agent, a claim time and a lease; nothing else has a lease
  CHECK (kind <> 'task' OR status NOT IN ('claimed', 'running')
         OR (agent_id IS NOT NULL AND claimed_at IS NOT NULL AND lease_expires_at IS NOT NULL)),
  CHECK ((lease_expires_at IS NOT NULL) = (kind = 'task' AND status IN ('claimed', 'running'))),
  CHECK (status NOT IN ('pending', 'ready') OR (agent_id IS NULL AND session_id IS NULL)),
  CHECK (status <> 'running' OR started_at IS NOT NULL)
);

-- The claim: one index range scan, highest priority first, then oldest (rowid breaks ties).
CREATE INDEX tasks_ready_queue ON tasks (project_id, priority DESC, created_at) WHERE status = 'ready' AND kind = 'task';
-- The sweeper: only live leases are indexed.
CREATE INDEX tasks_leases ON tasks (lease_expires_at) WHERE lease_expires_at IS NOT NULL;
CREATE INDEX tasks_parent ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;
CREATE INDEX tasks_project_status ON tasks (project_id, status);

-- FROM must finish before TO. 'suggests' never blocks; 'feeds_into' also hands FROM's result to TO.
-- condition: when the edge is satisfied (NULL = on_success: FROM done or done_partial).
CREATE TABLE dependencies (
  id         INTEGER PRIMARY KEY,
  from_task  TEXT NOT NULL REFERENCES tasks(id),
  to_task    TEXT NOT NULL REFERENCES tasks(id),
  kind       TEXT NOT NULL DEFAULT 'blocks' CHECK (kind IN ('blocks', 'feeds_into', 'suggests')),
  condition  TEXT CHECK (condition IS NULL OR condition IN ('on_success', 'on_failure', 'always')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (from_task <> to_task),
  UNIQUE (from_task, to_task)
);
-- UNIQUE(from_task, to_task) serves promotion (downstream neighbours); this one serves readiness.
CREATE INDEX dependencies_to ON dependencies (to_task, from_task);
-- What-if's "stranded" search starts from the rare conditional edges without a full scan.
CREATE INDEX dependencies_conditional ON dependencies (condition) WHERE condition IS NOT NULL;

CREATE TABLE task_notes (
  id         INTEGER PRIMARY KEY,
  task_id    TEXT NOT NULL REFERENCES tasks(id),
  agent_id   TEXT,
  body       TEXT NOT NULL CHECK (length(body) > 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX task_notes_task ON task_notes (task_id);

CREATE TABLE task_files (
  id         INTEGER PRIMARY KEY,
  task_id    TEXT NOT NULL REFERENCES tasks(id),
  path       TEXT NOT NULL CHECK (length(path) > 0),
  agent_id   TEXT,
  action     TEXT NOT NULL DEFAULT 'modified' CHECK (action IN ('read', 'created', 'modified', 'deleted')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX task_files_task ON task_files (task_id);
CREATE INDEX task_files_path ON task_files (path);

CREATE TABLE task_tags (
  task_id TEXT NOT NULL REFERENCES tasks(id),
  tag     TEXT NOT NULL CHECK (length(trim(tag)) > 0),
  PRIMARY KEY (task_id, tag)
) WITHOUT ROWID;
CREATE INDEX task_tags_tag ON task_tags (tag);

CREATE TABLE artifacts (
  id         INTEGER PRIMARY KEY,
  task_id    TEXT NOT NULL REFERENCES tasks(id),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  uri        TEXT NOT NULL,
  media_type TEXT,
  size_bytes INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
  sha256     TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX artifacts_task ON artifacts (task_id);

-- Observability, not the source of truth. AUTOINCREMENT: ids only grow and are never reused, and
-- writers are serialized, so "every event with id > N" is a safe incremental cursor (ingest, SSE).
CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id  TEXT,
  task_id     TEXT,
  event_type  TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT,
  agent_id    TEXT,
  session_id  TEXT,
  payload     TEXT CHECK (payload IS NULL OR json_valid(payload)),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX events_task ON events (task_id, id);

-- Every status transition writes its event in the same statement's transaction, whoever made it
-- (CLI, MCP, sweeper, a what-if inside a savepoint). Costs one INSERT (~2 µs) per transition.
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
    OLD.status, NEW.status, COALESCE(NEW.agent_id, OLD.agent_id), COALESCE(NEW.session_id, OLD.session_id),
    json_object('reason', NEW.status_reason, 'kind', NEW.kind,
                'partial', json(CASE WHEN NEW.status = 'done_partial' THEN 'true' ELSE 'false' END),
                'has_result', json(CASE WHEN NEW.result IS NOT NULL THEN 'true' ELSE 'false' END),
                'error', CASE WHEN NEW.status = 'failed' THEN NEW.error END,
                'retries', NEW.retries));
END;

-- Inspection and repair only: a whole-table scan (48 ms per call at 100k tasks in the spike).
-- Promotion itself is incremental (state/promote.ts) and looks only at downstream neighbours.
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

-- Issue 5: which agents hold claims now, their tasks, and how long since each last proved alive.
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
