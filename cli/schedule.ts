// `agentdag schedule cron|launchd`: prints a ready-to-paste schedule for `agentdag ingest`.
import * as path from 'node:path';
import type { Command } from 'commander';
import { shellQuote } from '../hooks/hook-command';
import { dataDir } from '../core/data-dir';
import { UserError } from '../core/errors';

export function cronLine(every: number, node: string, cli: string, home: string): string {
  return `*/${every} * * * * AGENTDAG_HOME=${shellQuote(home)} ${shellQuote(node)} ${shellQuote(cli)} ingest --quiet >> ${shellQuote(path.join(home, 'ingest.log'))} 2>&1`;
}

export function launchdPlist(every: number, node: string, cli: string, home: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>dev.agentdag.ingest</string>
  <key>ProgramArguments</key>
  <array>
    <string>${esc(node)}</string>
    <string>${esc(cli)}</string>
    <string>ingest</string>
    <string>--quiet</string>
  </array>
  <key>EnvironmentVariables</key>
  <dict><key>AGENTDAG_HOME</key><string>${esc(home)}</string></dict>
  <key>StartInterval</key><integer>${every * 60}</integer>
  <key>StandardOutPath</key><string>${esc(path.join(home, 'ingest.log'))}</string>
  <key>StandardErrorPath</key><string>${esc(path.join(home, 'ingest.log'))}</string>
</dict>
</plist>
`;
}

export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule')
    .description('print a ready-to-paste cron line or launchd plist that runs `agentdag ingest` regularly')
    .argument('<kind>', 'cron or launchd')
    .option('--every <minutes>', 'run ingest every N minutes', '15')
    .option('--json', 'print {kind, text, install} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  agentdag schedule cron                      # then: crontab -e and paste the line
  (crontab -l; agentdag schedule cron) | crontab -
  agentdag schedule launchd > ~/Library/LaunchAgents/dev.agentdag.ingest.plist
  launchctl load ~/Library/LaunchAgents/dev.agentdag.ingest.plist
Remove: delete the cron line (crontab -e), or launchctl unload + delete the plist.`,
    )
    .action((kind: string, opts: { every: string; json?: boolean }) => {
      const every = Number(opts.every);
      if (!Number.isInteger(every) || every < 1 || every > 59) throw new UserError(`--every must be a whole number of minutes from 1 to 59, got "${opts.every}"`, 'e.g. --every 15', 2);
      const cli = path.resolve(__dirname, 'index.js');
      const home = dataDir();
      let text: string;
      let install: string;
      if (kind === 'cron') {
        text = cronLine(every, process.execPath, cli, home);
        install = '(crontab -l 2>/dev/null; agentdag schedule cron) | crontab -';
      } else if (kind === 'launchd') {
        text = launchdPlist(every, process.execPath, cli, home);
        install = 'agentdag schedule launchd > ~/Library/LaunchAgents/dev.agentdag.ingest.plist && launchctl load ~/Library/LaunchAgents/dev.agentdag.ingest.plist';
      } else {
        throw new UserError(`unknown schedule kind "${kind}"`, 'use `agentdag schedule cron` or `agentdag schedule launchd`', 2);
      }
      if (opts.json) process.stdout.write(JSON.stringify({ kind, every_minutes: every, text, install }, null, 2) + '\n');
      else process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    });
}
