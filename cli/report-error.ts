// How the CLI reports a failure, for the commander program and the agent's fast path alike:
// "agentdag: …" and "  fix: …" on stderr (the fix worded as command lines), the same as JSON on
// stdout when --json was asked, and the error's exit code.
import { isUserError } from '../core/errors';
import { userErrorFromOs } from '../core/os-errors';
import { dataDir } from '../core/data-dir';

export function wantsJson(argv: string[]): boolean {
  return argv.includes('--json') || argv.some((a, i) => (a === '--format' && argv[i + 1] === 'json') || a === '--format=json');
}

function dataDirOrUndefined(): string | undefined {
  try {
    return dataDir();
  } catch {
    return undefined;
  }
}

export function reportError(caught: unknown, argv: string[]): void {
  // A full disk, a directory where a file was expected…: named, with the fix.
  const e = isUserError(caught) ? caught : (userErrorFromOs(caught, dataDirOrUndefined()) ?? caught);
  if (isUserError(e)) {
    if (wantsJson(argv)) process.stdout.write(JSON.stringify({ error: e.message, fix: e.fix ?? null }) + '\n');
    process.stderr.write(`agentdag: ${e.message}\n${e.fix ? `  fix: ${e.fix}\n` : ''}`);
    process.exitCode = e.exitCode;
    return;
  }
  const err = e as Error;
  if (wantsJson(argv)) process.stdout.write(JSON.stringify({ error: err?.message ?? String(e), fix: null }) + '\n');
  process.stderr.write(`agentdag: ${err?.message ?? String(e)}\n`);
  if (process.env.AGENTDAG_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  else process.stderr.write('  (set AGENTDAG_DEBUG=1 for a stack trace; please report it if it looks like a bug)\n');
  process.exitCode = 1;
}
