// `npm run bench -- growth`: how the cost of a cron ingest grows with history.
//
// For each history size (default 20,000, 200,000 and 1,000,000 journal lines, --histories=a,b,c):
// the first ingest of that history, then 1,000 new events at a time (the last 200 continue the
// newest session, as late events do, the rest start new ones) and a no-op ingest. Each figure is
// the median of --runs whole `agentdag ingest` processes (default 5) with its stage times, and the
// incremental ingest is printed as a ratio against the same on the smallest history, measured in
// the same run. The published file's size is what `publish` copies where the file system cannot
// clone (ext4 here): the one stage that grows with history by design.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { snapshotBuild, timed, writeSyntheticJournal } from './ingest';
import { median } from './stats';

interface GrowthRow {
  history: number;
  first_ingest_ms: number;
  incremental_1k_ms: number;
  incremental_stages_ms: Record<string, number>;
  noop_ms: number;
  published_mib: number;
  publish_method: string;
  ratio_to_smallest: number;
}

const EVENTS_PER_SESSION = 400; // writeSyntheticJournal's session length

export async function run(flags: string[]): Promise<void> {
  const flag = (name: string) => flags.find((x) => x.startsWith(`--${name}=`))?.split('=')[1];
  const histories = (flag('histories') ?? '20000,200000,1000000').split(',').map((x) => Number(x.replace(/_/g, '')));
  const runs = Number(flag('runs') ?? 5);
  const json = flags.includes('--json');
  if (histories.some((h) => !Number.isInteger(h) || h < EVENTS_PER_SESSION)) throw new Error(`--histories: whole numbers of at least ${EVENTS_PER_SESSION}, comma-separated`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-growth-'));
  const log = (s: string) => process.stderr.write(s + '\n');
  try {
    const cliPath = snapshotBuild(work);
    const baseEnv = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
    const ingest = (home: string) => {
      const r = timed([process.execPath, cliPath, 'ingest', '--json'], { ...baseEnv, AGENTDAG_HOME: home, AGENTDAG_SEGMENT_GRACE_MS: '0', CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
      return { ms: r.wallMs, summary: JSON.parse(r.stdout) };
    };
    const rows: GrowthRow[] = [];
    for (const history of histories) {
      const home = path.join(work, `history-${history}`);
      fs.mkdirSync(home, { mode: 0o700 });
      writeSyntheticJournal(path.join(home, 'journal.jsonl'), history, 'h');
      const first = ingest(home);
      const sessions = Math.ceil(history / EVENTS_PER_SESSION);
      const inc: { ms: number; stages: Record<string, number>; method: string }[] = [];
      const noop: number[] = [];
      for (let i = 0; i < runs; i++) {
        writeSyntheticJournal(path.join(home, 'journal.jsonl'), 1000, `inc${i}-`, sessions - 1 + i * 3);
        const r = ingest(home);
        if (r.summary.events_new !== 1000 || r.summary.models?.mode !== 'incremental') throw new Error(`incremental ingest: ${JSON.stringify(r.summary)}`);
        inc.push({ ms: r.ms, stages: r.summary.timings_ms, method: r.summary.publish_method });
        const n = ingest(home);
        if (n.summary.published !== null) throw new Error('a no-op ingest published');
        noop.push(n.ms);
      }
      const stages = Object.fromEntries(Object.keys(inc[0].stages).map((k) => [k, Math.round(median(inc.map((x) => x.stages[k] ?? 0)))]));
      const row: GrowthRow = {
        history,
        first_ingest_ms: Math.round(first.ms),
        incremental_1k_ms: Math.round(median(inc.map((x) => x.ms))),
        incremental_stages_ms: stages,
        noop_ms: Math.round(median(noop)),
        published_mib: Math.round(fs.statSync(path.join(home, 'warehouse.duckdb')).size / 2 ** 20),
        publish_method: inc[0].method,
        ratio_to_smallest: 0,
      };
      rows.push(row);
      log(`history ${history}: first ${row.first_ingest_ms} ms, 1k incremental ${row.incremental_1k_ms} ms ${JSON.stringify(stages)}, no-op ${row.noop_ms} ms, published ${row.published_mib} MiB (${row.publish_method})`);
      fs.rmSync(home, { recursive: true, force: true });
    }
    for (const r of rows) r.ratio_to_smallest = Math.round((r.incremental_1k_ms / rows[0].incremental_1k_ms) * 100) / 100;
    if (json) {
      process.stdout.write(JSON.stringify({ runs, load_average_1m: os.loadavg()[0], rows }, null, 2) + '\n');
      return;
    }
    const stageCols = ['models', 'checks', 'publish'];
    const out = [
      `| history (journal lines) | first ingest | 1,000 new events | ×, against ${rows[0].history.toLocaleString('en')} | ${stageCols.join(' | ')} | no-op | published file |`,
      `| --- | --- | --- | --- | ${stageCols.map(() => '---').join(' | ')} | --- | --- |`,
      ...rows.map(
        (r) =>
          `| ${r.history.toLocaleString('en')} | ${r.first_ingest_ms} ms | ${r.incremental_1k_ms} ms | ×${r.ratio_to_smallest} | ${stageCols.map((s) => `${r.incremental_stages_ms[s] ?? 0} ms`).join(' | ')} | ${r.noop_ms} ms | ${r.published_mib} MiB (${r.publish_method}) |`,
      ),
      '',
      `medians of ${runs} runs; load average ${os.loadavg()[0].toFixed(2)} when done, 2 cores`,
    ];
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
