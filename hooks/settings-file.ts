// Claude Code settings files: where each scope lives, reading them strictly, writing them back in
// their own style (indent, trailing newline, mode) atomically. Backups: settings-backup.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../core/errors';

export const SCOPES = ['user', 'project', 'local'] as const;
export type Scope = (typeof SCOPES)[number];

export function parseScope(value: string): Scope {
  if ((SCOPES as readonly string[]).includes(value)) return value as Scope;
  throw new UserError(`unknown scope "${value}"`, `Use --scope ${SCOPES.join('|')}.`, 2);
}

/** The user's Claude Code config dir: `$CLAUDE_CONFIG_DIR`, default ~/.claude. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAUDE_CONFIG_DIR ? path.resolve(env.CLAUDE_CONFIG_DIR) : path.join(os.homedir(), '.claude');
}

export interface ProjectRoot {
  dir: string;
  /** git: the nearest folder holding .git; claude-dir: the nearest holding a .claude/ folder; cwd: neither found. */
  found_by: 'git' | 'claude-dir' | 'cwd';
}

/**
 * The project a `--scope project|local` install is for: walking up from `cwd`, the first folder
 * that holds `.claude/` or `.git`, so an install from a subdirectory edits the project's file
 * instead of creating a nested `.claude/`. The user's own config dir (~/.claude) is not a project.
 */
export function projectRoot(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): ProjectRoot {
  const start = path.resolve(cwd);
  const userDir = userConfigDir(env);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return { dir, found_by: 'git' };
    const claude = path.join(dir, '.claude');
    if (claude !== userDir && isDir(claude)) return { dir, found_by: 'claude-dir' };
    if (path.dirname(dir) === dir) return { dir: start, found_by: 'cwd' };
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * user: `$CLAUDE_CONFIG_DIR/settings.json` (default ~/.claude/settings.json);
 * project: `<project root>/.claude/settings.json` (shared with the team through git);
 * local: `<project root>/.claude/settings.local.json` (this checkout only).
 */
export function settingsPath(scope: Scope, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'user') return path.join(userConfigDir(env), 'settings.json');
  return path.join(projectRoot(cwd, env).dir, '.claude', scope === 'project' ? 'settings.json' : 'settings.local.json');
}

export type Settings = Record<string, unknown>;

export interface SettingsFile {
  path: string;
  exists: boolean;
  text: string;
  data: Settings;
  /** Indentation found in the file (default two spaces), so a rewrite changes only what we changed. */
  indent: string;
  trailingNewline: boolean;
  mode: number;
}

export function readSettings(file: string): SettingsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path: file, exists: false, text: '', data: {}, indent: '  ', trailingNewline: true, mode: 0o644 };
    throw new UserError(`cannot read ${file}: ${(e as Error).message}`, 'Check the file permissions.');
  }
  let data: unknown = {};
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UserError(`${file} is not valid JSON (${(e as Error).message})`, 'Fix the file (Claude Code ignores it too), then run the command again. Nothing was changed.');
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file} does not hold a JSON object`, 'Fix the file, then run the command again. Nothing was changed.');
  }
  const indentMatch = /\n([ \t]+)\S/.exec(text);
  return {
    path: file,
    exists: true,
    text,
    data: data as Settings,
    indent: indentMatch ? indentMatch[1] : '  ',
    trailingNewline: text === '' || text.endsWith('\n'),
    mode: fs.statSync(file).mode & 0o777,
  };
}

export function renderSettings(file: SettingsFile, data: Settings): string {
  return JSON.stringify(data, null, file.indent) + (file.trailingNewline ? '\n' : '');
}

/** Write via a temp file and rename, so Claude Code never reads a half-written settings file. */
export function writeSettingsText(file: SettingsFile, text: string): void {
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  const tmp = `${file.path}.agentdag-tmp-${process.pid}`;
  fs.writeFileSync(tmp, text, { mode: file.mode });
  fs.chmodSync(tmp, file.mode);
  fs.renameSync(tmp, file.path);
}
