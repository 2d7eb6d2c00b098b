// The bad-input catalogue, warehouse side (the hook's and the journal's own cases live in
// test/hooks/bad-input.test.ts and test/ingest/journal.test.ts): a damaged warehouse file, a
// warehouse from a newer agentdag, clock skew, missing transcripts. Each gives a clear error that
// names the fix, or is stored; never a crash, never silent loss.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { appendJournal, cli, envelopeLine, ingest, ingestJson, query, tempHome } from '../ingest/helpers';

const ALL_STAGES = { AGENTDAG_INGEST_STEPS: undefined };
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function report(home: string, args: string[]) {
  return spawnSync(process.execPath, [cli, 'report', ...args], { env: { ...process.env, AGENTDAG_HOME: home }, encoding: 'utf8' });
}

/** A data dir with a built and published warehouse holding `n` events. */
function builtHome(n = 20): string {
  const home = tempHome('badwh');
  let lines = '';
  for (let i = 0; i < n; i++) lines += envelopeLine(`e-${i}`);
  appendJournal(home, lines);
  ingestJson(home, [], ALL_STAGES);
  return home;
}

async function setFormat(file: string, version: number): Promise<void> {
  fs.chmodSync(file, 0o600);
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  await conn.run("INSERT OR REPLACE INTO agentdag_meta VALUES ('format_version', $1)", [String(version)]);
  await conn.run('CHECKPOINT');
  conn.closeSync();
  instance.closeSync();
}

describe('bad warehouse inputs', () => {
  it('a damaged work file: ingest stops before touching the journal and says how to restore', () => {
    const home = builtHome();
    appendJournal(home, envelopeLine('after-damage'));
    const work = path.join(home, 'warehouse.work.duckdb');
    fs.writeFileSync(work, crypto.randomBytes(64 * 1024));
    const journalBefore = fs.readFileSync(path.join(home, 'journal.jsonl'));
    const r = ingest(home, [], ALL_STAGES);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a valid DuckDB database');
    expect(r.stderr).toMatch(/fix: move it aside and restore the last published copy: mv /);
    expect(fs.readFileSync(path.join(home, 'journal.jsonl'))).toEqual(journalBefore);
  });

  it('following that fix restores the warehouse and loads the waiting line', async () => {
    const home = builtHome();
    appendJournal(home, envelopeLine('after-damage'));
    const work = path.join(home, 'warehouse.work.duckdb');
    fs.writeFileSync(work, crypto.randomBytes(64 * 1024));
    const fix = /fix: move it aside and restore the last published copy: (.*?); then run/.exec(ingest(home, [], ALL_STAGES).stderr)![1];
    expect(spawnSync('sh', ['-c', fix]).status).toBe(0);
    expect(ingestJson(home, [], ALL_STAGES)).toMatchObject({ events_new: 1 });
    expect(await query(home, 'SELECT count(*) AS n FROM raw_hook_events')).toEqual([{ n: 21 }]);
  });

  it('a damaged published file: reports name the fix, and following it republishes', () => {
    const home = builtHome();
    const published = path.join(home, 'warehouse.duckdb');
    fs.chmodSync(published, 0o600);
    fs.writeFileSync(published, 'not a database');
    const r = report(home, ['tool-success']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not a valid DuckDB database');
    expect(r.stderr).toContain(`fix: remove it (rm "${published}") and run \`agentdag ingest\``);
    fs.rmSync(published);
    expect(ingestJson(home, [], ALL_STAGES).published).toBe(published);
    expect(report(home, ['tool-success', '--json']).status).toBe(0);
  });

  it('a warehouse from a newer agentdag is refused, named, and left untouched', async () => {
    const home = builtHome();
    const work = path.join(home, 'warehouse.work.duckdb');
    await setFormat(work, 99);
    const before = sha(work);
    appendJournal(home, envelopeLine('later'));
    const r = ingest(home, [], ALL_STAGES);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/written by a newer agentdag \(warehouse format 99; this one understands up to 1\)/);
    expect(r.stderr).toContain('fix: upgrade agentdag');
    expect(sha(work)).toBe(before);
    expect(fs.existsSync(path.join(home, 'journal.jsonl'))).toBe(true);

    const published = path.join(home, 'warehouse.duckdb');
    await setFormat(published, 99);
    const rep = report(home, ['sessions']);
    expect(rep.status).toBe(1);
    expect(rep.stderr).toMatch(/newer agentdag/);
  });

  it('clock skew: events from the future, the distant past and out of order are all stored as sent', async () => {
    const home = tempHome('skew');
    const at = (id: string, ts: string) => JSON.stringify({ ...JSON.parse(envelopeLine(id)), ts }) + '\n';
    appendJournal(home, at('future', '2099-01-01T00:00:00.000Z') + at('past', '1970-01-02T00:00:00.000Z') + at('now', new Date().toISOString()) + at('offset', '2026-11-23T14:00:00.000+05:30'));
    expect(ingestJson(home, [], ALL_STAGES)).toMatchObject({ events_new: 4, rejected: 0, checks_failed: [] });
    const rows = await query(home, "SELECT event_id, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts FROM raw_hook_events ORDER BY ts");
    expect(rows.map((r) => r.event_id)).toEqual(['past', 'offset', 'now', 'future']);
    expect(rows.find((r) => r.event_id === 'offset')!.ts).toBe('2026-11-23T08:30:00');
  });

  it('missing transcripts: hook events naming transcripts that are gone still load, with a clean run', async () => {
    const home = tempHome('notranscript');
    const fixture = path.join(__dirname, '..', '..', 'data', 'samples', 'claude-code', '2.1.330', 'a-basic-tools', 'hooks.jsonl');
    let lines = '';
    fs.readFileSync(fixture, 'utf8').trim().split('\n').forEach((l, i) => {
      const payload = JSON.parse(l).payload;
      payload.transcript_path = path.join(home, 'gone', 'session.jsonl');
      lines += JSON.stringify({ v: 1, id: `m-${i}`, ts: new Date(Date.UTC(2026, 10, 23, 12, 0, i)).toISOString(), host: 'h', event: payload.hook_event_name, session_id: payload.session_id, agent_id: null, agent_type: null, payload }) + '\n';
    });
    appendJournal(home, lines);
    const r = ingestJson(home, [], ALL_STAGES);
    expect(r).toMatchObject({ rejected: 0, checks_failed: [] });
    expect(r.transcripts.api_calls_new).toBe(0);
    const steps = await query(home, 'SELECT count(*) AS n FROM fact_execution_step');
    expect(steps[0].n).toBeGreaterThan(5);
  });
});
