// `agentdag schedule`: every printed install command is executed exactly as printed (sh -c) against
// a temp HOME, with fake `crontab`, `launchctl` and `systemctl` on PATH (process boundaries: they
// read and write temp files); what it installed is parsed back (cron expression, plist XML, systemd
// units), checked against the interval asked for, and the job it names is run once.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../paths';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-schedule-')));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// A data dir whose name needs every kind of quoting: shell, XML, cron's % and systemd's %.
const home = path.join(root, "data & dir 'q' %x");
const bin = path.join(root, 'bin');
const crontabFile = path.join(root, 'crontab.txt');
const calls = path.join(root, 'calls.log');
fs.mkdirSync(bin);
fs.writeFileSync(
  path.join(bin, 'crontab'),
  `#!/bin/sh
case "$1" in
  -l) [ -f "$FAKE_CRONTAB" ] || { echo "no crontab for $(id -un)" >&2; exit 1; }; cat "$FAKE_CRONTAB" ;;
  -) t=$(mktemp) && cat > "$t" && mv "$t" "$FAKE_CRONTAB" ;; # like crontab: read all of stdin, then install
  *) echo "fake crontab: unsupported $*" >&2; exit 2 ;;
esac
`,
  { mode: 0o755 },
);
for (const tool of ['launchctl', 'systemctl']) fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "$FAKE_CALLS"\n`, { mode: 0o755 });

function userEnv(userHome: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: userHome, PATH: `${bin}:${process.env.PATH}`, FAKE_CRONTAB: crontabFile, FAKE_CALLS: calls, AGENTDAG_HOME: home };
  delete env.XDG_CONFIG_HOME;
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function schedule(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [CLI, 'schedule', ...args], { env, encoding: 'utf8' });
  return { ...r, json: r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : null };
}

/** Runs a printed command exactly as a user pasting it would: one `sh -c`, from an unrelated folder, with `agentdag` NOT on PATH. */
function paste(command: string, env: NodeJS.ProcessEnv): void {
  const r = spawnSync('/bin/sh', ['-c', command], { env, cwd: os.tmpdir(), encoding: 'utf8' });
  expect(r.status, `${command}\n${r.stderr}`).toBe(0);
  expect(spawnSync('/bin/sh', ['-c', 'command -v agentdag'], { env }).status).not.toBe(0);
}

/** Minutes between runs of a cron expression with a fixed minute (and hour) pattern. */
function cronInterval(expr: string): number {
  const [min, hour, dom, mon, dow] = expr.split(' ');
  expect([dom, mon, dow]).toEqual(['*', '*', '*']);
  const step = (f: string) => (f === '*' ? 1 : Number(/^\*\/(\d+)$/.exec(f)?.[1] ?? NaN));
  if (hour === '*' && min !== '0') return step(min);
  if (min === '0' && /^(\*|\*\/\d+)$/.test(hour)) return 60 * step(hour);
  if (min === '0' && hour === '0') return 1440;
  throw new Error(`unexpected cron expression ${expr}`);
}

/** A plist's top dict, with <string>, <integer>, <array> and nested <dict> values. */
function parsePlist(text: string): Record<string, any> {
  const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const tokens = [...text.replace(/<\?xml[^>]*>|<!DOCTYPE[^>]*>/g, '').matchAll(/<(\/?)(\w+)[^>]*>([^<]*)/g)].map((m) => ({ close: m[1] === '/', tag: m[2], text: m[3] }));
  let i = 0;
  const value = (): any => {
    const t = tokens[i++];
    if (t.tag === 'string') return (i++, unxml(t.text));
    if (t.tag === 'integer') return (i++, Number(t.text));
    if (t.tag === 'array') {
      const out: any[] = [];
      while (!(tokens[i].close && tokens[i].tag === 'array')) out.push(value());
      i++;
      return out;
    }
    if (t.tag === 'dict') {
      const out: Record<string, any> = {};
      while (!(tokens[i].close && tokens[i].tag === 'dict')) {
        const key = tokens[i];
        expect(key.tag).toBe('key');
        i += 2;
        out[unxml(key.text)] = value();
      }
      i++;
      return out;
    }
    throw new Error(`unexpected <${t.tag}>`);
  };
  expect(tokens[0].tag).toBe('plist');
  i = 1;
  return value();
}

/** Sections of a systemd unit file: { Section: { Key: value } } (comments skipped). */
function parseUnit(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const s = /^\[(\w+)\]$/.exec(line);
    if (s) out[(section = s[1])] = {};
    else out[section][line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

/** systemd's quoted words ("…" with \" and \\), %% → %. */
function unitWords(value: string): string[] {
  return [...value.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]).replace(/%%/g, '%'));
}

/** Minutes between the elapses of the OnCalendar forms schedule writes. */
function calendarInterval(spec: string): number {
  let m = /^\*-\*-\* \*:00\/(\d+):00$/.exec(spec);
  if (m) return Number(m[1]);
  m = /^\*-\*-\* 00\/(\d+):00:00$/.exec(spec);
  if (m) return 60 * Number(m[1]);
  if (spec === '*-*-* 00:00:00') return 1440;
  throw new Error(`unexpected OnCalendar ${spec}`);
}

/** The scheduled job ran: ingest published a warehouse into the data dir and logged nothing bad. */
function expectIngestRan(): void {
  expect(fs.existsSync(path.join(home, 'warehouse.duckdb'))).toBe(true);
  expect(fs.readFileSync(path.join(home, 'ingest.log'), 'utf8')).toBe(''); // --quiet: nothing unless something is wrong
  fs.rmSync(home, { recursive: true, force: true });
}

const INTERVALS: [string, number][] = [['1', 1], ['5', 5], ['15m', 15], ['30m', 30], ['60m', 60], ['hourly', 60], ['2h', 120], ['12h', 720], ['1d', 1440], ['daily', 1440]];

describe('agentdag schedule cron', () => {
  it.each(INTERVALS)('--every %s: the printed install command installs a line that runs every %i minutes, once', (every, minutes) => {
    const userHome = fs.mkdtempSync(path.join(root, 'home-'));
    const env = userEnv(userHome);
    fs.writeFileSync(crontabFile, '# my own jobs\n0 9 * * 1 /usr/bin/backup --weekly\n');
    const entry = schedule(['cron', '--every', every, '--json'], env).json;
    expect(entry.every_minutes).toBe(minutes);
    paste(entry.install, env);
    paste(entry.install, env); // installing twice replaces the line, never doubles it
    const lines = fs.readFileSync(crontabFile, 'utf8').split('\n').filter(Boolean);
    expect(lines.slice(0, 2)).toEqual(['# my own jobs', '0 9 * * 1 /usr/bin/backup --weekly']);
    expect(lines).toHaveLength(3);
    const ours = lines[2];
    expect(ours).toBe(entry.text);
    const expr = ours.split(' ').slice(0, 5).join(' ');
    expect(cronInterval(expr)).toBe(minutes);
    paste(entry.uninstall, env);
    expect(fs.readFileSync(crontabFile, 'utf8')).toBe('# my own jobs\n0 9 * * 1 /usr/bin/backup --weekly\n');
  });

  it('the installed line runs ingest as cron would (sh -c, no PATH, % unescaped by cron)', () => {
    const env = userEnv(fs.mkdtempSync(path.join(root, 'home-')));
    fs.rmSync(crontabFile, { force: true }); // no crontab yet: `crontab -l` fails, install still works
    paste(schedule(['cron', '--every', '5m', '--json'], env).json.install, env);
    const line = fs.readFileSync(crontabFile, 'utf8').trim();
    const command = line.split(' ').slice(5).join(' ').replace(/\\%/g, '%');
    const r = spawnSync('/bin/sh', ['-c', command], { env: { PATH: '/usr/bin:/bin', HOME: env.HOME }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expectIngestRan();
  });

  it('prints the line alone on stdout, so `(crontab -l; agentdag schedule cron) | crontab -` still works', () => {
    const r = schedule(['cron', '--every', '10'], userEnv(root));
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^\*\/10 \* \* \* \* AGENTDAG_HOME=/);
    expect(r.stdout).toContain(`${CLI} ingest --quiet`);
  });
});

describe('agentdag schedule launchd', () => {
  it.each([['5m', 5], ['1h', 60], ['1d', 1440]] as [string, number][])('--every %s: installs a LaunchAgent that runs ingest every %i minutes', (every, minutes) => {
    const userHome = fs.mkdtempSync(path.join(root, 'home-'));
    const env = userEnv(userHome);
    fs.rmSync(calls, { force: true });
    const entry = schedule(['launchd', '--every', every, '--json'], env).json;
    paste(entry.install, env);
    const file = path.join(userHome, 'Library', 'LaunchAgents', 'dev.agentdag.ingest.plist');
    expect(entry.files.map((f: any) => f.path)).toEqual([file]);
    const plist = parsePlist(fs.readFileSync(file, 'utf8'));
    expect(plist.Label).toBe('dev.agentdag.ingest');
    expect(plist.StartInterval).toBe(minutes * 60);
    expect(plist.ProgramArguments).toEqual([process.execPath, CLI, 'ingest', '--quiet']);
    expect(plist.EnvironmentVariables).toEqual({ AGENTDAG_HOME: home });
    expect(fs.readFileSync(calls, 'utf8')).toContain(`launchctl load -w ${file}`);
    if (minutes === 5) {
      // launchd runs ProgramArguments with EnvironmentVariables and the log paths.
      const [exe, ...args] = plist.ProgramArguments;
      const r = spawnSync(exe, args, { env: { PATH: '/usr/bin:/bin', ...plist.EnvironmentVariables }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      fs.writeFileSync(plist.StandardOutPath, r.stdout + r.stderr);
      expectIngestRan();
    }
    paste(entry.uninstall, env);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readFileSync(calls, 'utf8')).toContain(`launchctl unload -w ${file}`);
  });
});

describe('agentdag schedule systemd', () => {
  it.each([['5m', 5], ['30m', 30], ['2h', 120], ['1d', 1440]] as [string, number][])('--every %s: installs a user service and timer that run ingest every %i minutes', (every, minutes) => {
    const userHome = fs.mkdtempSync(path.join(root, 'home-'));
    const env = userEnv(userHome);
    fs.rmSync(calls, { force: true });
    const entry = schedule(['systemd', '--every', every, '--json'], env).json;
    paste(entry.install, env);
    const dir = path.join(userHome, '.config', 'systemd', 'user');
    expect(fs.readdirSync(dir).sort()).toEqual(['agentdag-ingest.service', 'agentdag-ingest.timer']);
    expect(entry.files.map((f: any) => f.path)).toEqual([path.join(dir, 'agentdag-ingest.service'), path.join(dir, 'agentdag-ingest.timer')]);
    const timer = parseUnit(fs.readFileSync(path.join(dir, 'agentdag-ingest.timer'), 'utf8'));
    expect(calendarInterval(timer.Timer.OnCalendar)).toBe(minutes);
    expect(timer.Timer.Unit).toBe('agentdag-ingest.service');
    expect(timer.Install.WantedBy).toBe('timers.target');
    const service = parseUnit(fs.readFileSync(path.join(dir, 'agentdag-ingest.service'), 'utf8'));
    expect(service.Service.Type).toBe('oneshot');
    expect(unitWords(service.Service.ExecStart)).toEqual([process.execPath, CLI, 'ingest', '--quiet']);
    expect(unitWords(service.Service.Environment)).toEqual([`AGENTDAG_HOME=${home}`]);
    expect(service.Service.StandardOutput.replace(/%%/g, '%')).toBe(`append:${path.join(home, 'ingest.log')}`);
    expect(fs.readFileSync(calls, 'utf8').split('\n')).toContain('systemctl --user enable --now agentdag-ingest.timer');
    if (minutes === 5) {
      const [exe, ...args] = unitWords(service.Service.ExecStart);
      const r = spawnSync(exe, args, { env: { PATH: '/usr/bin:/bin', AGENTDAG_HOME: home }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      fs.writeFileSync(path.join(home, 'ingest.log'), r.stdout + r.stderr);
      expectIngestRan();
    }
    paste(entry.uninstall, env);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readFileSync(calls, 'utf8')).toContain('systemctl --user disable --now agentdag-ingest.timer');
  });

  it('honours XDG_CONFIG_HOME, and --unit prints one unit', () => {
    const env = { ...userEnv(root), XDG_CONFIG_HOME: path.join(root, 'xdg') };
    const entry = schedule(['systemd', '--json'], env).json;
    expect(entry.files[1].path).toBe(path.join(root, 'xdg', 'systemd', 'user', 'agentdag-ingest.timer'));
    expect(schedule(['systemd', '--unit', 'timer'], env).stdout).toBe(entry.files[1].text);
  });
});

describe('agentdag schedule: refusals name the fix', () => {
  it('a bad kind, an uneven interval, a stray --unit', () => {
    const bad = schedule(['at'], userEnv(root));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('fix: use one of: agentdag schedule cron, agentdag schedule launchd, agentdag schedule systemd');
    for (const every of ['0', '7', '45m', '90m', '5h', '2d', 'soon']) {
      const r = schedule(['cron', '--every', every, '--json'], userEnv(root));
      expect(r.status, every).toBe(2);
      expect(r.json.error).toMatch(/--every/);
      expect(r.json.fix).toMatch(/--every 15m/);
    }
    expect(schedule(['cron', '--unit', 'timer'], userEnv(root)).status).toBe(2);
  });
});
