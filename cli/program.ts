// The `agentdag` command as commander builds it (cli/index.ts, the entry, sends everything here
// but the agent's hot path). Thin on purpose: each area registers its own commands, and heavy
// modules (DuckDB, better-sqlite3) are imported inside the actions that need them, so
// `agentdag hooks …` and `agentdag task …` start fast.
import { Command, CommanderError } from 'commander';
import { reportError } from './report-error';
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
    reportError(e, argv);
  }
}
