// `agentdag hooks install|uninstall|status|test` on real settings files in temp dirs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, HOOK, runCli, tempDir } from './helpers';

const dirs: string[] = [];
function project(): { cwd: string; env: NodeJS.ProcessEnv; settings: string; home: string; data: string } {
  const root = tempDir();
  dirs.push(root);
  const cwd = path.join(root, 'project');
  const home = path.join(root, 'home');
  fs.mkdirSync(path.join(cwd, '.claude'), { recursive: true });
  fs.mkdirSync(home);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AGENTDAG_') && k !== 'CLAUDE_CONFIG_DIR') env[k] = v;
  env.HOME = home;
  const data = path.join(root, 'data');
  env.AGENTDAG_HOME = data;
  return { cwd, env, settings: path.join(cwd, '.claude', 'settings.json'), home, data };
}
beforeAll(() => ensureBundled());
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

// A settings file a user really has: permissions, env, their own hooks on events we also use,
// 4-space indent and an inline array (so a plain re-serialisation would not give the same bytes).
const EXISTING = `{
    "permissions": {
        "allow": ["Bash(npm test:*)", "Read(~/notes/**)"],
        "deny": ["Bash(rm -rf:*)"]
    },
    "env": { "FOO": "bar" },
    "hooks": {
        "PreToolUse": [
            {
                "matcher": "Bash",
                "hooks": [{ "type": "command", "command": "~/bin/check-bash.sh", "timeout": 5 }]
            }
        ],
        "Stop": [
            { "hooks": [{ "type": "command", "command": "notify-send done" }] }
        ]
    },
    "model": "opus"
}
`;

function ourEntries(settings: Record<string, any>): Map<string, any> {
  const out = new Map<string, any>();
  for (const [event, groups] of Object.entries(settings.hooks ?? {}))
    for (const g of groups as any[]) for (const h of g.hooks) if (/hooks\/(run-)?hook\.js$/.test(String(h.command))) out.set(event, h);
  return out;
}

/** Every settings backup under the data dir. */
function backupFiles(data: string): string[] {
  const root = path.join(data, 'settings-backups');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d)).map((f) => path.join(d, f))).sort();
}

