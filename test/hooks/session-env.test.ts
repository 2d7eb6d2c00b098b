// SessionStart exports AGENTDAG_SESSION_ID (and AGENTDAG_HOME) through CLAUDE_ENV_FILE, so that a
// later `agentdag task …` run by the agent knows its session.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, hookEnv, readLines, runHook, tempDir } from './helpers';

let home: string;
beforeAll(() => {
  ensureBundled();
  home = tempDir();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('SessionStart and CLAUDE_ENV_FILE', () => {
  it('appends shell exports that a later Bash command sees', () => {
    const envFile = path.join(home, 'claude-env.sh');
    fs.writeFileSync(envFile, 'export OTHER=1\n');
    const data = path.join(home, "data dir with 'quote'");
    const r = runHook(JSON.stringify({ session_id: 'ab12-cd34', hook_event_name: 'SessionStart', source: 'startup' }), hookEnv(data, { CLAUDE_ENV_FILE: envFile }));
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(0);
    const text = fs.readFileSync(envFile, 'utf8');
    expect(text.startsWith('export OTHER=1\n')).toBe(true);
    const sh = spawnSync('/bin/sh', ['-c', `. "${envFile}"; printf '%s|%s' "$AGENTDAG_SESSION_ID" "$AGENTDAG_HOME"`], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(sh.stdout).toBe(`ab12-cd34|${data}`);
    expect(readLines(path.join(data, 'journal.jsonl'))).toHaveLength(1);
  });

  it('other events and a missing CLAUDE_ENV_FILE leave the env file alone', () => {
    const envFile = path.join(home, 'other-env.sh');
    fs.writeFileSync(envFile, '');
    runHook(JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse' }), hookEnv(home, { CLAUDE_ENV_FILE: envFile }));
    expect(fs.readFileSync(envFile, 'utf8')).toBe('');
    const r = runHook(JSON.stringify({ session_id: 's', hook_event_name: 'SessionStart' }), hookEnv(home));
    expect(r.status).toBe(0);
  });

  it('a session id with shell metacharacters cannot run code', () => {
    const envFile = path.join(home, 'evil-env.sh');
    fs.writeFileSync(envFile, '');
    const evil = `x'; touch ${path.join(home, 'pwned')}; echo '`;
    runHook(JSON.stringify({ session_id: evil, hook_event_name: 'SessionStart' }), hookEnv(home, { CLAUDE_ENV_FILE: envFile }));
    const sh = spawnSync('/bin/sh', ['-c', `. "${envFile}"; printf '%s' "$AGENTDAG_SESSION_ID"`], { encoding: 'utf8' });
    expect(sh.stdout).toBe(evil);
    expect(fs.existsSync(path.join(home, 'pwned'))).toBe(false);
  });
});
