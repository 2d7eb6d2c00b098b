#!/usr/bin/env node
// The `agentdag` command. Thin on purpose: each area registers its own commands, and heavy
// modules (DuckDB, better-sqlite3) are imported inside the actions that need them, so
// `agentdag hooks …` and `agentdag task …` start fast.
import { Command, CommanderError } from 'commander';
import { isUserError } from '../core/errors';
import { registerHooksCommands } from './hooks';
import { registerTaskCommands } from './task';
import { registerIngestCommand } from './ingest';
import { registerAnalystCommands } from './analyst';
import { registerServeCommand } from './serve';
import { registerDemoCommand } from './demo';
import { registerScheduleCommand } from './schedule';
import { registerPushCommand } from './push';
import { version } from '../core/package';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('agentdag')
    .description(
      'Treat every Claude Code session as the data pipeline DAG it is.\n\n' +
        '  hooks   → a journal of every hook event (fast, never blocks Claude Code)\n' +
        '  ingest  → journal + transcripts + task graph into a DuckDB warehouse\n' +
        '  report / sql / export → the analyst\'s interface\n' +
        '  task / mcp → the live SQLite task graph agents coordinate through\n\n' +
        'Data lives in $AGENTDAG_HOME (default ~/.local/share/agentdag).',
    )
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true);

  registerDemoCommand(program);
  registerHooksCommands(program);
  registerIngestCommand(program);
  registerPushCommand(program);
  registerAnalystCommands(program);
  registerTaskCommands(program);
  registerServeCommand(program);
  registerScheduleCommand(program);
  return program;
}

function wantsJson(argv: string[]): boolean {
  return argv.includes('--json') || argv.some((a, i) => (a === '--format' && argv[i + 1] === 'json') || a === '--format=json');
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed help or the usage error; keep its exit code.
      process.exitCode = e.exitCode;
      return;
    }
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
}

if (require.main === module) void main();
