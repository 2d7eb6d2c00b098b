// `agentdag hooks install|uninstall|status|test`. Modules load inside the actions (all node-only
// and small, but `agentdag task …` should not pay for them).
import type { Command } from 'commander';
import { UserError } from '../core/errors';
import { printResult } from './output';

interface InstallFlags {
  scope: string;
  events?: string;
  async: boolean;
  timeout: string;
  dryRun?: boolean;
  json?: boolean;
}

const FOUND_BY = { git: 'the git root', 'claude-dir': 'the nearest folder with a .claude/', cwd: 'no git root or .claude/ above: the current folder' };

function changeText(r: import('../hooks/install').ChangeReport, verb: 'Installed' | 'Removed'): string {
  const lines: string[] = [];
  const what = [
    r.added.length ? `${r.added.length} added` : '',
    r.updated.length ? `${r.updated.length} updated` : '',
    r.removed.length ? `${r.removed.length} removed` : '',
    r.unchanged.length ? `${r.unchanged.length} already in place` : '',
  ].filter(Boolean);
  if (!r.changed) lines.push(`Nothing to change in ${r.path} (${what.join(', ') || 'no agentdag hooks there'}); the file was not touched.`);
  else lines.push(`${r.dry_run ? (verb === 'Installed' ? 'Would install' : 'Would remove') : verb} agentdag hooks in ${r.path}: ${what.join(', ')}.`);
  if (r.project_root && r.project_root_found_by) lines.push(`Project root: ${r.project_root} (${FOUND_BY[r.project_root_found_by]})`);
  if (r.backup) lines.push(`Backup of the previous file: ${r.backup}`);
  if (r.removed_file) lines.push(r.dry_run ? 'The file holds nothing else, so it would be removed.' : 'The file held nothing else, so it was removed.');
  if (r.command && (r.added.length || r.updated.length)) lines.push(`Command: ${r.command}`);
  if (r.dry_run && r.changed) lines.push('', r.removed_file ? '(file would be removed)' : JSON.stringify(r.settings, null, 2));
  return lines.join('\n');
}

function printChange(json: boolean, r: import('../hooks/install').ChangeReport, verb: 'Installed' | 'Removed'): void {
  for (const w of r.warnings) process.stderr.write(`agentdag: note: ${w}\n`);
  printResult(json, r, () => changeText(r, verb));
}

