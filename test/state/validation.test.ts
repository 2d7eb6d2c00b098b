// Validation at the edge and in the schema, escaped terminal output, redaction before disk.
import { describe, expect, it } from 'vitest';
import { cli, cliOk, dump, engine, tempHome, useFreshGraph } from './helpers';

const { ops } = engine;
const fresh = useFreshGraph();

describe('CLI arguments are checked at the edge, naming the field and the fix', () => {
  it('type, range and size', () => {
    const home = tempHome();
    const cases: [string[], RegExp, RegExp][] = [
      [['task', 'add', 'x', '--priority', '3000000000'], /priority must be from -1000000 to 1000000, got 3000000000/, /fix: for example: --priority 2/],
      [['task', 'add', 'x', '--priority', 'high'], /priority must be a whole number from -1000000 to 1000000, got "high"/, /--priority 2/],
      [['task', 'add', 'x', '--lease', '0'], /lease must be from 1 to 604800, got 0/, /--lease 600/],
      [['task', 'add', 'x', '--max-retries', '-1'], /max_retries must be from 0 to 1000/, /--max-retries 2/],
      [['task', 'add', 'y'.repeat(1001)], /title is 1001 characters long; at most 1000/, /for example: Write the parser/],
      [['task', 'add', 'x', '--tag', 't'.repeat(101)], /tag is 101 characters long; at most 100/, /--tag backend/],
      [['task', 'list', '--limit', '0'], /limit must be from 1 to 100000/, /--limit 20/],
    ];
    for (const [args, message, fix] of cases) {
      const r = cli(home, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(fix);
    }
    const id = cliOk(home, ['task', 'add', 'ok', '--json']).id;
    cliOk(home, ['task', 'go', '--agent', 'w']);
    const r = cli(home, ['task', 'progress', id, '140', '--agent', 'w']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/percent must be from 0 to 100, got 140\n\s+fix: for example: 40/);
    expect(cliOk(home, ['task', 'list', '--all', '--json']).map((t: { title: string }) => t.title)).toEqual(['ok']);
  });

  it('an invalid AGENTDAG_LEASE_SECONDS is refused, naming the variable', () => {
    const r = cli(tempHome(), ['task', 'add', 'x'], { AGENTDAG_LEASE_SECONDS: '99999999' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AGENTDAG_LEASE_SECONDS must be a whole number of seconds from 1 to 604800/);
  });
});

describe('the schema has a CHECK for every numeric column', () => {
  it('no whole-number column takes text or a number out of range, even behind the engine', () => {
    const g = fresh.get();
    const id = fresh.add('x');
    ops.go(g, { agent: 'w' });
    ops.artifact(g, id, 'a', 'https://example.invalid/a', {});
    const numeric =
      g.store.kind === 'sqlite'
        ? (g.stmt(
            `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.type = 'INTEGER' AND p.pk = 0`,
          ).all() as { tbl: string; col: string }[])
        : (g.stmt(
            `SELECT c.table_name AS tbl, c.column_name AS col FROM information_schema.columns c
             WHERE c.table_schema = current_schema() AND c.data_type IN ('integer', 'bigint', 'smallint') AND c.is_identity = 'NO'
               AND c.table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')`,
          ).all() as { tbl: string; col: string }[]);
    const cols = numeric.map((c) => `${c.tbl}.${c.col}`).sort();
    expect(cols).toEqual(expect.arrayContaining(['artifacts.size_bytes', 'tasks.lease_seconds', 'tasks.max_retries', 'tasks.priority', 'tasks.progress', 'tasks.retries']));
    for (const { tbl, col } of numeric.filter((c) => c.tbl !== 'schema_migrations')) {
      for (const bad of ['high', 1.5, -5_000_000_000, 3_000_000_000]) {
        if (tbl === 'artifacts' && bad === 3_000_000_000) continue; // a 3 GB artifact is fine
        expect(() => g.tx(() => g.stmt(`UPDATE ${tbl} SET ${col} = ?`).run(bad)), `${tbl}.${col} = ${bad}`).toThrow(/CHECK constraint failed|violates check constraint|invalid input syntax|out of range/);
      }
    }
  });
});

describe('terminal output', () => {
  it('titles with escape sequences are printed escaped by add, list, show and go', () => {
    const home = tempHome();
    const title = 'evil \x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x9b2J done';
    const add = cli(home, ['task', 'add', title]);
    const id = cliOk(home, ['task', 'list', '--json'])[0].id;
    expect(cliOk(home, ['task', 'show', id, '--json']).task.title).toBe(title); // stored as given
    for (const r of [add, cli(home, ['task', 'list']), cli(home, ['task', 'list', '--format', 'csv']), cli(home, ['task', 'show', id]), cli(home, ['task', 'go'])]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(r.stdout).toContain('\\x1b]0;pwned\\x07');
    }
  });
});

describe('redaction before disk', () => {
  it('secrets in titles, descriptions, notes, results, errors, progress notes, reasons and artifacts never reach the graph', () => {
    const g = fresh.get();
    const aws = 'AKIAIOSFODNN7EXAMPLE';
    const gh = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const id = ops.add(g, `deploy with ${aws}`, { description: `token ${gh}` }).result.id;
    const other = ops.add(g, `other ${gh}`).result.id;
    ops.go(g, { agent: 'w' });
    ops.progress(g, id, 10, `used ${aws}`, { agent: 'w' });
    ops.note(g, id, `the key is ${aws}`, { agent: 'w' });
    ops.amendTask(g, id, `also ${gh}`, {});
    ops.touchFile(g, id, [`/tmp/${gh}.txt`], { agent: 'w' });
    ops.artifact(g, id, `report ${aws}`, `https://example.invalid/?token=${gh}`, {});
    ops.tag(g, id, [`k-${aws}`], {});
    ops.done(g, id, { agent: 'w', result: JSON.stringify({ summary: `rotated ${aws}`, nested: [{ api_key: 'plain-looking-value' }] }) });
    ops.go(g, { agent: 'w' });
    ops.fail(g, other, `failed with ${gh}`, { agent: 'w' });
    ops.cancel(g, ops.add(g, 'third').result.id, { reason: `leaked ${aws}` });
    const all = dump(g);
    expect(all).not.toContain(aws);
    expect(all).not.toContain(gh);
    expect(all).not.toContain('plain-looking-value');
    expect(all).toContain('[REDACTED:aws_access_key]');
    expect(g.mustRow(id).title).toBe('deploy with [REDACTED:aws_access_key]');
  });
});
