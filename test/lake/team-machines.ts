// Simulated machines for the team lake tests: each a data dir with its own Claude Code folder,
// holding real sample runs (hooks as journal envelopes naming the machine, transcripts copied),
// driven through the real CLI with AGENTDAG_HOST set so several machines live on one.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CLI } from '../paths';
import { allFixtures, fixtureEnvelopes, type Fixture } from '../warehouse/fixture-pipeline';
import { tempDir } from './raw-machine';

export { allFixtures, type Fixture };

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class SimMachine {
  readonly home: string;
  readonly claude: string;
  /** Every journal line staged here (ingest rotates the journal away). */
  private staged = '';

  constructor(readonly host: string) {
    this.home = tempDir(`home-${host}`);
    this.claude = path.join(this.home, 'claude');
  }

  /** A sample run as this machine's own: its transcripts here, its hook calls in the journal. */
  stage(fx: Fixture): void {
    this.stageFrom(fx, this);
  }

  /** The journal of a run staged on `owner` appended here too (its lines name `owner`'s host and files). */
  stageFrom(fx: Fixture, owner: SimMachine): void {
    const src = path.join(fx.dir, 'transcripts');
    if (owner === this && fs.existsSync(src)) fs.cpSync(src, path.join(this.claude, 'projects'), { recursive: true });
    fs.mkdirSync(this.home, { recursive: true });
    const lines = fixtureEnvelopes(fx, owner.claude, owner.host).join('\n') + '\n';
    fs.appendFileSync(path.join(this.home, 'journal.jsonl'), lines);
    this.staged += lines;
  }

  /** Every journal line this machine's hooks wrote (to give another data dir all the same data). */
  journal(): string {
    return this.staged;
  }

  cli(args: string[], env: NodeJS.ProcessEnv = {}): Run {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      env: {
        ...process.env,
        AGENTDAG_HOME: this.home,
        AGENTDAG_HOST: this.host,
        CLAUDE_CONFIG_DIR: this.claude,
        AGENTDAG_SEGMENT_GRACE_MS: '0',
        NODE_EXTRA_CA_CERTS: '',
        NO_COLOR: '1',
        TZ: 'UTC',
        ...env,
      },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  }

  /** The CLI with --json, which must succeed; its parsed output. */
  json(args: string[], env: NodeJS.ProcessEnv = {}): Record<string, any> {
    const r = this.cli([...args, '--json'], env);
    if (r.code !== 0) throw new Error(`agentdag ${args.join(' ')} on ${this.host} failed (${r.code ?? r.signal}): ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  get warehouse(): string {
    return path.join(this.home, 'warehouse.duckdb');
  }
}

/** Rows of a query over several published warehouses attached read-only as w0, w1, … */
export async function acrossWarehouses(files: string[], sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    for (const [i, f] of files.entries()) await conn.run(`ATTACH '${f.replace(/'/g, "''")}' AS w${i} (READ_ONLY)`);
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

/** The facts of a warehouse, tables and views (what the team build must agree on). */
export async function factTables(file: string): Promise<string[]> {
  const rows = await acrossWarehouses([file], `SELECT table_name FROM information_schema.tables WHERE table_catalog = 'w0' AND table_name LIKE 'fact\\_%' ESCAPE '\\' ORDER BY 1`);
  return rows.map((r) => String(r.table_name));
}

/** A table's columns in w0 (optionally without some), quoted, comma-separated. */
export async function columnList(file: string, table: string, without: string[] = []): Promise<string> {
  const rows = await acrossWarehouses([file], `SELECT column_name FROM duckdb_columns() WHERE database_name = 'w0' AND table_name = '${table}' ORDER BY column_index`);
  return rows
    .map((r) => String(r.column_name))
    .filter((c) => !without.includes(c))
    .map((c) => `"${c}"`)
    .join(', ');
}
