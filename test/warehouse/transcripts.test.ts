// The transcript step on real files: incremental by file identity, re-read of shrunk or replaced
// files, no double counting across copies, partial lines, rejects, redaction, the cleanup warning.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, tempHome } from './fixture-pipeline';

import { ingestTranscripts } from '../../ingest/transcripts';
import { buildModels } from '../../warehouse/build';
import { effectivePrices } from '../../warehouse/pricing';
import { applyRawSchema } from '../../warehouse/schema';
import { runChecks } from '../../warehouse/checks';

const SUB = path.join(FIXTURES, '2.1.330', 'b-one-subagent', 'transcripts');
const SESSION = '23acb159-8a56-4e04-a586-464c9bb9e927';

let home: string;
let projects: string;
let conn: any;
let inst: any;
let warnings: string[];

async function step(extraDir = projects) {
  warnings = [];
  const stats = await ingestTranscripts(conn, { extraDir: extraDir || undefined, progress: { start() {}, tick() {}, stop() {} }, warn: (m: string) => warnings.push(m) }, home);
  await buildModels(conn, { prices: effectivePrices(path.join(home, 'pricing.json')).rows, scratchDir: home });
  return stats;
}

async function q(sql: string, params: unknown[] = []) {
  const r = await conn.runAndReadAll(sql, params);
  return r.getRowObjectsJS().map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

async function outputTokens(): Promise<number> {
  const [r] = await q('SELECT coalesce(sum(output_tokens), 0) AS o, count(*) AS n FROM fact_api_call');
  return r.o;
}

beforeEach(async () => {
  home = tempHome();
  projects = path.join(home, 'claude', 'projects');
  fs.cpSync(SUB, projects, { recursive: true });
  process.env.AGENTDAG_HOME = home;
  process.env.CLAUDE_CONFIG_DIR = path.join(home, 'claude');
  const duck = await import('@duckdb/node-api');
  inst = await duck.DuckDBInstance.create(path.join(home, 'w.duckdb'));
  conn = await inst.connect();
  await applyRawSchema(conn);
});

afterEach(() => {
  conn.closeSync();
  inst.closeSync();
  delete process.env.CLAUDE_CONFIG_DIR;
});

const mainFile = () => path.join(projects, '-home-dev-project', `${SESSION}.jsonl`);

describe('transcript step', () => {
  it('imports a projects folder: main file, subagent file and meta.json; a second run reads nothing', async () => {
    const first = await step();
    expect(first.files_read).toBe(2);
    expect(first.api_calls_new).toBe(5);
    expect(await outputTokens()).toBe(344); // the API's figure; a per-line sum gives more
    const [meta] = await q('SELECT agent_type, launch_tool_use_id FROM stg_subagent_meta');
    expect(meta).toEqual({ agent_type: 'general-purpose', launch_tool_use_id: 'toolu_01PtAYpukMKEi0ljobWPhpjx' });
    const again = await step();
    expect(again).toEqual({ files_read: 0, lines_read: 0, api_calls_new: 0, metas_changed: 0 });
    expect(await outputTokens()).toBe(344);
    expect(await runChecks(conn)).toEqual([]);
  });

  it('reads only what was appended, and never a line without its newline', async () => {
    const file = mainFile();
    const all = fs.readFileSync(file, 'utf8');
    const lines = all.split('\n').filter(Boolean);
    const cut = Math.floor(lines.length / 2);
    const head = lines.slice(0, cut).join('\n') + '\n';
    fs.writeFileSync(file, head + lines[cut].slice(0, 40)); // a half-written line at the end
    await step();
    const [{ n: n1 }] = await q('SELECT count(*) AS n FROM raw_transcript_lines l JOIN raw_transcript_files f USING (file_key) WHERE f.agent_id IS NULL');
    expect(n1).toBe(cut);
    fs.writeFileSync(file, all);
    const second = await step();
    expect(second.files_read).toBe(1);
    expect(second.lines_read).toBe(lines.length - cut);
    const [{ n: n2 }] = await q('SELECT count(*) AS n FROM raw_transcript_lines l JOIN raw_transcript_files f USING (file_key) WHERE f.agent_id IS NULL');
    expect(n2).toBe(lines.length);
    expect(await outputTokens()).toBe(344);
  });

  it('re-reads a file that shrank or was rewritten, without double counting', async () => {
    await step();
    const file = mainFile();
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    // Same first line (same identity), shorter content: re-read from the start.
    fs.writeFileSync(file, lines.slice(0, 3).join('\n') + '\n');
    const r = await step();
    expect(r.files_read).toBe(1);
    expect(r.lines_read).toBe(3);
    // Replaced: same path, new content of the same size class; identity changes with the first line.
    fs.writeFileSync(file, lines.join('\n') + '\n');
    await step();
    expect(await outputTokens()).toBe(344);
    expect(await runChecks(conn)).toEqual([]);
  });

  it('counts a transcript copied to a second place (another machine, a fork) once', async () => {
    const copy = path.join(home, 'other-machine', 'projects');
    fs.cpSync(SUB, copy, { recursive: true });
    await step();
    await step(copy);
    expect(await outputTokens()).toBe(344);
    const [{ files }] = await q('SELECT count(*) AS files FROM raw_transcript_files');
    expect(files).toBe(2); // identity = first line: the copies share their positions
  });

  it('skips <synthetic> API-error lines and keeps invalid lines as rejects', async () => {
    const file = mainFile();
    const synthetic = {
      type: 'assistant',
      sessionId: SESSION,
      timestamp: '2026-11-22T11:05:00.000Z',
      requestId: 'req_synthetic',
      isApiErrorMessage: true,
      message: { id: 'msg_synthetic', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: 'API Error: 529' }], usage: { input_tokens: 0, output_tokens: 0 } },
    };
    fs.appendFileSync(file, JSON.stringify(synthetic) + '\n' + '{"type": "assistant", "broken\n');
    const r = await step();
    expect(r.api_calls_new).toBe(5);
    const [{ n }] = await q(`SELECT count(*) AS n FROM fact_api_call WHERE model = '<synthetic>'`);
    expect(n).toBe(0);
    const rejects = await q('SELECT reason, text FROM raw_transcript_rejects');
    expect(rejects.length).toBe(1);
    expect(rejects[0].reason).toMatch(/invalid JSON/);
  });

  it('redacts secrets in stored transcript text and keeps the line valid JSON', async () => {
    const file = mainFile();
    const line = {
      type: 'user',
      sessionId: SESSION,
      timestamp: '2026-11-22T11:06:00.000Z',
      message: { role: 'user', content: 'deploy with AWS key AKIAIOSFODNN7EXAMPLE and "quoted" text\nDB_PASSWORD=hunter2secret' },
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
    await step();
    const [row] = await q(`SELECT CAST(line AS VARCHAR) AS line, redacted FROM raw_transcript_lines WHERE ts = TIMESTAMP '2026-11-22 11:06:00'`);
    expect(row.line).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(row.line).not.toContain('hunter2secret');
    expect(row.line).toContain('[REDACTED:aws_access_key]');
    expect(JSON.parse(row.line).message.content).toContain('"quoted" text');
    expect(row.redacted).toContain('aws_access_key');
  });

  it('warns when Claude Code cleans transcripts up after only a few days', async () => {
    fs.writeFileSync(path.join(home, 'claude', 'settings.json'), JSON.stringify({ cleanupPeriodDays: 3 }));
    await step();
    expect(warnings.join('\n')).toMatch(/after 3 day.*cleanupPeriodDays/s);
    fs.writeFileSync(path.join(home, 'claude', 'settings.json'), JSON.stringify({ cleanupPeriodDays: 30 }));
    await step();
    expect(warnings).toEqual([]);
  });

  it('keeps what it read after Claude Code deletes the transcript', async () => {
    await step();
    fs.rmSync(projects, { recursive: true });
    await step(''); // no import folder now: only what is already known
    expect(await outputTokens()).toBe(344);
  });
});