describe('hooks install', () => {
  it('merges into settings that hold other hooks and permissions, leaving them as they were', () => {
    const p = project();
    fs.writeFileSync(p.settings, EXISTING);
    const r = runCli(['hooks', 'install', '--scope', 'project', '--json'], { cwd: p.cwd, env: p.env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.changed).toBe(true);
    expect(fs.readFileSync(out.backup, 'utf8')).toBe(EXISTING);
    // Backups go to the data dir, owner-only, never into .claude/ (the folder teams commit).
    expect(out.backup.startsWith(path.join(p.data, 'settings-backups') + path.sep)).toBe(true);
    expect(fs.statSync(out.backup).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(p.settings))).toEqual(['settings.json']);
    const after = JSON.parse(fs.readFileSync(p.settings, 'utf8'));
    const before = JSON.parse(EXISTING);
    expect(after.permissions).toEqual(before.permissions);
    expect(after.env).toEqual(before.env);
    expect(after.model).toBe('opus');
    // The user's own hooks stay first, untouched; ours come after them.
    expect(after.hooks.PreToolUse[0]).toEqual(before.hooks.PreToolUse[0]);
    expect(after.hooks.Stop[0]).toEqual(before.hooks.Stop[0]);
    const ours = ourEntries(after);
    for (const e of ['SessionStart', 'SessionEnd', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'SubagentStart', 'SubagentStop', 'Stop', 'StopFailure', 'PreCompact', 'PostCompact', 'TaskCreated', 'TaskCompleted', 'PermissionRequest', 'PermissionDenied', 'Notification'])
      expect(ours.has(e), e).toBe(true);
    expect(ours.has('WorktreeCreate')).toBe(false);
    const entry = ours.get('PreToolUse');
    expect(entry.type).toBe('command');
    expect(entry.timeout).toBe(10);
    // By default Claude Code waits for every hook call (async can lose calls under load: hooks/events.ts).
    for (const [e, hook] of ours) expect(hook.async, e).toBeUndefined();
    // Absolute node and hook, CA bundle blanked, AGENTDAG_HOME carried.
    expect(entry.command).toBe(`NODE_EXTRA_CA_CERTS= AGENTDAG_HOME=${p.data} ${process.execPath} ${fs.realpathSync(HOOK)}`);
    expect(out.settings).toEqual(after);
  });

  it('is idempotent: a second install changes nothing and makes no backup', () => {
    const p = project();
    fs.writeFileSync(p.settings, EXISTING);
    expect(runCli(['hooks', 'install', '--scope', 'project'], { cwd: p.cwd, env: p.env }).code).toBe(0);
    // The user reformats the file (tabs): an install that changes no entry of ours must not undo that.
    const once = JSON.stringify(JSON.parse(fs.readFileSync(p.settings, 'utf8')), null, '\t');
    fs.writeFileSync(p.settings, once);
    const before = fs.statSync(p.settings);
    const backups = backupFiles(p.data);
    const r = runCli(['hooks', 'install', '--scope', 'project', '--json'], { cwd: p.cwd, env: p.env });
    expect(JSON.parse(r.stdout).changed).toBe(false);
    expect(JSON.parse(r.stdout).backup).toBeNull();
    expect(JSON.parse(r.stdout).unchanged.length).toBeGreaterThan(18);
    expect(fs.readFileSync(p.settings, 'utf8')).toBe(once);
    expect(fs.statSync(p.settings).ino).toBe(before.ino); // not even rewritten with the same bytes
    expect(fs.statSync(p.settings).mtimeMs).toBe(before.mtimeMs);
    expect(backupFiles(p.data)).toEqual(backups);
    expect(fs.readdirSync(path.dirname(p.settings))).toEqual(['settings.json']);
  });

  it('install + uninstall leaves the file byte-identical, even after a re-install with other events', () => {
    const p = project();
    fs.writeFileSync(p.settings, EXISTING);
    expect(runCli(['hooks', 'install', '--scope', 'project'], { cwd: p.cwd, env: p.env }).code).toBe(0);
    expect(runCli(['hooks', 'install', '--scope', 'project', '--events', 'PreToolUse,Stop', '--async'], { cwd: p.cwd, env: p.env }).code).toBe(0);
    const mid = JSON.parse(fs.readFileSync(p.settings, 'utf8'));
    expect([...ourEntries(mid).keys()].sort()).toEqual(['PreToolUse', 'Stop']);
    // --async: Claude Code does not wait, except at the end of a turn (and session start/end).
    expect(ourEntries(mid).get('PreToolUse').async).toBe(true);
    expect(ourEntries(mid).get('Stop').async).toBeUndefined();
    const r = runCli(['hooks', 'uninstall', '--scope', 'project', '--json'], { cwd: p.cwd, env: p.env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).removed.sort()).toEqual(['PreToolUse', 'Stop']);
    expect(fs.readFileSync(p.settings, 'utf8')).toBe(EXISTING);
  });

  it('a file that did not exist is created, and removed again by uninstall', () => {
    const p = project();
    expect(runCli(['hooks', 'install', '--scope', 'local'], { cwd: p.cwd, env: p.env }).code).toBe(0);
    const local = path.join(p.cwd, '.claude', 'settings.local.json');
    expect(ourEntries(JSON.parse(fs.readFileSync(local, 'utf8'))).size).toBeGreaterThan(18);
    expect(runCli(['hooks', 'uninstall', '--scope', 'local'], { cwd: p.cwd, env: p.env }).code).toBe(0);
    expect(fs.existsSync(local)).toBe(false);
  });

  it('user scope honours CLAUDE_CONFIG_DIR; --dry-run writes nothing', () => {
    const p = project();
    const config = path.join(p.home, 'cfg');
    const env = { ...p.env, CLAUDE_CONFIG_DIR: config };
    const dry = runCli(['hooks', 'install', '--dry-run', '--json'], { cwd: p.cwd, env });
    expect(JSON.parse(dry.stdout).path).toBe(path.join(config, 'settings.json'));
    expect(JSON.parse(dry.stdout).changed).toBe(true);
    expect(fs.existsSync(path.join(config, 'settings.json'))).toBe(false);
    expect(runCli(['hooks', 'install'], { cwd: p.cwd, env }).code).toBe(0);
    expect(fs.existsSync(path.join(config, 'settings.json'))).toBe(true);
    expect(fs.existsSync(path.join(p.home, '.claude', 'settings.json'))).toBe(false);
  });

  it('refuses a settings file that is not valid JSON, naming the fix, and changes nothing', () => {
    const p = project();
    fs.writeFileSync(p.settings, '{ "permissions": ');
    const r = runCli(['hooks', 'install', '--scope', 'project'], { cwd: p.cwd, env: p.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(r.stderr).toMatch(/fix:/);
    expect(fs.readFileSync(p.settings, 'utf8')).toBe('{ "permissions": ');
    expect(fs.readdirSync(path.dirname(p.settings))).toEqual(['settings.json']);
  });

  it('rejects a bad scope and bad event names with exit code 2', () => {
    const p = project();
    expect(runCli(['hooks', 'install', '--scope', 'global'], { cwd: p.cwd, env: p.env }).code).toBe(2);
    expect(runCli(['hooks', 'install', '--scope', 'project', '--events', 'Pre Tool'], { cwd: p.cwd, env: p.env }).code).toBe(2);
    expect(fs.existsSync(p.settings)).toBe(false);
  });
});

describe('the user\'s files are theirs', () => {
  it('an uninstall that finds no agentdag hook changes nothing: no write, no backup, "changed": false', () => {
    const p = project();
    fs.writeFileSync(p.settings, EXISTING);
    const before = fs.statSync(p.settings);
    for (let i = 0; i < 2; i++) {
      const r = runCli(['hooks', 'uninstall', '--scope', 'project', '--json'], { cwd: p.cwd, env: p.env });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ changed: false, backup: null, removed: [], removed_file: false });
      expect(fs.readFileSync(p.settings, 'utf8')).toBe(EXISTING);
      expect(fs.statSync(p.settings).mtimeMs).toBe(before.mtimeMs);
    }
    const human = runCli(['hooks', 'uninstall', '--scope', 'project'], { cwd: p.cwd, env: p.env });
    expect(human.stdout).toMatch(/^Nothing to change in .*settings\.json \(no agentdag hooks there\); the file was not touched\./);
    expect(backupFiles(p.data)).toEqual([]);
    expect(fs.existsSync(p.data)).toBe(false); // not even the data dir was created
    expect(fs.readdirSync(path.dirname(p.settings))).toEqual(['settings.json']);
    // A scope with no file at all: nothing created either.
    const local = runCli(['hooks', 'uninstall', '--scope', 'local', '--json'], { cwd: p.cwd, env: p.env });
    expect(JSON.parse(local.stdout).changed).toBe(false);
    expect(fs.existsSync(path.join(p.cwd, '.claude', 'settings.local.json'))).toBe(false);
  });

  it('install + uninstall twice: the second uninstall is a no-op and the file is byte-identical', () => {
    const p = project();
    fs.writeFileSync(p.settings, EXISTING);
    expect(runCli(['hooks', 'install', '--scope', 'project'], { cwd: p.cwd, env: p.env }).code).toBe(0);
    expect(JSON.parse(runCli(['hooks', 'uninstall', '--scope', 'project', '--json'], { cwd: p.cwd, env: p.env }).stdout).changed).toBe(true);
    const backups = backupFiles(p.data);
    expect(backups).toHaveLength(2); // one per change: before install, before uninstall
    const again = JSON.parse(runCli(['hooks', 'uninstall', '--scope', 'project', '--json'], { cwd: p.cwd, env: p.env }).stdout);
    expect(again.changed).toBe(false);
    expect(fs.readFileSync(p.settings, 'utf8')).toBe(EXISTING);
    expect(backupFiles(p.data)).toEqual(backups);
  });

  it('from a nested directory, project scope edits the git root\'s .claude/settings.json and says so', () => {
    const p = project();
    fs.rmSync(path.join(p.cwd, '.claude'), { recursive: true });
    fs.mkdirSync(path.join(p.cwd, '.git'));
    const nested = path.join(p.cwd, 'src', 'deep');
    fs.mkdirSync(nested, { recursive: true });
    const r = runCli(['hooks', 'install', '--scope', 'project', '--json'], { cwd: nested, env: p.env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.path).toBe(p.settings);
    expect(out.project_root).toBe(p.cwd);
    expect(out.project_root_found_by).toBe('git');
    expect(fs.existsSync(path.join(nested, '.claude'))).toBe(false);
    expect(fs.existsSync(path.join(p.cwd, 'src', '.claude'))).toBe(false);
    // Project scope warns that the paths are this machine's, and points to --scope local.
    expect(out.warnings.join(' ')).toMatch(/--scope local/);
    expect(r.stderr).toMatch(/note: .*settings\.json is usually committed.*--scope local/);
    const human = runCli(['hooks', 'install', '--scope', 'project', '--dry-run'], { cwd: nested, env: p.env });
    expect(human.stdout).toContain(`Project root: ${p.cwd} (the git root)`);
    // The nearest existing .claude/ wins over a git root further up; local scope finds it too.
    const pkg = path.join(p.cwd, 'packages', 'api');
    fs.mkdirSync(path.join(pkg, '.claude'), { recursive: true });
    fs.mkdirSync(path.join(pkg, 'lib'));
    const local = JSON.parse(runCli(['hooks', 'install', '--scope', 'local', '--json'], { cwd: path.join(pkg, 'lib'), env: p.env }).stdout);
    expect(local.path).toBe(path.join(pkg, '.claude', 'settings.local.json'));
    expect(local.project_root_found_by).toBe('claude-dir');
    expect(local.warnings).toEqual([]); // local scope is this checkout's: no warning
    // Status and uninstall from the nested folder see the same files.
    const status = JSON.parse(runCli(['hooks', 'status', '--json'], { cwd: nested, env: p.env }).stdout);
    expect(status.scopes.find((x: any) => x.scope === 'project').path).toBe(p.settings);
    expect(JSON.parse(runCli(['hooks', 'uninstall', '--scope', 'project', '--json'], { cwd: nested, env: p.env }).stdout).removed_file).toBe(true);
    expect(fs.existsSync(p.settings)).toBe(false);
  });

  it('the user\'s config dir is not a project: project scope from a folder under HOME without git stays put', () => {
    const p = project();
    const config = path.join(p.home, '.claude');
    fs.mkdirSync(config);
    const dir = path.join(p.home, 'notes');
    fs.mkdirSync(dir);
    const out = JSON.parse(runCli(['hooks', 'install', '--scope', 'project', '--dry-run', '--json'], { cwd: dir, env: { ...p.env, CLAUDE_CONFIG_DIR: config } }).stdout);
    expect(out.path).not.toBe(path.join(config, 'settings.json'));
  });

  it('keeps the newest few backups in the data dir, and uninstall still restores the original bytes', () => {
    const p = project();
    fs.writeFileSync(p.settings, EXISTING);
    const sets = ['PreToolUse', 'PreToolUse,Stop', 'Stop', 'SessionStart', 'SessionEnd', 'PreToolUse,SessionEnd', 'Notification', 'PreToolUse'];
    for (const events of sets) expect(runCli(['hooks', 'install', '--scope', 'project', '--events', events], { cwd: p.cwd, env: p.env }).code).toBe(0);
    const kept = backupFiles(p.data);
    // 5 newest + the one without agentdag hooks (the file before the first install).
    expect(kept).toHaveLength(6);
    expect(new Set(kept.map((f) => path.dirname(f))).size).toBe(1);
    expect(fs.readFileSync(path.join(p.data, 'settings-backups', kept[0]), 'utf8')).toBe(EXISTING);
    expect(runCli(['hooks', 'uninstall', '--scope', 'project'], { cwd: p.cwd, env: p.env }).code).toBe(0);
    expect(fs.readFileSync(p.settings, 'utf8')).toBe(EXISTING);
    expect(fs.readdirSync(path.dirname(p.settings))).toEqual(['settings.json']);
  });
});

describe('the installed command', () => {
  it('quotes paths with spaces and quotes, and runs under sh -c exactly as Claude Code runs it', () => {
    const p = project();
    const data = path.join(path.dirname(p.cwd), "data dir with 'quotes' & $x");
    const r = runCli(['hooks', 'install', '--scope', 'project', '--json'], { cwd: p.cwd, env: { ...p.env, AGENTDAG_HOME: data } });
    expect(r.code, r.stderr).toBe(0);
    const command: string = JSON.parse(r.stdout).command;
    const payload = JSON.stringify({ session_id: 's', hook_event_name: 'Stop' });
    // Claude Code's environment: a CA bundle set and no AGENTDAG_HOME; the command carries both fixes.
    const env = { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' };
    const sh = spawnSync('/bin/sh', ['-c', command], { input: payload, env, cwd: p.cwd });
    expect(sh.status).toBe(0);
    expect(sh.stdout.length).toBe(0);
    expect(sh.stderr.toString()).toBe(''); // a CA bundle that node tried to load would warn here
    const line = JSON.parse(fs.readFileSync(path.join(data, 'journal.jsonl'), 'utf8'));
    expect(line.event).toBe('Stop');
  });
});

describe('hooks status and test', () => {
  it('status reports installed scopes, journal lines, last event and error count', () => {
    const p = project();
    runCli(['hooks', 'install', '--scope', 'project'], { cwd: p.cwd, env: p.env });
    fs.mkdirSync(p.data, { recursive: true });
    fs.writeFileSync(path.join(p.data, 'journal.jsonl'), '{"v":1,"ts":"2026-01-01T00:00:00.000Z","event":"PreToolUse"}\n{"v":1,"ts":"2026-01-02T00:00:00.000Z","event":"Stop"}\n');
    fs.writeFileSync(path.join(p.data, 'hook-errors.log'), '{"stage":"parse"}\n');
    fs.mkdirSync(path.join(p.data, 'journal'));
    fs.writeFileSync(path.join(p.data, 'journal', '20260101-j.jsonl'), '{"v":1}\n');
    const r = runCli(['hooks', 'status', '--json'], { cwd: p.cwd, env: p.env });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    const proj = s.scopes.find((x: any) => x.scope === 'project');
    expect(proj.events.length).toBeGreaterThan(18);
    expect(proj.agentdag_home).toBe(p.data);
    expect(proj.hook_exists).toBe(true);
    expect(s.scopes.find((x: any) => x.scope === 'user').events).toEqual([]);
    expect(s.journal.lines).toBe(2);
    expect(s.journal.last_event).toBe('Stop');
    expect(s.journal.last_event_ts).toBe('2026-01-02T00:00:00.000Z');
    expect(s.hook_errors.lines).toBe(1);
    expect(s.segments).toEqual({ count: 1, bytes: 8 });
    const human = runCli(['hooks', 'status'], { cwd: p.cwd, env: p.env });
    expect(human.stdout).toMatch(/journal\s+2 lines/);
  });

  it('test runs the installed command on a sample payload without touching the real journal', () => {
    const p = project();
    runCli(['hooks', 'install', '--scope', 'project'], { cwd: p.cwd, env: p.env });
    const r = runCli(['hooks', 'test', '--scope', 'project', '--runs', '3', '--json'], { cwd: p.cwd, env: p.env });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.ok).toBe(true);
    expect(t.lines_valid).toBe(3);
    expect(t.stdout_bytes).toBe(0);
    expect(t.hook_median_ms).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(p.data, 'journal.jsonl'))).toBe(false);
  });
});
