// `agentdag hooks install` / `uninstall`: read the scope's settings file, merge, and only when one
// of our entries changes, back it up (into the data dir) and write it.
import * as fs from 'node:fs';
import { UserError } from '../core/errors';
import { ALWAYS_SYNC_EVENTS } from './events';
import { hookCommand, type HookCommandSpec } from './hook-command';
import { mergeHooks, type HookEntry, type MergeResult } from './merge';
import { projectRoot, readSettings, renderSettings, settingsPath, writeSettingsText, type Scope } from './settings-file';
import { backupSettings, originalText } from './settings-backup';
import { dataDir } from '../core/data-dir';

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
  /** project/local scope: the folder whose .claude/ was used (walking up from the current one). */
  project_root: string | null;
  project_root_found_by: 'git' | 'claude-dir' | 'cwd' | null;
  /** Only our entries count: a file holding nothing of agentdag is never rewritten. */
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
  /** Things the user should know (printed on stderr). */
  warnings: string[];
  /** The settings as written (or as they would be written with --dry-run). */
  settings: Record<string, unknown>;
}

/** Project scope writes machine-specific paths into the file teams commit: say so, and what to use instead. */
export function projectScopeWarning(file: string): string {
  return (
    `${file} is usually committed, and the hook command holds paths of this machine (node, this checkout, the data dir) ` +
    'that do not exist on a teammate\'s. For a checkout shared by a team, install with --scope local (.claude/settings.local.json, ' +
    'the file for this checkout only, not to be committed) on each machine instead.'
  );
}

function apply(scope: Scope, wanted: Map<string, HookEntry>, command: string | null, o: { dryRun: boolean; cwd?: string; env?: NodeJS.ProcessEnv }): ChangeReport {
  const env = o.env ?? process.env;
  const file = readSettings(settingsPath(scope, o.cwd, env));
  let merged: MergeResult;
  try {
    merged = mergeHooks(file.data, wanted);
  } catch (e) {
    throw new UserError(`${file.path}: ${(e as Error).message}`, 'Fix the "hooks" entry of that file, then run the command again. Nothing was changed.');
  }
  // Changed means one of our entries was added, replaced or removed: never a re-indent. A file
  // that holds nothing of agentdag (or already holds exactly what is wanted) is not written at all.
  const changed = merged.added.length + merged.updated.length + merged.removed.length > 0;
  const uninstall = wanted.size === 0;
  // Uninstall of a file that held nothing but our entries: remove it rather than leave "{}".
  const removeFile = uninstall && changed && file.exists && Object.keys(merged.settings).length === 0;
  const root = scope === 'user' ? null : projectRoot(o.cwd, env);
  const report: ChangeReport = {
    scope,
    path: file.path,
    project_root: root?.dir ?? null,
    project_root_found_by: root?.found_by ?? null,
    changed,
    dry_run: o.dryRun,
    backup: null,
    removed_file: removeFile,
    command,
    added: merged.added,
    updated: merged.updated,
    removed: merged.removed,
    unchanged: merged.unchanged,
    warnings: scope === 'project' && !uninstall ? [projectScopeWarning(file.path)] : [],
    settings: merged.settings,
  };
  if (!changed || o.dryRun) return report;
  const data = dataDir(env);
  let text = renderSettings(file, merged.settings);
  if (uninstall) text = originalText(data, file.path, merged.settings) ?? text;
  if (file.exists) report.backup = backupSettings(file, data);
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
  return apply(opts.scope, wanted, command, { dryRun: !!opts.dryRun, cwd: opts.cwd, env: opts.env });
}

export function uninstallHooks(scope: Scope, dryRun = false, cwd?: string, env?: NodeJS.ProcessEnv): ChangeReport {
  return apply(scope, new Map(), null, { dryRun, cwd, env });
}
