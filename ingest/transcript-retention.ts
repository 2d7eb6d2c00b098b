// Claude Code deletes transcripts older than `cleanupPeriodDays` (default 30) at startup. The
// warehouse keeps what ingest has read, so the danger is a period shorter than the ingest schedule.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Below this, a missed day or two of scheduled ingest loses transcripts for good. */
export const SHORT_CLEANUP_DAYS = 7;

export function claudeConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAUDE_CONFIG_DIR ? path.resolve(env.CLAUDE_CONFIG_DIR) : path.join(os.homedir(), '.claude');
}

/** A warning when settings.json sets a short cleanupPeriodDays, else null. */
export function cleanupPeriodWarning(env: NodeJS.ProcessEnv = process.env): string | null {
  const file = path.join(claudeConfigDir(env), 'settings.json');
  let days: unknown;
  try {
    days = (JSON.parse(fs.readFileSync(file, 'utf8')) as { cleanupPeriodDays?: unknown }).cleanupPeriodDays;
  } catch {
    return null; // no settings (default 30 days) or unreadable: nothing to warn about
  }
  if (typeof days !== 'number' || days >= SHORT_CLEANUP_DAYS) return null;
  return (
    `Claude Code deletes transcripts after ${days} day(s) (cleanupPeriodDays in ${file}): ` +
    `token usage of sessions not ingested by then is lost. Run \`agentdag ingest\` at least daily ` +
    `(\`agentdag schedule\`), or raise cleanupPeriodDays to 30 or more.`
  );
}
