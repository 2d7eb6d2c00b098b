// `agentdag hooks install` / `uninstall`: read the scope's settings file, merge, back up, write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { ALWAYS_SYNC_EVENTS } from './events';
import { hookCommand, type HookCommandSpec } from './hook-command';
import { mergeHooks, type HookEntry, type MergeResult } from './merge';
import { backupSettings, readSettings, renderSettings, settingsPath, writeSettingsText, type Scope } from './settings-file';

/**
 * Seconds Claude Code gives the hook before killing it. The hook takes ~25-45 ms; 10 s leaves room
 * for a stalled disk without ever holding a session for long. A SessionEnd hook's own timeout also
 * raises Claude Code's 1.5 s SessionEnd budget (capped at 60 s).
 */
export const DEFAULT_TIMEOUT_S = 10;

export interface InstallOptions {
  scope: Scope;
  events: string[];
  spec: HookCommandSpec;
  timeoutS?: number;
  /** `async: true` on every event but ALWAYS_SYNC_EVENTS (Claude Code does not wait for the hook). */
  async?: boolean;
  dryRun?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ChangeReport {
  scope: Scope;
  path: string;
  changed: boolean;
  dry_run: boolean;
  backup: string | null;
  /** The file was removed because nothing but our entries was in it. */
  removed_file: boolean;
  command: string | null;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  /** The settings as written (or as they would be written with --dry-run). */
  settings: Record<string, unknown>;
}

/**
 * After an uninstall, the text of the newest backup that holds exactly the resulting settings: the
 * file as it was before `install`, byte for byte (its own indentation, key order, line breaks),
 * which JSON.stringify alone cannot reproduce.
 */
function originalText(file: string, settings: Record<string, unknown>): string | null {
  const dir = path.dirname(file);
  const prefix = path.basename(file) + '.agentdag-backup-';
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return null;
  }
  const wanted = JSON.stringify(settings);
  for (const name of names.sort().reverse()) {
    try {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      if (JSON.stringify(JSON.parse(text)) === wanted) return text;
    } catch {
      // unreadable or not JSON: not the one
    }
  }
  return null;
}

function apply(scope: Scope, wanted: Map<string, HookEntry>, command: string | null, dryRun: boolean, cwd?: string, env?: NodeJS.ProcessEnv): ChangeReport {
  const file = readSettings(settingsPath(scope, cwd, env));
  let merged: MergeResult;
  try {
    merged = mergeHooks(file.data, wanted);
  } catch (e) {
    throw new UserError(`${file.path}: ${(e as Error).message}`, 'Fix the "hooks" entry of that file, then run the command again. Nothing was changed.');
  }
  let text = renderSettings(file, merged.settings);
  if (wanted.size === 0 && merged.removed.length) text = originalText(file.path, merged.settings) ?? text;
  // Uninstall of a file that held nothing but our entries: remove it rather than leave "{}".
  const removeFile = wanted.size === 0 && file.exists && Object.keys(merged.settings).length === 0;
  const changed = removeFile || (file.exists ? text !== file.text : wanted.size > 0);
  const report: ChangeReport = {
    scope,
    path: file.path,
    changed,
    dry_run: dryRun,
    backup: null,
    removed_file: removeFile,
    command,
    added: merged.added,
    updated: merged.updated,
    removed: merged.removed,
    unchanged: merged.unchanged,
    settings: merged.settings,
  };
  if (!changed || dryRun) return report;
  if (file.exists) report.backup = backupSettings(file);
  if (removeFile) fs.unlinkSync(file.path);
  else writeSettingsText(file, text);
  return report;
}

export function installHooks(opts: InstallOptions): ChangeReport {
  if (!fs.existsSync(opts.spec.hookPath)) {
    throw new UserError(`the compiled hook ${opts.spec.hookPath} does not exist`, 'Run `npm run build` in the agentdag checkout first.');
  }
  const command = hookCommand(opts.spec);
  const wanted = new Map<string, HookEntry>();
  for (const event of opts.events) {
    const entry: HookEntry = { type: 'command', command, timeout: opts.timeoutS ?? DEFAULT_TIMEOUT_S };
    if (opts.async && !ALWAYS_SYNC_EVENTS.includes(event)) entry.async = true;
    wanted.set(event, entry);
  }
  return apply(opts.scope, wanted, command, !!opts.dryRun, opts.cwd, opts.env);
}

export function uninstallHooks(scope: Scope, dryRun = false, cwd?: string, env?: NodeJS.ProcessEnv): ChangeReport {
  return apply(scope, new Map(), null, dryRun, cwd, env);
}
