// The checks (sql/checks/) cost what history costs when read whole, so ingest checks what its
// build changed (warehouse/checks.ts): after a skipped build it reports what the last run found,
// after an incremental one the per-session checks read only the rebuilt sessions and the findings
// of the others are kept. These tests hold it to that: a record is used only for the build it was
// made after and the same check SQL, and a failure keeps being reported until a build fixes it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STAGES, type IngestSummary } from '../../ingest/run';
import { dataPaths } from '../../core/data-dir';
import { allFixtures, ingestInProcess, queryFile, stageFixture, tempHome } from './fixture-pipeline';

let home: string;

const ingestNow = (rebuild = false): Promise<IngestSummary> => ingestInProcess(home, ALL_STAGES, rebuild);

/** Statements on the work file between runs (no ingest holds it then). */
const onWorkFile = (sql: string) => queryFile(dataPaths(home).warehouseWork, sql, 'READ_WRITE');

describe('checks after a skipped build', () => {
  beforeAll(() => {
    home = tempHome('agentdag-checks-');
    fs.mkdirSync(path.join(home, 'claude', 'projects'), { recursive: true });
    stageFixture(allFixtures()[0], home);
    stageFixture(allFixtures()[1], home);
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('run after every build and are recorded for it; a run with nothing new reports the record', async () => {
    const first = await ingestNow();
    expect(first.models?.mode).toBe('full');
    expect(first.checks_reused).toBe(false);
    expect(first.checks_failed).toEqual([]);
    const [rec] = await onWorkFile('SELECT l.built_at = b.built_at AS same_build, CAST(l.failures AS VARCHAR) AS failures FROM last_checks l, build_state b');
    expect(rec).toEqual({ same_build: true, failures: '[]' });

    const noop = await ingestNow();
    expect(noop.models?.mode).toBe('skipped');
    expect(noop.checks_reused).toBe(true);
    expect(noop.checks_failed).toEqual([]);
    expect(noop.published).toBeNull(); // reusing the record writes nothing
  });

  it('a failure found once is reported again by every run that does not rebuild', async () => {
    // A step with a status no rule gives, and the record of the build before this one (as after a
    // run killed between its build's commit and its record): the next run must check, and find it.
    await onWorkFile(`UPDATE fact_execution_step SET status = 'bogus' WHERE tool_use_id = (SELECT min(tool_use_id) FROM fact_execution_step);
                      UPDATE last_checks SET built_at = built_at - INTERVAL 1 MINUTE`);
    const found = await ingestNow();
    expect(found.models?.mode).toBe('skipped');
    expect(found.checks_reused).toBe(false);
    const failed = found.checks_failed.find((f) => f.check === 'valid_step_status');
    expect(failed?.rows).toBe(1);

    const again = await ingestNow();
    expect(again.checks_reused).toBe(true);
    expect(again.checks_failed).toEqual(found.checks_failed);
  });

  it('checks run again when the record is of other check SQL, or after a build', async () => {
    await onWorkFile(`UPDATE last_checks SET checks_sha = 'an older version'`);
    const upgraded = await ingestNow();
    expect(upgraded.checks_reused).toBe(false);
    expect(upgraded.checks_failed.map((f) => f.check)).toContain('valid_step_status');

    const rebuilt = await ingestNow(true); // rebuilt from raw: the made-up status is gone
    expect(rebuilt.models?.mode).toBe('full');
    expect(rebuilt.checks_reused).toBe(false);
    expect(rebuilt.checks_failed).toEqual([]);
    expect((await ingestNow()).checks_reused).toBe(true);
  });

  it('an incremental build checks the sessions it rebuilt and keeps what was found in the others', async () => {
    const sessions = (await onWorkFile('SELECT DISTINCT session_id FROM fact_execution_step ORDER BY 1')).map((r) => String(r.session_id));
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    const [a, b] = sessions;
    const spoil = (session: string) =>
      `UPDATE fact_execution_step SET status = 'bogus' WHERE tool_use_id = (SELECT min(tool_use_id) FROM fact_execution_step WHERE session_id = '${session}' AND status <> 'bogus')`;
    // Found in session a by a run that checks everything (no record of this build).
    await onWorkFile(`${spoil(a)}; UPDATE last_checks SET built_at = built_at - INTERVAL 1 MINUTE`);
    expect((await ingestNow()).checks_failed.find((f) => f.check === 'valid_step_status')?.rows).toBe(1);

    // New events of session b only: b is rebuilt and checked, a's finding is kept, a is not read
    // again (a second spoiled row there goes unseen: the cost is what the build changed).
    await onWorkFile(spoil(a));
    appendEvent(b);
    const onB = await ingestNow();
    expect(onB.models).toMatchObject({ mode: 'incremental', sessions_rebuilt: 1 });
    expect(onB.checks_reused).toBe(false);
    const kept = onB.checks_failed.find((f) => f.check === 'valid_step_status');
    expect(kept?.rows).toBe(1);
    expect(JSON.stringify(kept?.sample)).toContain(a);

    // New events of session a: rebuilt from raw, its made-up statuses are gone, and so is the failure.
    appendEvent(a);
    const onA = await ingestNow();
    expect(onA.models).toMatchObject({ mode: 'incremental', sessions_rebuilt: 1 });
    expect(onA.checks_failed).toEqual([]);
    expect(await onWorkFile('SELECT count(*) AS n FROM last_check_sessions')).toEqual([{ n: 0n }]);
  });
});

let appended = 0;
/** One more hook event of `session` in the journal (a Stop: it adds no tool call). */
function appendEvent(session: string): void {
  const ts = new Date(Date.UTC(2026, 11, 3, 12, 0, appended)).toISOString();
  const line = { v: 1, id: `late-${appended++}`, ts, host: 'fixture-host', event: 'Stop', session_id: session, agent_id: null, agent_type: null, payload: { session_id: session, hook_event_name: 'Stop' } };
  fs.appendFileSync(path.join(home, 'journal.jsonl'), JSON.stringify(line) + '\n');
}
