// The CLI as users and agents run it: --json on every command, hidden aliases, errors that name
// the fix, the session id from the SessionStart hook, what-if, migrations, file modes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliOk, dbFile, dump, engine, openGraph, tempHome } from './helpers';
import { loadMigrations, migrate } from '../../state/migrate';
import Database from 'better-sqlite3';
import { readSnapshot } from '../../state/read';

describe('agentdag task (CLI)', () => {
  it('go records $AGENTDAG_SESSION_ID as the agent by default; --agent names the agent and keeps the session', () => {
    const home = tempHome();
    cliOk(home, ['task', 'add', 'one', '--json']);
    cliOk(home, ['task', 'add', 'two', '--json']);
    const a = cliOk(home, ['task', 'go', '--json'], { AGENTDAG_SESSION_ID: 'sess-123' });
    expect(a.task.agent_id).toBe('sess-123');
    expect(a.task.session_id).toBe('sess-123');
    const b = cliOk(home, ['task', 'go', '--json', '--agent', 'reviewer'], { AGENTDAG_SESSION_ID: 'sess-456' });
    expect(b.task.agent_id).toBe('reviewer');
    expect(b.task.session_id).toBe('sess-456');
    const done = cliOk(home, ['task', 'done', a.task.id, '--result', '{"ok":true}', '--json'], { AGENTDAG_SESSION_ID: 'sess-123' });
    expect(done.task.status).toBe('done');
  });

  it('without a session or --agent, the agent is user@host', () => {
    const home = tempHome();
    cliOk(home, ['task', 'add', 'x']);
    const r = cliOk(home, ['task', 'go', '--json']);
    expect(r.task.agent_id).toMatch(/^.+@.+$/);
  });

  it('every command answers --json with JSON', () => {
    const home = tempHome();
    const a = cliOk(home, ['task', 'add', 'alpha', '--json']).id;
    const b = cliOk(home, ['task', 'add', 'beta', '--after', a, '--json']).id;
    const c = cliOk(home, ['task', 'add', 'gamma', '--json']).id;
    const spec = path.join(home, 'plan.yaml');
    fs.writeFileSync(spec, 'tasks:\n  - key: x\n    title: sub x\n  - title: sub y\n    after: [x]\n');
    const runs: string[][] = [
      ['task', 'list'],
      ['task', 'list', '--ready'],
      ['task', 'show', a],
      ['task', 'status'],
      ['task', 'claim', a, '--agent', 'w'],
      ['task', 'start', a, '--agent', 'w'],
      ['task', 'heartbeat', a, '--agent', 'w'],
      ['task', 'progress', a, '50', 'half', '--agent', 'w'],
      ['task', 'note', a, 'a note', '--agent', 'w'],
      ['task', 'tag', a, 'backend'],
      ['task', 'files', a, 'src/x.ts', '--agent', 'w'],
      ['task', 'artifact', a, 'report', 'https://example.invalid/r.pdf'],
      ['task', 'pause', a, '--agent', 'w'],
      ['task', 'go', '--agent', 'w'],
      ['task', 'fail', a, 'broke', '--agent', 'w'],
      ['task', 'retry', a],
      ['task', 'done', a, '--agent', 'w'],
      ['task', 'dep', 'add', c, b, '--kind', 'suggests'],
      ['task', 'dep', 'rm', c, b],
      ['task', 'insert', 'between', '--after', a, '--before', b],
      ['task', 'amend', b, 'more context'],
      ['task', 'decompose', c, '--spec', spec],
      ['task', 'replan', c, '--spec', spec],
      ['task', 'split', b, 'part 1', 'part 2', '--chain'],
      ['task', 'pivot', b, 'new plan'],
      ['task', 'cancel', c, '--what-if'],
      ['task', 'what-if', 'cancel', c],
      ['task', 'sweep'],
      ['task', 'events', '--limit', '5'],
      ['task', 'check'],
    ];
    for (const args of runs) {
      const r = cli(home, [...args, '--json']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.json, `${args.join(' ')} printed: ${r.stdout.slice(0, 200)}`).not.toBeUndefined();
    }
  });

  it('list fits the terminal: a long title is cut with … at $COLUMNS, --wide prints it whole', () => {
    const home = tempHome();
    const title = 'refactor the ingest stage so that every transcript source is read through one admission check ' + 'x'.repeat(80);
    cliOk(home, ['task', 'add', title]);
    const fitted = cli(home, ['task', 'list'], { COLUMNS: '72' });
    expect(fitted.code, fitted.stderr).toBe(0);
    const lines = fitted.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(72);
    expect(fitted.stdout).toContain('…');
    const wide = cli(home, ['task', 'list', '--wide'], { COLUMNS: '72' });
    expect(wide.stdout).toContain(title);
  });

  it('hidden aliases route to the real commands and stay out of --help', () => {
    const home = tempHome();
    const id = cliOk(home, ['task', 'create', 'via alias', '--json']).id;
    expect(cliOk(home, ['task', 'ls', '--json']).map((t: { id: string }) => t.id)).toEqual([id]);
    expect(cliOk(home, ['task', 'tasks', '--json']).length).toBe(1);
    expect(cliOk(home, ['task', 'ready', '--json']).length).toBe(1);
    expect(cliOk(home, ['task', 'overview', '--json']).total).toBe(1);
    expect(cliOk(home, ['task', 'next', '--json']).task.id).toBe(id);
    expect(cliOk(home, ['task', 'finish', id, '--json']).task.status).toBe('done');
    expect(cliOk(home, ['tasks', 'info', id, '--json']).task.id).toBe(id);
    const help = cli(home, ['task', '--help']).stdout;
    expect(help).toMatch(/^\s+go \[options\]/m);
    expect(help).not.toMatch(/^\s+finish\b/m);
    expect(help).not.toMatch(/^\s+overview\b/m);
    expect(help).not.toMatch(/^\s+ls\b/m);
  });

  it('refusals exit non-zero and print the fix, also as JSON', () => {
    const home = tempHome();
    const a = cliOk(home, ['task', 'add', 'first', '--json']).id;
    const b = cliOk(home, ['task', 'add', 'second', '--after', a, '--json']).id;
    const cyc = cli(home, ['task', 'dep', 'add', b, a]);
    expect(cyc.code).toBe(1);
    expect(cyc.stderr).toMatch(/would close a cycle: .*second.*first.*second/);
    expect(cyc.stderr).toMatch(/fix: /);
    const typo = cli(home, ['task', 'show', a.slice(0, -1) + (a.endsWith('x') ? 'y' : 'x'), '--json']);
    expect(typo.code).toBe(2);
    expect(typo.json.fix).toContain(`did you mean ${a}`);
    const pend = cli(home, ['task', 'done', b]);
    expect(pend.stderr).toMatch(/pending: it waits on/);
    const bad = cli(home, ['task', 'add', 'x', '--priority', 'high']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--priority 2/);
  });

  it('what-if (subcommand and flag) leaves the database content unchanged', () => {
    const home = tempHome();
    const a = cliOk(home, ['task', 'add', 'a', '--json']).id;
    cliOk(home, ['task', 'add', 'b', '--after', a, '--json']);
    cliOk(home, ['task', 'go', '--agent', 'busy']);
    const g = openGraph(home);
    const before = dump(g);
    const r = cliOk(home, ['task', 'what-if', 'cancel', a, '--json']);
    expect(r.what_if).toBe(true);
    expect(r.report.cancelled.map((c: { id: string }) => c.id)).toEqual([a]);
    expect(r.report.stranded.length).toBe(1);
    expect(r.report.running_affected[0].agent).toBe('busy');
    // A command that cannot roll back is refused, not run: `go` would really claim.
    const refused = cli(home, ['task', 'what-if', 'go', '--agent', 'x']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/what-if cannot preview `go`/);
    expect(refused.stderr).toMatch(/cancel/);
    expect(dump(g)).toEqual(before);
    const human = cli(home, ['task', 'cancel', a, '--what-if']).stdout;
    expect(human).toMatch(/nothing was changed/);
    expect(human).toMatch(/would strand/);
    expect(dump(g)).toBe(before);
    g.close();
  });

  it('decompose reads a spec from stdin', () => {
    const home = tempHome();
    const p = cliOk(home, ['task', 'add', 'parent', '--json']).id;
    const r = cliOk(home, ['task', 'decompose', p, '--spec', '-', '--json'], {}, JSON.stringify(['one', 'two']));
    expect(r.created.length).toBe(2);
  });

  it('the data file is owner-only, migrations are recorded once, a newer schema is refused', () => {
    const home = tempHome();
    cliOk(home, ['task', 'add', 'x']);
    expect(fs.statSync(dbFile(home)).mode & 0o777).toBe(0o600);
    const g = openGraph(home);
    expect(g.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: 'task_graph' },
      { version: 2, name: 'narrow_status_index' },
      { version: 3, name: 'go_in_one_statement' },
      { version: 4, name: 'numeric_checks' },
    ]);
    expect(g.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(g.db.pragma('foreign_keys', { simple: true })).toBe(1);
    g.db.prepare("INSERT INTO schema_migrations (version, name) VALUES (99, 'from_the_future')").run();
    g.close();
    const r = cli(home, ['task', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer agentdag \(schema version 99/);
    expect(r.stderr).toMatch(/fix: upgrade agentdag/);
  });

  it('projects keep separate graphs', () => {
    const home = tempHome();
    cliOk(home, ['task', 'add', 'in alpha', '--project', 'alpha']);
    cliOk(home, ['task', 'add', 'in beta'], { AGENTDAG_PROJECT: 'beta' });
    expect(cliOk(home, ['task', 'list', '--project', 'alpha', '--json']).map((t: { title: string }) => t.title)).toEqual(['in alpha']);
    expect(cliOk(home, ['task', 'list', '--project', 'beta', '--json']).map((t: { title: string }) => t.title)).toEqual(['in beta']);
    expect(cliOk(home, ['task', 'list', '--json'])).toEqual([]);
  });
});

describe('migrations', () => {
  it('a file at version 1 is brought to the newest version once, keeping its data', () => {
    const home = tempHome();
    const db = new Database(dbFile(home));
    migrate(db, loadMigrations().slice(0, 1));
    db.prepare("INSERT INTO projects (id, name) VALUES ('p-old', 'default')").run();
    db.prepare("INSERT INTO tasks (id, project_id, title, status, ready_at) VALUES ('t-old00001', 'p-old', 'from v1', 'ready', 'x')").run();
    db.close();
    const listed = cliOk(home, ['task', 'list', '--json']);
    expect(listed.map((t: { id: string }) => t.id)).toEqual(['t-old00001']);
    const g = openGraph(home);
    expect((g.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual(
      loadMigrations().map((m) => m.version),
    );
    expect(g.db.prepare("SELECT name FROM sqlite_master WHERE name = 'tasks_project_status'").get()).toBeUndefined();
    g.close();
  });
});

describe('migration 004 (a CHECK on every numeric column)', () => {
  it('an existing file with values the new CHECKs refuse is migrated: numbers clamped into range, text to the default', () => {
    const home = tempHome();
    const db = new Database(dbFile(home));
    migrate(db, loadMigrations().slice(0, 3));
    db.prepare("INSERT INTO projects (id, name) VALUES ('p-old', 'default')").run();
    const ins = db.prepare("INSERT INTO tasks (id, project_id, title, status, ready_at, priority, lease_seconds) VALUES (?, 'p-old', ?, 'ready', 'x', ?, ?)");
    ins.run('t-old00001', 'word priority', 'high', 300);
    ins.run('t-old00002', 'huge priority', 3000000000, 99999999);
    db.prepare("INSERT INTO artifacts (task_id, name, uri, size_bytes) VALUES ('t-old00001', 'a', 'u', 'big')").run();
    db.close();
    const listed = cliOk(home, ['task', 'list', '--json']);
    expect(Object.fromEntries(listed.map((t: { id: string; priority: number; lease_seconds: number }) => [t.id, [t.priority, t.lease_seconds]]))).toEqual({
      't-old00001': [0, 300],
      't-old00002': [1000000, 604800],
    });
    const g = openGraph(home);
    expect((g.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(4);
    expect(g.db.prepare('SELECT size_bytes FROM artifacts').get()).toEqual({ size_bytes: null });
    expect(g.db.prepare("SELECT count(*) AS n FROM events WHERE event_type = 'task_created'").get()).toEqual({ n: 2 });
    expect(g.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => g.db.prepare("UPDATE tasks SET priority = 'high'").run()).toThrow(/CHECK constraint failed/);
    g.close();
  });
});

describe('events, files and tags', () => {
  it('events --since is an incremental cursor: each event exactly once, in id order', () => {
    const home = tempHome();
    cliOk(home, ['task', 'add', 'a']);
    const first = cliOk(home, ['task', 'events', '--since', '0', '--json']);
    expect(first.map((e: { event_type: string }) => e.event_type)).toEqual(['task_created', 'task_ready']);
    const cursor = first.at(-1).id;
    cliOk(home, ['task', 'go', '--agent', 'w']);
    const next = cliOk(home, ['task', 'events', '--since', String(cursor), '--json']);
    expect(next.map((e: { event_type: string }) => e.event_type)).toEqual(['task_claimed', 'task_started']);
    expect(next.every((e: { id: number }) => e.id > cursor)).toBe(true);
    expect(cliOk(home, ['task', 'events', '--since', String(next.at(-1).id), '--json'])).toEqual([]);
  });

  it('files warns when another live task changes the same path; tags and files write events', () => {
    const home = tempHome();
    const a = cliOk(home, ['task', 'add', 'a', '--json']).id;
    const b = cliOk(home, ['task', 'add', 'b', '--json']).id;
    cliOk(home, ['task', 'go', '--agent', 'one']);
    cliOk(home, ['task', 'go', '--agent', 'two']);
    cliOk(home, ['task', 'files', a, 'src/api.ts', '--agent', 'one']);
    const r = cliOk(home, ['task', 'files', b, 'src/api.ts', '--agent', 'two', '--json']);
    expect(r.conflicts).toEqual([{ path: 'src/api.ts', task_id: a, agent_id: 'one', status: 'running' }]);
    cliOk(home, ['task', 'tag', a, 'backend']);
    const types = cliOk(home, ['task', 'events', '--task', a, '--json']).map((e: { event_type: string }) => e.event_type);
    expect(types).toContain('task_files');
    expect(types).toContain('task_tagged');
  });
});

describe('bad files and dirs', () => {
  it('a corrupt task graph file: a clear error naming the fix, and the file is left as it was', () => {
    const home = tempHome();
    fs.writeFileSync(dbFile(home), 'this is not a database, just text that is long enough to have a header '.repeat(100));
    const before = fs.readFileSync(dbFile(home));
    const r = cli(home, ['task', 'list', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/not a readable task graph \(SQLITE_NOTADB\)/);
    expect(r.json.fix).toMatch(/move it aside/);
    expect(fs.readFileSync(dbFile(home)).equals(before)).toBe(true);
  });

  it('task check runs SQLite\'s quick_check: a damaged page is reported as a malformed file, with the fix', () => {
    const home = tempHome();
    const g = openGraph(home);
    g.tx(() => {
      for (let i = 0; i < 3000; i++) engine.t.insertTask(g, { title: `task ${i} ${'.'.repeat(50)}` }, true);
    });
    g.db.pragma('wal_checkpoint(TRUNCATE)');
    g.close();
    const fd = fs.openSync(dbFile(home), 'r+');
    const pages = fs.fstatSync(fd).size / 4096;
    fs.writeSync(fd, Buffer.alloc(200, 0x5a), 0, 200, Math.floor(pages / 2) * 4096 + 8); // garbage in a b-tree page's cell pointers
    fs.closeSync(fd);
    const r = cli(home, ['task', 'check', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/"check": "sqlite_integrity"/);
    expect(r.stderr).toMatch(/is damaged: database disk image is malformed/);
    expect(r.stderr).toMatch(/fix: move it aside/);
  });

  it('a reader opening a file that is not a task graph gets a UserError naming the file and the fix (ingest skips on it)', () => {
    const home = tempHome();
    fs.writeFileSync(dbFile(home), 'not a database '.repeat(500));
    expect(() => readSnapshot(dbFile(home), 0, { whole: true })).toThrow(
      expect.objectContaining({ name: 'UserError', message: expect.stringContaining(`${dbFile(home)} is not a readable task graph`), fix: expect.stringMatching(/move it aside/) }),
    );
  });

  it('AGENTDAG_TASKS_URL: an unreachable server and a URL that is not postgres:// are errors naming the fix, the password never printed', () => {
    const home = tempHome();
    const down = cli(home, ['task', 'list'], { AGENTDAG_TASKS_URL: 'postgres://bob:s3cret@127.0.0.1:1/x' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach the PostgreSQL task graph at postgres://bob:***@127.0.0.1:1/x (ECONNREFUSED)');
    expect(down.stderr).toMatch(/fix: start the server or fix AGENTDAG_TASKS_URL/);
    expect(down.stderr).not.toContain('s3cret');
    const wrong = cli(home, ['task', 'go'], { AGENTDAG_TASKS_URL: 'mysql://x' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/AGENTDAG_TASKS_URL must be a postgres:\/\/ URL/);
    expect(fs.readdirSync(home).filter((f) => f.startsWith('tasks.sqlite'))).toEqual([]);
  });

  it('a data dir that cannot be created names the fix', () => {
    const home = tempHome();
    const blocker = path.join(home, 'a-file');
    fs.writeFileSync(blocker, 'x');
    const r = cli(path.join(blocker, 'sub'), ['task', 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot create the data dir/);
    expect(r.stderr).toMatch(/fix: set AGENTDAG_HOME/);
  });
});
