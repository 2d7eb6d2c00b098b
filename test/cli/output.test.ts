import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderCsv, renderTable, writeRows } from '../../cli/output';
import { outputWidth } from '../../cli/table';
import { CLI } from '../paths';

const rows = [
  { model: 'claude-sonnet-4-5', cost_usd: 0.000123456, calls: 12n, note: 'a, "quoted"\nline' },
  { model: 'unknown-model', cost_usd: null, calls: 3n, note: null },
];

async function capture(format: 'json' | 'ndjson'): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  await writeRows(rows, format, out);
  return text;
}

describe('output formats', () => {
  it('keeps full precision in CSV and quotes what needs quoting', () => {
    const csv = renderCsv(rows).split('\n');
    expect(csv[0]).toBe('model,cost_usd,calls,note');
    expect(csv[1]).toBe('claude-sonnet-4-5,0.000123456,12,"a, ""quoted""');
    expect(csv[3]).toBe('unknown-model,,3,');
  });

  it('rounds fractions for people and right-aligns numbers in tables', () => {
    const table = renderTable(rows);
    expect(table).toContain('0.0001');
    expect(table).not.toContain('0.000123456');
    expect(table.trimEnd().endsWith('(2 rows)')).toBe(true);
    expect(table.split('\n')[2]).toMatch(/\s12\s/);
  });

  it('writes JSON and one ndjson object per line with BigInt made plain', async () => {
    expect(JSON.parse(await capture('json'))[0].calls).toBe(12);
    const lines = (await capture('ndjson')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({ model: 'unknown-model', cost_usd: null, calls: 3, note: null });
  });
});

describe('tables fit the terminal', () => {
  // A row like `report sessions`: a long key, long times, a long text column, many numbers.
  const wide = Array.from({ length: 3 }, (_, i) => ({
    session_id: `f76f50b3-21c6-490a-bff1-6ca6db1c464${i}`,
    started_at: '2026-12-03T09:26:30.861Z',
    status: 'COMPLETED',
    duration_ms: 1672 + i,
    prompt_tokens: 60021,
    completion_tokens: 145,
    total_cost_usd: 0.0629,
    cache_hit_ratio: 0.6348,
    models: 'claude-haiku-5-5, claude-sonnet-4-5, claude-opus-4-1, and more models here',
    compactions: 0,
    host: 'vm',
  }));
  const lines = (t: string) => t.trimEnd().split('\n');

  /** Column names as a reader sees them: each block's header lines, stacked over its dashes. */
  function columnNames(text: string): string[] {
    const names: string[] = [];
    for (const block of text.split('\n\n')) {
      const ls = block.split('\n');
      const dash = ls.findIndex((l) => /^-+( +-+)*$/.test(l));
      for (const m of ls[dash].matchAll(/-+/g)) names.push(ls.slice(0, dash).map((h) => h.slice(m.index, m.index + m[0].length).trim()).join(''));
    }
    return names;
  }

  it('a pipe (no width) keeps one line per row, as before', () => {
    const t = lines(renderTable(wide));
    expect(t).toHaveLength(2 + wide.length + 1);
    expect(Math.max(...t.map((l) => l.length))).toBeGreaterThan(200);
  });

  for (const width of [60, 80, 120]) {
    it(`at ${width} columns every line fits, and no value or column is lost`, () => {
      const text = renderTable(wide, undefined, { width });
      for (const l of lines(text)) expect(l.length, l).toBeLessThanOrEqual(width);
      // Every column is there once (the key once per block), its name whole when its header lines are stacked.
      const names = columnNames(text);
      expect(names.filter((n) => n !== 'session_id')).toEqual(Object.keys(wide[0]).slice(1));
      expect(names[0]).toBe('session_id');
      for (const r of wide) for (const v of [r.duration_ms, r.prompt_tokens, r.completion_tokens, r.total_cost_usd]) expect(text).toContain(String(v));
      // The key column keeps up to half the line in the first block: whole at 80 and wider.
      if (width >= 80) expect(text).toContain(wide[2].session_id);
      else expect(text).toContain(wide[2].session_id.slice(0, 25));
      expect(text.replace(/\n/g, ' ')).toMatch(/\(3 rows; .*--wide/);
    });
  }

  it('--wide cuts nothing and ignores the width', () => {
    const long = [{ note: 'x'.repeat(100), n: 1 }];
    expect(renderTable(long)).toContain('x'.repeat(59) + '…'); // a pipe: cells cut at 60, as before
    expect(renderTable(long, undefined, { wide: true })).toContain('x'.repeat(100));
  });

  it('the width comes from --wide, $COLUMNS, then the terminal; a pipe has none', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 93 });
    expect(outputWidth(tty, {}, {})).toBe(93);
    expect(outputWidth(tty, { wide: true }, {})).toBeUndefined();
    expect(outputWidth(new PassThrough(), {}, {})).toBeUndefined();
    expect(outputWidth(new PassThrough(), {}, { COLUMNS: '70' })).toBe(70);
  });

  it('as a process: COLUMNS fits `agentdag report --list`, a plain pipe keeps whole lines', () => {
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [CLI, 'report', '--list'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    const fitted = run({ COLUMNS: '60' });
    expect(fitted.status, fitted.stderr).toBe(0);
    for (const l of lines(fitted.stdout)) expect(l.length, l).toBeLessThanOrEqual(60);
    const env = { ...process.env };
    delete env.COLUMNS;
    const piped = spawnSync(process.execPath, [CLI, 'report', '--list'], { env, encoding: 'utf8' });
    expect(Math.max(...lines(piped.stdout).map((l) => l.length))).toBeGreaterThan(60);
    const reports = lines(spawnSync(process.execPath, [CLI, 'report', '--list', '--format', 'csv'], { env, encoding: 'utf8' }).stdout).length - 1;
    expect(lines(piped.stdout)).toHaveLength(reports + 3); // header, dashes, one line per report, count
    const wideOut = spawnSync(process.execPath, [CLI, 'report', '--list', '--wide'], { env: { ...process.env, COLUMNS: '60' }, encoding: 'utf8' }).stdout;
    expect(wideOut).toBe(spawnSync(process.execPath, [CLI, 'report', '--list', '--wide'], { env, encoding: 'utf8' }).stdout);
    expect(lines(wideOut)).toHaveLength(reports + 3);
  });
});
