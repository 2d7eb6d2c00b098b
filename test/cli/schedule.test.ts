import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../paths';

const cli = CLI;
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('agentdag schedule', () => {
  it('prints a cron line that runs ingest with the data dir and the absolute CLI path', () => {
    const r = run(['schedule', 'cron', '--every', '10'], { AGENTDAG_HOME: '/tmp/agentdag home' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\*\/10 \* \* \* \* AGENTDAG_HOME='\/tmp\/agentdag home' /);
    expect(r.stdout).toContain(`${cli} ingest --quiet`);
  });

  it('prints a launchd plist with the interval in seconds', () => {
    const r = run(['schedule', 'launchd', '--json'], { AGENTDAG_HOME: '/tmp/a&b' });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.kind).toBe('launchd');
    expect(out.text).toContain('<integer>900</integer>');
    expect(out.text).toContain('<string>/tmp/a&amp;b</string>');
  });

  it('names the fix for a bad kind or interval', () => {
    const bad = run(['schedule', 'systemd']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('fix: use `agentdag schedule cron` or `agentdag schedule launchd`');
    const every = run(['schedule', 'cron', '--every', '0', '--json']);
    expect(every.status).toBe(2);
    expect(JSON.parse(every.stdout).error).toMatch(/--every/);
  });
});
