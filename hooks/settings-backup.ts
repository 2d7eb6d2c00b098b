// Backups of the Claude Code settings files `hooks install|uninstall` change. They live in the
// data dir (owner-only), never beside the settings file: `.claude/` is the folder teams commit,
// and backups there showed up as untracked files. One backup per change; the newest few are kept,
// plus the newest one holding no agentdag hook: the file as it was before install, which
// `uninstall` restores byte for byte (its own indentation, key order and line breaks).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDataDir, FILE_MODE } from '../core/data-dir';
import { fileStamp } from '../core/time';
import { installedEntries } from './merge';
import type { SettingsFile, Settings } from './settings-file';

/** Backups kept per settings file, besides the newest one without agentdag hooks. */
export const BACKUPS_KEPT = 5;

/** `<data dir>/settings-backups/<readable path>-<hash>/`: one folder per settings file. */
export function backupDir(dataDir: string, settingsFile: string): string {
  const abs = path.resolve(settingsFile);
  const readable = abs.replace(/^[/\\]+/, '').replace(/[^\w.-]+/g, '_').slice(-80);
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 8);
  return path.join(dataDir, 'settings-backups', `${readable}-${hash}`);
}

function backupsOf(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

function parsed(file: string): Settings | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    return data && typeof data === 'object' && !Array.isArray(data) ? data : null;
  } catch {
    return null;
  }
}

/** Copy the settings file as it is now into its backup folder (0600); returns the backup's path. */
export function backupSettings(file: SettingsFile, dataDir: string, now: Date = new Date()): string {
  const dir = backupDir(dataDir, file.path);
  ensureDataDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = fileStamp(now);
  let backup = path.join(dir, `${stamp}.json`);
  for (let n = 1; fs.existsSync(backup); n++) backup = path.join(dir, `${stamp}-${n}.json`);
  fs.writeFileSync(backup, file.text, { mode: FILE_MODE, flag: 'wx' });
  prune(dir);
  return backup;
}

/** Keep the newest BACKUPS_KEPT, and the newest backup with no agentdag hook in it. */
function prune(dir: string): void {
  const all = backupsOf(dir);
  const keep = new Set(all.slice(-BACKUPS_KEPT));
  const original = [...all].reverse().find((f) => {
    const data = parsed(f);
    return data !== null && installedEntries(data).size === 0;
  });
  if (original) keep.add(original);
  for (const f of all) if (!keep.has(f)) fs.rmSync(f, { force: true });
}

/**
 * After an uninstall, the text of the newest backup that holds exactly the resulting settings (the
 * file as it was before `install`), which JSON.stringify alone cannot reproduce; null when none does.
 */
export function originalText(dataDir: string, settingsFile: string, settings: Settings): string | null {
  const wanted = JSON.stringify(settings);
  for (const f of backupsOf(backupDir(dataDir, settingsFile)).reverse()) {
    const data = parsed(f);
    if (data !== null && JSON.stringify(data) === wanted) return fs.readFileSync(f, 'utf8');
  }
  return null;
}
