// What `agentdag schedule` prints: a cron line, a launchd plist, or a systemd user service + timer
// that run `agentdag ingest --quiet` every N minutes, hours or once a day, with absolute paths (cron,
// launchd and systemd run with a bare PATH and no shell profile), and the commands that install and
// remove each one. The install commands call this same CLI by absolute path with every option, so
// they work as printed from any folder, whether or not `agentdag` is on PATH.
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { shellQuote } from '../hooks/hook-command';

export const SCHEDULE_KINDS = ['cron', 'launchd', 'systemd'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** Every interval cron can space evenly: minutes dividing an hour, hours dividing a day, a day. */
const MINUTES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
const HOURS = [1, 2, 3, 4, 6, 8, 12];

export interface Interval {
  /** Canonical spelling, passed on by the install commands: 15m, 2h, 1d. */
  text: string;
  minutes: number;
}

/** `15`, `15m`, `2h`, `1d` (also `hourly`, `daily`) → an interval; anything cron cannot space evenly is refused. */
export function parseInterval(value: string): Interval {
  const v = value.trim().toLowerCase();
  const named: Record<string, string> = { hourly: '1h', daily: '1d' };
  const m = /^(\d+)\s*(m|min|h|d)?$/.exec(named[v] ?? v);
  const n = m ? Number(m[1]) : NaN;
  const unit = m?.[2]?.[0] ?? 'm';
  let minutes = NaN;
  if (unit === 'm' && MINUTES.includes(n)) minutes = n;
  else if (unit === 'm' && n === 60) minutes = 60;
  else if (unit === 'h' && (HOURS.includes(n) || n === 24)) minutes = n * 60;
  else if (unit === 'd' && n === 1) minutes = 1440;
  if (!Number.isFinite(minutes)) {
    throw new UserError(
      `--every ${value}: not an interval cron can run evenly`,
      `use minutes (${MINUTES.join(', ')}; e.g. --every 15m), hours (${HOURS.join(', ')}; e.g. --every 2h) or --every 1d`,
      2,
    );
  }
  const text = minutes === 1440 ? '1d' : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
  return { text, minutes };
}

export interface Target {
  node: string;
  cli: string;
  /** The data dir. */
  home: string;
  /** $HOME and $XDG_CONFIG_HOME, to say where the files go. */
  env: NodeJS.ProcessEnv;
}

export interface ScheduleFile {
  /** Where the install command puts it (resolved for this user now). */
  path: string;
  text: string;
}

export interface ScheduleEntry {
  kind: ScheduleKind;
  every: string;
  every_minutes: number;
  /** What the command prints on stdout: the cron line, the plist, or both systemd units. */
  text: string;
  files: ScheduleFile[];
  install: string;
  uninstall: string;
}

/** Marks agentdag's cron line, so install replaces it and uninstall finds it. */
export const CRON_MARK = '# agentdag:ingest';
const LAUNCHD_LABEL = 'dev.agentdag.ingest';
const LAUNCHD_DIR = '$HOME/Library/LaunchAgents';
const SYSTEMD_DIR = '${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user';
const SYSTEMD_UNIT = 'agentdag-ingest';

/** A shell path spelled with $HOME / $XDG_CONFIG_HOME, resolved the way the shell will. */
function resolveShellPath(p: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? '';
  return p.replace('${XDG_CONFIG_HOME:-$HOME/.config}', env.XDG_CONFIG_HOME || `${home}/.config`).replace('$HOME', home);
}

export function cronExpression(minutes: number): string {
  if (minutes < 60) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  if (minutes < 1440) return minutes === 60 ? '0 * * * *' : `0 */${minutes / 60} * * *`;
  return '0 0 * * *';
}

export function cronLine(every: Interval, t: Target): string {
  const log = shellQuote(path.join(t.home, 'ingest.log'));
  const command = `AGENTDAG_HOME=${shellQuote(t.home)} ${shellQuote(t.node)} ${shellQuote(t.cli)} ingest --quiet >> ${log} 2>&1 ${CRON_MARK}`;
  // cron turns an unescaped % into a newline.
  return `${cronExpression(every.minutes)} ${command.replace(/%/g, '\\%')}`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function launchdPlist(every: Interval, t: Target): string {
  const log = xml(path.join(t.home, 'ingest.log'));
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>${LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
    <string>${xml(t.node)}</string>
    <string>${xml(t.cli)}</string>
    <string>ingest</string>
    <string>--quiet</string>
  </array>
  <key>EnvironmentVariables</key>
  <dict><key>AGENTDAG_HOME</key><string>${xml(t.home)}</string></dict>
  <key>StartInterval</key><integer>${every.minutes * 60}</integer>
  <key>StandardOutPath</key><string>${log}</string>
  <key>StandardErrorPath</key><string>${log}</string>
</dict>
</plist>
`;
}

/** systemd's quoting for one word of ExecStart= / Environment=: double quotes, and % doubled (specifiers). */
const unitWord = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;

export function systemdCalendar(minutes: number): string {
  if (minutes < 60) return `*-*-* *:00/${String(minutes).padStart(2, '0')}:00`;
  if (minutes < 1440) return `*-*-* 00/${String(minutes / 60).padStart(2, '0')}:00:00`;
  return '*-*-* 00:00:00';
}

export function systemdUnits(every: Interval, t: Target): { service: string; timer: string } {
  const log = path.join(t.home, 'ingest.log').replace(/%/g, '%%');
  const service = `[Unit]
Description=agentdag ingest: load the Claude Code journal and transcripts into the warehouse

[Service]
Type=oneshot
Environment=${unitWord(`AGENTDAG_HOME=${t.home}`)}
ExecStart=${unitWord(t.node)} ${unitWord(t.cli)} ingest --quiet
StandardOutput=append:${log}
StandardError=append:${log}
`;
  const timer = `[Unit]
Description=Run agentdag ingest every ${every.text}

[Timer]
OnCalendar=${systemdCalendar(every.minutes)}
# Catch up on a run missed while the machine was off or asleep.
Persistent=true
Unit=${SYSTEMD_UNIT}.service

[Install]
WantedBy=timers.target
`;
  return { service, timer };
}

/** This CLI, by absolute path, with the data dir and every option: what the install commands run. */
function selfCommand(t: Target, args: string[]): string {
  return `AGENTDAG_HOME=${shellQuote(t.home)} ${shellQuote(t.node)} ${shellQuote(t.cli)} ${args.map(shellQuote).join(' ')}`;
}

export function scheduleEntry(kind: ScheduleKind, every: Interval, t: Target): ScheduleEntry {
  const base = { kind, every: every.text, every_minutes: every.minutes };
  const self = (...extra: string[]) => selfCommand(t, ['schedule', kind, '--every', every.text, ...extra]);
  const file = (dir: string, name: string, text: string) => ({ shell: `"${dir}/${name}"`, file: { path: resolveShellPath(`${dir}/${name}`, t.env), text } });
  if (kind === 'cron') {
    const text = cronLine(every, t);
    const keepOthers = `crontab -l 2>/dev/null | grep -vF ${shellQuote(CRON_MARK)}`;
    return {
      ...base,
      text,
      files: [],
      install: `(${keepOthers}; ${self()}) | crontab -`,
      uninstall: `(${keepOthers}) | crontab -`,
    };
  }
  if (kind === 'launchd') {
    const text = launchdPlist(every, t);
    const plist = file(LAUNCHD_DIR, `${LAUNCHD_LABEL}.plist`, text);
    return {
      ...base,
      text,
      files: [plist.file],
      install: `mkdir -p "${LAUNCHD_DIR}" && { launchctl unload ${plist.shell} 2>/dev/null; ${self()} > ${plist.shell} && launchctl load -w ${plist.shell}; }`,
      uninstall: `launchctl unload -w ${plist.shell}; rm -f ${plist.shell}`,
    };
  }
  const units = systemdUnits(every, t);
  const service = file(SYSTEMD_DIR, `${SYSTEMD_UNIT}.service`, units.service);
  const timer = file(SYSTEMD_DIR, `${SYSTEMD_UNIT}.timer`, units.timer);
  return {
    ...base,
    text: `# ${service.file.path}\n${units.service}\n# ${timer.file.path}\n${units.timer}`,
    files: [service.file, timer.file],
    install:
      `mkdir -p "${SYSTEMD_DIR}" && ${self('--unit', 'service')} > ${service.shell} && ${self('--unit', 'timer')} > ${timer.shell}` +
      ` && systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT}.timer`,
    uninstall: `systemctl --user disable --now ${SYSTEMD_UNIT}.timer; rm -f ${service.shell} ${timer.shell}; systemctl --user daemon-reload`,
  };
}
