// How the CLI reports a failure, for the commander program and the agent's fast path alike:
// "agentdag: …" and "  fix: …" on stderr (the fix worded as command lines), the same as JSON on
// stdout when --json was asked, and the error's exit code.
import { isUserError } from '../core/errors';

export function wantsJson(argv: string[]): boolean {
  return argv.includes('--json') || argv.some((a, i) => (a === '--format' && argv[i + 1] === 'json') || a === '--format=json');
}

export function reportError(e: unknown, argv: string[]): void {
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
