// The team build replaces a mart's day partition by one rename (slow tier): a reader polling the
// marts with DuckDB while team ingests rewrite that day always sees a whole day, the old one or the
// new one, never half of it, never none, never an unreadable file.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { CLI } from '../paths';
import { tempDir } from './raw-machine';
import { acrossWarehouses, allFixtures, SimMachine } from './team-machines';

const MARTS = ['fact_execution_step', 'fact_api_call'] as const;

/** Rows per mart and day in the team warehouse (what a reader may see after a build). */
async function state(team: SimMachine): Promise<string> {
  const parts: string[] = [];
  for (const m of MARTS) {
    const rows = await acrossWarehouses([team.warehouse], `SELECT CAST(call_date AS VARCHAR) AS d, count(*) AS n FROM w0.${m} GROUP BY ALL ORDER BY d`);
    parts.push(`${m}:${rows.map((r) => `${r.d}=${r.n}`).join(',')}`);
  }
  return parts.join(' ');
}

function ingestAsync(m: SimMachine, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, AGENTDAG_HOME: m.home, AGENTDAG_HOST: m.host, NODE_EXTRA_CA_CERTS: '', AGENTDAG_SEGMENT_GRACE_MS: '0', TZ: 'UTC' },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

it('a reader of the marts sees whole days while the team build rewrites them', async () => {
  const lake = tempDir('atomic-lake');
  const a = new SimMachine('alpha');
  const team = new SimMachine('team');
  const runs = allFixtures(); // all captured the same day: every round rewrites that day's partition
  const rounds = [runs.slice(0, 4), runs.slice(4, 10), runs.slice(10, 16), runs.slice(16)];

  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const read = async (): Promise<string> => {
    const parts: string[] = [];
    for (const m of MARTS) {
      const glob = path.join(lake, 'marts', m, '*', '*.parquet');
      const rows = (await conn.runAndReadAll(`SELECT CAST(day AS VARCHAR) AS d, count(*) AS n FROM read_parquet('${glob}', hive_partitioning = true, hive_types = {'day': DATE}) GROUP BY ALL ORDER BY d`)).getRowObjectsJS();
      parts.push(`${m}:${rows.map((r) => `${r.d}=${r.n}`).join(',')}`);
    }
    return parts.join(' ');
  };

  const states: string[] = [];
  const seen = new Map<string, number>();
  try {
    for (const [k, round] of rounds.entries()) {
      for (const fx of round) a.stage(fx);
      a.json(['ingest']);
      a.json(['push', '--to', lake]);
      if (k === 0) {
        team.json(['ingest', '--lake', lake]);
        states.push(await state(team));
        continue;
      }
      const done = ingestAsync(team, ['ingest', '--lake', lake, '--quiet']);
      let finished = false;
      void done.then(() => (finished = true));
      while (!finished) {
        const s = await read(); // throws on a half-written or vanished file
        seen.set(s, (seen.get(s) ?? 0) + 1);
      }
      expect(await done).toBe(0);
      states.push(await state(team));
      seen.set(await read(), 1);
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
  expect(new Set(states).size, 'each round changed the day').toBe(rounds.length);
  const reads = [...seen.values()].reduce((x, y) => x + y, 0);
  expect(reads, 'the reader ran during the builds').toBeGreaterThan(rounds.length * 2);
  // Every state a reader saw is a whole build's state (the two marts are replaced one after the
  // other, so a read between them may pair the new day of one with the old day of the other).
  const perMart = (s: string) => s.split(' ');
  const valid = MARTS.map((_m, i) => new Set(states.map((s) => perMart(s)[i])));
  for (const s of seen.keys()) perMart(s).forEach((part, i) => expect(valid[i].has(part), `${part} is no build's ${MARTS[i]}`).toBe(true));
}, 600_000);