export function registerHooksCommands(program: Command): void {
  const hooks = program
    .command('hooks')
    .description('Install, remove and check the Claude Code hooks that write the journal')
    .addHelpText(
      'after',
      '\nThe hook appends one JSON line per Claude Code hook call to $AGENTDAG_HOME/journal.jsonl.\n' +
        'Examples:\n' +
        '  agentdag hooks install                     # every session of this user (~/.claude/settings.json)\n' +
        '  agentdag hooks install --scope local       # this checkout only (.claude/settings.local.json, not to be committed)\n' +
        '  agentdag hooks install --scope project     # this project (.claude/settings.json at the git root; committed)\n' +
        '  agentdag hooks status\n' +
        '  agentdag hooks test\n' +
        '  agentdag hooks uninstall --scope project\n',
    );

  hooks
    .command('install')
    .description('Add the agentdag hook to a Claude Code settings file (backed up into the data dir first; idempotent)')
    .option('--scope <scope>', 'user (~/.claude/settings.json), project (<project root>/.claude/settings.json) or local (<project root>/.claude/settings.local.json); the project root is the nearest folder above with .claude/ or .git', 'user')
    .option('--events <list>', 'comma-separated hook events, or "default" / "all"', 'default')
    .option('--async', "let Claude Code go on without waiting for the hook, except on SessionStart, Stop, StopFailure and SessionEnd (runs ~35 % faster; under load an async call can be lost)")
    .option('--timeout <seconds>', 'seconds Claude Code waits for the hook before killing it', '10')
    .option('--dry-run', 'print what would change; write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe command carries AGENTDAG_HOME (and AGENTDAG_MAX_FIELD_CHARS) when they are set now.\n' +
        'Its paths are absolute and belong to this machine: in a checkout shared by a team, prefer --scope local.\n' +
        'The file is backed up into <data dir>/settings-backups/ before each change (the newest 5 are kept).\n' +
        'Examples:\n' +
        '  agentdag hooks install --scope project --dry-run\n' +
        '  AGENTDAG_HOME=~/agentdag-data agentdag hooks install\n' +
        '  agentdag hooks install --events PreToolUse,PostToolUse,PostToolUseFailure,SessionStart,SessionEnd\n',
    )
    .action(async (flags: InstallFlags) => {
      const { parseScope } = await import('../hooks/settings-file.js');
      const { parseEventList } = await import('../hooks/events.js');
      const { hookSpecFromEnv } = await import('../hooks/hook-command.js');
      const { installHooks } = await import('../hooks/install.js');
      const scope = parseScope(flags.scope);
      const ev = parseEventList(flags.events);
      if (ev.invalid.length) throw new UserError(`not an event name: ${ev.invalid.join(', ')}`, 'Pass names like PreToolUse,PostToolUse (or "default" / "all").', 2);
      if (ev.events.length === 0) throw new UserError('no events given', 'Pass --events default, all, or a list; use `agentdag hooks uninstall` to remove the hooks.', 2);
      if (ev.unknown.length) process.stderr.write(`agentdag: note: not a known Claude Code event (installed anyway): ${ev.unknown.join(', ')}\n`);
      const timeoutS = Number(flags.timeout);
      if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UserError(`--timeout ${flags.timeout} is not a positive number of seconds`, 'Use e.g. --timeout 10.', 2);
      let spec;
      try {
        spec = hookSpecFromEnv();
      } catch {
        throw new UserError('the compiled hook dist/hooks/hook.js is missing', 'Run `npm run build` in the agentdag checkout first.');
      }
      const r = installHooks({ scope, events: ev.events, spec, timeoutS, async: flags.async === true, dryRun: !!flags.dryRun });
      printChange(!!flags.json, r, 'Installed');
    });

  hooks
    .command('uninstall')
    .description('Remove exactly the entries `hooks install` added (backed up first; a file without them is not touched)')
    .option('--scope <scope>', 'user, project or local', 'user')
    .option('--dry-run', 'print what would change; write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  agentdag hooks uninstall\n  agentdag hooks uninstall --scope project --dry-run\n')
    .action(async (flags: { scope: string; dryRun?: boolean; json?: boolean }) => {
      const { parseScope } = await import('../hooks/settings-file.js');
      const { uninstallHooks } = await import('../hooks/install.js');
      const r = uninstallHooks(parseScope(flags.scope), !!flags.dryRun);
      printChange(!!flags.json, r, 'Removed');
    });

  hooks
    .command('status')
    .description('Where the hooks are installed, journal size and lines, last event, hook errors')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExamples:\n  agentdag hooks status\n  agentdag hooks status --json\n')
    .action(async (flags: { json?: boolean }) => {
      const { hooksStatus } = await import('../hooks/status.js');
      const s = hooksStatus();
      printResult(!!flags.json, s, () => {
        const out: string[] = [];
        for (const sc of s.scopes) {
          if (sc.error) out.push(`${sc.scope.padEnd(8)} ${sc.path}: ${sc.error}`);
          else if (!sc.events.length) out.push(`${sc.scope.padEnd(8)} not installed (${sc.path})`);
          else {
            out.push(`${sc.scope.padEnd(8)} ${sc.events.length} events in ${sc.path}${sc.async_events ? ` (${sc.async_events} async)` : ''}`);
            out.push(`         writes to ${sc.agentdag_home}`);
            if (sc.hook_exists === false || sc.node_exists === false) out.push('         BROKEN: the hook or node path in the command does not exist; run `agentdag hooks install` again');
            if (sc.missing_default_events.length) out.push(`         not hooked: ${sc.missing_default_events.join(', ')}`);
          }
        }
        out.push(`data dir ${s.data_dir}`);
        const j = s.journal;
        out.push(j.exists ? `journal  ${j.lines} lines, ${j.bytes} bytes; last event ${j.last_event ?? '-'} at ${j.last_event_ts ?? '-'}` : 'journal  empty (no hook call recorded yet, or all ingested)');
        if (s.segments.count) out.push(`segments ${s.segments.count} rotated journal file(s), ${s.segments.bytes} bytes, waiting for ingest`);
        out.push(`errors   ${s.hook_errors.lines} in ${s.hook_errors.path}${s.hook_errors.last ? `\n         last: ${s.hook_errors.last.slice(0, 200)}` : ''}`);
        return out.join('\n');
      });
    });

  hooks
    .command('test')
    .description('Run the hook command as Claude Code would, on a sample payload, into a temp dir; time it')
    .option('--scope <scope>', 'test the command installed in this scope (default: the first scope that has one, else the command install would write)')
    .option('--runs <n>', 'how many runs', '10')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  agentdag hooks test\n  agentdag hooks test --scope project --runs 30 --json\n')
    .action(async (flags: { scope?: string; runs: string; json?: boolean }) => {
      const { parseScope, readSettings, settingsPath, SCOPES } = await import('../hooks/settings-file.js');
      const { installedEntries } = await import('../hooks/merge.js');
      const { hookSpecFromEnv, parseHookCommand } = await import('../hooks/hook-command.js');
      const { runDoctor } = await import('../hooks/doctor.js');
      const runs = Number(flags.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new UserError(`--runs ${flags.runs} is not a positive whole number`, 'Use e.g. --runs 10.', 2);
      const scopes = flags.scope ? [parseScope(flags.scope)] : SCOPES;
      let spec = null;
      let source = 'the command `agentdag hooks install` would write (nothing installed)';
      for (const sc of scopes) {
        const file = settingsPath(sc);
        const entry = installedEntries(readSettings(file).data).values().next().value;
        if (entry) {
          spec = parseHookCommand(entry.command);
          source = `${sc} scope (${file})`;
          break;
        }
      }
      if (!spec && flags.scope) throw new UserError(`no agentdag hook installed in the ${flags.scope} scope`, `Run \`agentdag hooks install --scope ${flags.scope}\` first.`);
      spec ??= hookSpecFromEnv();
      const r = runDoctor(spec, source, runs);
      printResult(!!flags.json, r, () =>
        [
          `Tested ${r.source}:`,
          `  ${r.command}`,
          `  ${r.lines_valid}/${r.runs} runs wrote a valid journal line; stdout ${r.stdout_bytes} bytes; non-zero exits ${r.nonzero_exits}`,
          `  hook ${r.hook_median_ms} ms median (max ${r.hook_max_ms} ms) vs node -e 0 ${r.node_median_ms} ms: ${r.ratio}×`,
          `  data dir ${r.data_dir}: ${r.data_dir_writable ? 'writable' : 'NOT WRITABLE (events would be lost)'}`,
          r.ok ? 'OK' : 'PROBLEM: see above',
        ].join('\n'),
      );
      if (!r.ok) process.exitCode = 1;
    });
}
