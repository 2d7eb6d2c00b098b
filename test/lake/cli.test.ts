// The lake's commands as a user runs them (fast tier, journal stage only): ingest --push-to pushes
// after the journal; a lake that cannot be written fails the push, not the ingest; wrong folders
// are refused before anything runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../paths';
import { appendJournal, envelopeLine, query, tempHome } from '../ingest/helpers';
import { tempDir } from './raw-machine';

function run(home: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, AGENTDAG_HOME: home, AGENTDAG_HOST: 'laptop', AGENTDAG_INGEST_STEPS: 'journal', AGENTDAG_SEGMENT_GRACE_MS: '0', NODE_EXTRA_CA_CERTS: '', TZ: 'UTC', ...extra },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('agentdag push / ingest --push-to / ingest --lake (CLI)', () => {
  it('ingest --push-to pushes what the ingest stored; a push that fails leaves the ingest published, exit 1', async () => {
    const home = tempHome('lake-cli');
    const lake = tempDir('cli-lake');
    appendJournal(home, envelopeLine('e-1') + envelopeLine('e-2'));
    const first = run(home, ['ingest', '--push-to', lake, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).push).toMatchObject({ host: 'laptop', error: null });
    expect(fs.readdirSync(path.join(lake, 'raw', 'raw_hook_events'))).toEqual(['host=laptop']);

    // The lake's folder for hook events replaced by a link elsewhere: the push refuses it…
    const elsewhere = tempDir('elsewhere');
    fs.rmSync(path.join(lake, 'raw', 'raw_hook_events'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(lake, 'raw', 'raw_hook_events'));
    appendJournal(home, envelopeLine('e-3'));
    const broken = run(home, ['ingest', '--push-to', lake]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/push to .* failed: .*symbolic link/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    // …and the ingest was published all the same.
    expect((await query(home, 'SELECT count(*) AS n FROM raw_hook_events'))[0].n).toBe(3);

    // Fixed, the next push sends what the failed one did not.
    fs.rmSync(path.join(lake, 'raw', 'raw_hook_events'));
    const again = run(home, ['push', '--to', lake, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).tables.find((t: { table: string }) => t.table === 'raw_hook_events').rows).toBe(1);
  });

  it('refuses a lake inside the data dir, a folder that is not a lake, and a bad AGENTDAG_HOST, before doing anything', () => {
    const home = tempHome('lake-cli');
    const inside = run(home, ['push', '--to', path.join(home, 'lake')]);
    expect([inside.code, inside.stderr]).toEqual([2, expect.stringMatching(/inside this machine's data dir/)]);
    const notLake = tempDir('not-a-lake');
    const team = tempHome('lake-cli-team');
    const load = run(team, ['ingest', '--lake', notLake]);
    expect([load.code, load.stderr]).toEqual([2, expect.stringMatching(/not an agentdag lake/)]);
    expect(fs.existsSync(path.join(team, 'warehouse.work.duckdb'))).toBe(false);
    const badHost = run(home, ['push', '--to', tempDir('lake')], { AGENTDAG_HOST: '../etc' });
    expect([badHost.code, badHost.stderr]).toEqual([2, expect.stringMatching(/AGENTDAG_HOST/)]);
  });
});
