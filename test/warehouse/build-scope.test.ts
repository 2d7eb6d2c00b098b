// An incremental build lists the sessions it covers as constants in in_scope() (warehouse/build-scope.ts):
// the ids come from the journal, so one that looks like SQL must stay a string, and rows without a
// session id ('' in scope) must still be found. Held to "equals a full rebuild", table for table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../core/data-dir';
import { allFixtures, fixtureEnvelopes, ingestInProcess, queryFile, tempHome } from './fixture-pipeline';
import { snapshot } from './incremental-model';

const ODD_SESSION = "it's') OR true; -- \"x\"";

describe('the sessions in scope, listed as constants', () => {
  const home = tempHome('agentdag-scope-');
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('finds a session whose id looks like SQL, and rows without a session, as a full rebuild does', async () => {
    const lines = fixtureEnvelopes(allFixtures()[0], path.join(home, 'claude')).map((line) => {
      const e = JSON.parse(line);
      return JSON.stringify({ ...e, session_id: ODD_SESSION, payload: { ...e.payload, session_id: ODD_SESSION } });
    });
    const half = Math.floor(lines.length / 2);
    const journal = path.join(home, 'journal.jsonl');
    fs.appendFileSync(journal, lines.slice(0, half).join('\n') + '\n');
    expect((await ingestInProcess(home)).models?.mode).toBe('full');

    const noSession = { ...JSON.parse(lines[half]), id: 'no-session-1', session_id: null, payload: { hook_event_name: 'Notification', message: 'hi' } };
    fs.appendFileSync(journal, [...lines.slice(half), JSON.stringify(noSession)].join('\n') + '\n');
    const r = await ingestInProcess(home);
    expect(r.models).toMatchObject({ mode: 'incremental', sessions_rebuilt: 2 }); // the odd id and '' (no session)
    const published = dataPaths(home).warehouse;
    expect(await queryFile(published, `SELECT DISTINCT session_id FROM fact_execution_step`)).toEqual([{ session_id: ODD_SESSION }]);
    const incremental = await snapshot(published);

    await ingestInProcess(home, undefined, true);
    expect(incremental).toEqual(await snapshot(published));
  });
});
