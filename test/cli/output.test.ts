import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderCsv, renderTable, writeRows } from '../../cli/output';

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
