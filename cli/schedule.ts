// `agentdag schedule cron|launchd|systemd`: prints a ready-to-paste schedule for `agentdag ingest`,
// and (on a terminal, or in --json) the commands that install and remove it.
import * as path from 'node:path';
import type { Command } from 'commander';
import { dataDir, openDataDir } from '../core/data-dir';
import { UserError } from '../core/errors';
import { parseInterval, scheduleEntry, SCHEDULE_KINDS, type ScheduleKind } from './schedule-entries';

export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule')
    .description('print a cron line, launchd plist or systemd user timer that runs `agentdag ingest` regularly, and how to install it')
    .argument('<kind>', SCHEDULE_KINDS.join(', '))
    .option('--every <interval>', 'how often: minutes (1-6, 10, 12, 15, 20, 30: "15m" or "15"), hours (1-4, 6, 8, 12: "2h") or "1d"', '15m')
    .option('--unit <unit>', 'systemd only: print just the "service" or the "timer" unit')
    .option('--json', 'print {kind, every, text, files, install, uninstall} as JSON')
    .addHelpText(
      'after',
      `
Paths are absolute (cron, launchd and systemd run without your PATH); the data dir is $AGENTDAG_HOME
or the default. The install command printed (on a terminal, on stderr; or "install" in --json)
calls this agentdag by its absolute path with the same options, so it works as printed.

Examples:
  agentdag schedule cron                          # the line; the install command follows on stderr
  agentdag schedule cron --every 5m --json        # {"install": "(crontab -l … ) | crontab -", …}
  agentdag schedule systemd --every 1h            # a user service + timer (Linux without cron)
  agentdag schedule launchd --every 1d            # a LaunchAgent plist (macOS)`,
    )
    .action((kind: string, opts: { every: string; unit?: string; json?: boolean }) => {
      if (!(SCHEDULE_KINDS as readonly string[]).includes(kind)) {
        throw new UserError(`unknown schedule kind "${kind}"`, `use one of: ${SCHEDULE_KINDS.map((k) => `agentdag schedule ${k}`).join(', ')}`, 2);
      }
      if (opts.unit !== undefined && (kind !== 'systemd' || !['service', 'timer'].includes(opts.unit))) {
        throw new UserError(`--unit ${opts.unit}: only \`schedule systemd\` has units, "service" or "timer"`, 'e.g. agentdag schedule systemd --unit timer', 2);
      }
      const every = parseInterval(opts.every);
      // The entries log into the data dir: make sure it exists (0700) before cron or launchd first
      // opens the log there, even when no hook has run yet.
      const home = openDataDir(dataDir());
      const entry = scheduleEntry(kind as ScheduleKind, every, {
        node: process.execPath,
        cli: path.resolve(__dirname, 'index.js'),
        home,
        env: process.env,
      });
      if (opts.json) {
        process.stdout.write(JSON.stringify(entry, null, 2) + '\n');
        return;
      }
      const text = opts.unit ? entry.files[opts.unit === 'service' ? 0 : 1].text : entry.text;
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
      if (process.stderr.isTTY && !opts.unit) process.stderr.write(`\n# install:\n${entry.install}\n# remove:\n${entry.uninstall}\n`);
    });
}
