// `agentdag report tool-ngrams --since/--until`: a window selects the sessions with a tool call in
// it (by the hour) and counts their whole sequences (rpt_tool_ngrams over agg_session_ngrams).
// Checked against the plain definition for every window over a day of sessions, one of them with a
// three-hour gap (its span overlaps windows it has no call in), one running into the next hour: a
// rewrite that narrows the rows it reads (by each session's span, say) must not change the answer.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../core/data-dir';
import { ingestInProcess, tempHome } from './fixture-pipeline';
import { ngramsByDefinition } from './ngram-reference';

const TOOLS = ['Read', 'Grep', 'Edit', 'Bash'];
const DAY = '2026-11-02';

/** Eight tool calls (PreToolUse + PostToolUse each) of `session` from `start` (HH:MM), a minute apart: each of its sequences occurs twice, so one session alone makes report rows. */
function calls(session: string, start: string): string[] {
  const lines: string[] = [];
  [...TOOLS, ...TOOLS].forEach((tool, i) => {
    const at = new Date(`${DAY}T${start}:00Z`).getTime() + i * 60_000;
    const toolUseId = `toolu_${session}_${start.replace(':', '')}_${i}`;
    for (const [event, offset] of [['PreToolUse', 0], ['PostToolUse', 2_000]] as const) {
      const payload = { session_id: session, hook_event_name: event, tool_name: tool, tool_use_id: toolUseId, tool_input: { file_path: '/w/a.ts' }, ...(event === 'PostToolUse' ? { tool_response: 'ok' } : {}) };
      lines.push(JSON.stringify({ v: 1, id: `${toolUseId}-${event}`, ts: new Date(at + offset).toISOString(), host: 'h', event, session_id: session, agent_id: null, agent_type: null, payload }));
    }
  });
  return lines;
}

const report = (since: string | null, until: string | null) => `
  SELECT sequence, steps, CAST(occurrences AS BIGINT) AS occurrences, sessions, pct_of_sessions
  FROM rpt_tool_ngrams(${since}, ${until}, NULL)`;

const at = (hhmm: string | null) => (hhmm === null ? 'NULL::TIMESTAMP' : `TIMESTAMP '${DAY} ${hhmm}:00'`);

describe('tool-ngrams over a window', () => {
  let home: string;
  beforeAll(async () => {
    home = tempHome('agentdag-ngram-window-');
    // gap: 10:05 and 13:10; early: 09:30; mid: 11:20; late: 14:40 and 15:55 (to 16:02, the next hour)
    const lines = [...calls('gap', '10:05'), ...calls('gap', '13:10'), ...calls('early', '09:30'), ...calls('mid', '11:20'), ...calls('late', '14:40'), ...calls('late', '15:55')];
    fs.writeFileSync(path.join(home, 'journal.jsonl'), lines.join('\n') + '\n');
    await ingestInProcess(home);
  }, 120_000);
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('equals the plain definition for every window, the sessions counted being those with a call in it', async () => {
    const inst = await DuckDBInstance.create(dataPaths(home).warehouse, { access_mode: 'READ_ONLY' });
    const conn = await inst.connect();
    const query = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
    try {
      const bounds = [null, '09:00', '09:45', '10:00', '11:00', '12:00', '13:00', '13:30', '14:00', '15:00', '16:00'];
      let nonEmpty = 0;
      for (const since of bounds) {
        for (const until of bounds) {
          if (since === null && until === null) continue; // no window: the all-history table (ngram-totals.test.ts)
          const expected = await query(ngramsByDefinition(at(since), at(until)));
          expect(await query(report(at(since), at(until))), `--since ${since} --until ${until}`).toEqual(expected);
          if (expected.length > 0) nonEmpty++;
        }
      }
      expect(nonEmpty).toBeGreaterThan(20);
      // The gap session overlaps 11:00–13:00 without a call in it: only `mid` counts there.
      const between = await query(report(at('11:00'), at('13:00')));
      expect(between.length).toBeGreaterThan(0);
      expect(between.map((r) => r.sessions)).toEqual(between.map(() => '1'));
      // 12:00–14:00 holds the gap session's second half, whose span started at 10:00.
      expect((await query(report(at('12:00'), at('14:00')))).length).toBeGreaterThan(0);
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });
});
