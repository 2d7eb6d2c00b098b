// What agents attach to a task besides its status: notes, tags, files touched (with conflicts
// between live tasks), artifacts. Each change writes an event, so readers that copy tasks by
// event id (ingest) see it.
import * as fs from 'node:fs';
import { UserError, cmd, fix } from '../core/errors';
import { actor, type ActorOptions } from './agent';
import { Graph, HELD, sqlList } from './graph';
import { redactStored } from './redact';

export function note(g: Graph, idInput: string, body: string, o: ActorOptions) {
  const id = g.resolve(idInput);
  if (!body?.trim()) throw new UserError('a note needs text', fix`for example: ${cmd('task note', { id, text: 'found the root cause' }, ['id', 'text'])}`, 2, 'text');
  body = redactStored(body);
  return g.tx(() => {
    const a = actor(o);
    g.stmt('INSERT INTO task_notes (task_id, agent_id, body) VALUES (?, ?, ?)').run(id, a.agent, body);
    g.event('task_note', id, { body }, a.agent);
    return { task_id: id, agent: a.agent, body };
  });
}

export function tag(g: Graph, idInput: string, tags: string[], o: { remove?: boolean }) {
  const id = g.resolve(idInput);
  tags = tags.map((t) => redactStored(t));
  return g.tx(() => {
    for (const t of tags) {
      if (o.remove) g.stmt('DELETE FROM task_tags WHERE task_id = ? AND tag = ?').run(id, t);
      else g.stmt('INSERT INTO task_tags (task_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING').run(id, t);
    }
    const now = (g.stmt('SELECT tag FROM task_tags WHERE task_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((r) => r.tag);
    g.event(o.remove ? 'task_untagged' : 'task_tagged', id, { tags, now }, null);
    return { task_id: id, tags: now };
  });
}

const FILE_ACTIONS = ['read', 'created', 'modified', 'deleted'];

/** Record a file a task touched; report other live tasks that touched the same path (conflicts). */
export function touchFile(g: Graph, idInput: string, paths: string[], o: ActorOptions & { action?: string }) {
  const id = g.resolve(idInput);
  const action = o.action ?? 'modified';
  if (!FILE_ACTIONS.includes(action)) throw new UserError(`unknown action "${action}"`, `use ${FILE_ACTIONS.join(', ')}`, 2, 'action');
  paths = paths.map((p) => redactStored(p));
  return g.tx(() => {
    const a = actor(o);
    const conflicts: { path: string; task_id: string; agent_id: string | null; status: string }[] = [];
    for (const p of paths) {
      g.stmt('INSERT INTO task_files (task_id, path, agent_id, action) VALUES (?, ?, ?, ?)').run(id, p, a.agent, action);
      conflicts.push(
        ...(g
          .stmt(
            `SELECT DISTINCT f.path, f.task_id, t.agent_id, t.status FROM task_files f JOIN tasks t ON t.id = f.task_id
             WHERE f.path = ? AND f.task_id <> ? AND f.action <> 'read' AND t.status IN ${sqlList(HELD)}`,
          )
          .all(p, id) as { path: string; task_id: string; agent_id: string | null; status: string }[]),
      );
    }
    g.event('task_files', id, { files: paths, action, conflicts: conflicts.length }, a.agent);
    return { task_id: id, files: paths, action, conflicts };
  });
}

/** The size of a local file artifact, or null (a URL, or an unreadable path: recorded as given). */
function statSize(uri: string): number | null {
  try {
    return fs.existsSync(uri) ? fs.statSync(uri).size : null;
  } catch {
    return null;
  }
}

export function artifact(g: Graph, idInput: string, name: string, uri: string, o: { mediaType?: string }) {
  const id = g.resolve(idInput);
  const size0 = statSize(uri);
  name = redactStored(name);
  uri = redactStored(uri);
  return g.tx(() => {
    const size = size0;
    g.stmt('INSERT INTO artifacts (task_id, name, uri, media_type, size_bytes) VALUES (?, ?, ?, ?, ?)').run(id, name, uri, o.mediaType ?? null, size);
    g.event('artifact_added', id, { name, uri }, null);
    return { task_id: id, name, uri, media_type: o.mediaType ?? null, size_bytes: size };
  });
}
