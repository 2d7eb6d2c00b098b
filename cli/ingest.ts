// `agentdag ingest`: load the journal, transcripts and task graph into the warehouse (cron-safe).
import type { Command } from 'commander';
import { UserError } from '../core/errors';
import { printResult } from './output';
import { pushLine } from './push';
import { dataDir, dataPaths } from '../core/data-dir';

interface IngestFlags {
  transcripts?: string;
  journal?: string[];
  json?: boolean;
  quiet?: boolean;
  wait: string;
  keepSegments?: boolean;
  rebuild?: boolean;
  lake?: string;
  pushTo?: string;
  group?: boolean;
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('Load the hook journal, Claude Code transcripts and the task graph into the DuckDB warehouse')
    .option('--transcripts <dir>', 'also import every transcript under a Claude Code projects folder (e.g. ~/.claude/projects)')
    .option('--journal <file...>', 'also read these journal files in place (e.g. copied from other machines); never modified')
    .option('--wait <seconds>', 'how long to wait when another ingest is running', '60')
    .option('--keep-segments', 'move consumed journal segments to journal/archive/ instead of deleting them')
    .option('--rebuild', 'rebuild every model from the raw tables (normally only the sessions with new data are)')
    .option('--lake <dir>', "team machine: also load every machine's new files from this lake (agentdag push) and write the team marts to DIR/marts/")
    .option('--push-to <dir>', "after ingesting, push this machine's new raw rows to this lake (= agentdag push --to DIR)")
    .option('--group', 'with --push-to: share the lake with its folder\'s group (files 0640, folders 2770)')
    .option('--json', 'print the run summary as JSON on stdout')
    .option('-q, --quiet', 'print nothing unless something is wrong (for cron)')
    .addHelpText(
      'after',
      `
How it works:
  Hooks append to <data dir>/journal.jsonl. Ingest renames it into <data dir>/journal/ (hooks
  start a new file at once), loads every complete line into raw_hook_events (a line seen twice is
  stored once; bad lines go to raw_rejects with the reason), reads transcripts and the task graph,
  rebuilds the facts of the sessions that got new data (everything when the model SQL or the
  prices changed, or with --rebuild), runs the checks and publishes <data dir>/warehouse.duckdb.
  Safe to kill at any moment and to run from cron while analysts have the warehouse open.
  Journals from other machines: drop them in <data dir>/inbox/ or pass --journal FILE…

Examples:
  $ agentdag ingest
  $ agentdag ingest --transcripts ~/.claude/projects          # import all past sessions
  $ agentdag ingest --journal laptop.jsonl desktop.jsonl       # merge journals from two hosts
  $ agentdag ingest --quiet                                    # from cron: silent unless it fails
  $ agentdag ingest --json | jq .events_new
  $ agentdag ingest --rebuild                                  # after editing pricing.json by hand: all history repriced anyway
  $ agentdag ingest --push-to /mnt/team-lake --quiet           # each machine, from cron: ingest, then push
  $ AGENTDAG_HOME=/srv/agentdag-team agentdag ingest --lake /mnt/team-lake   # the team warehouse
`,
    )
    .action(async (flags: IngestFlags) => {
      const waitSeconds = Number(flags.wait);
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UserError(`--wait ${flags.wait}: not a number of seconds`, 'use e.g. --wait 60 (0 = do not wait)', 2);
      const { runIngest, stagesFromEnv } = await import('../ingest/run.js');
      const { graceMs } = await import('../ingest/journal-files.js');
      const { terminalProgress } = await import('../ingest/progress.js');
      const { skippedText } = await import('../ingest/contracts.js');
      const fs = await import('node:fs');
      const paths = dataPaths(dataDir());
      const path = await import('node:path');
      for (const f of flags.journal ?? []) {
        if (!fs.existsSync(f)) throw new UserError(`--journal ${f}: no such file`, 'pass the path of a journal .jsonl file copied from another machine', 2);
        if (!fs.statSync(f).isFile()) throw new UserError(`--journal ${f}: not a regular file (a directory, a FIFO…)`, 'pass the journal file itself, e.g. --journal laptop/journal.jsonl', 2);
        if (path.resolve(f) === paths.journal || path.resolve(path.dirname(f)) === paths.segments) {
          throw new UserError(`--journal ${f}: that is this data dir's own journal`, 'run `agentdag ingest` without --journal: it always reads it', 2);
        }
      }
      if (flags.transcripts && !(fs.existsSync(flags.transcripts) && fs.statSync(flags.transcripts).isDirectory())) {
        throw new UserError(`--transcripts ${flags.transcripts}: no such folder`, 'pass a Claude Code projects folder, e.g. ~/.claude/projects', 2);
      }
      for (const w of (await import('../core/file-trust.js')).dataDirWarnings(paths)) process.stderr.write(`agentdag: warning: ${w}\n`);
      const lake = await lakeFlags(flags, paths.dir);
      const chatty = !flags.quiet && !flags.json;
      const summary = await runIngest({
        paths,
        transcriptsDir: flags.transcripts,
        externalJournals: flags.journal ?? [],
        waitMs: waitSeconds * 1000,
        graceMs: graceMs(),
        keepSegments: Boolean(flags.keepSegments),
        progress: await terminalProgress(chatty),
        warn: (m) => {
          if (!flags.quiet) process.stderr.write(`agentdag: warning: ${m}\n`);
        },
        onWait: (pid) => {
          if (!flags.quiet) process.stderr.write(`agentdag: another ingest is running${pid ? ` (pid ${pid})` : ''}; waiting up to ${waitSeconds} s…\n`);
        },
        steps: stagesFromEnv(),
        rebuild: Boolean(flags.rebuild),
        ...lake,
      });
      // Data was loaded and published either way; the exit code says something needs fixing.
      if (summary.pricing_error) process.exitCode = 1;
      if (summary.skipped.length > 0) {
        process.exitCode = 1;
        for (const s of summary.skipped) process.stderr.write(`agentdag: ${skippedText(s)}\n  fix: ${s.fix}\n`);
      }
      if (summary.push?.error) process.exitCode = 1; // warned above; the ingest was published
      if (summary.checks_failed.length > 0) {
        process.exitCode = 1;
        for (const f of summary.checks_failed) {
          process.stderr.write(`agentdag: check ${f.check} failed (${f.rows} rows), e.g. ${JSON.stringify(f.sample[0])}\n`);
        }
      }
      if (flags.quiet && !flags.json) return;
      printResult(Boolean(flags.json), summary, () => summaryLine(summary));
    });
}

/** --lake and --push-to: folders outside the data dir; the pushing machine's name. */
async function lakeFlags(flags: IngestFlags, home: string): Promise<{ lakeDir?: string; push?: { lakeDir: string; host: string; group?: boolean } }> {
  const path = await import('node:path');
  const outside = (dir: string, flag: string) => {
    const abs = path.resolve(dir);
    if (abs === home || abs.startsWith(home + path.sep)) throw new UserError(`${flag} ${dir} is inside the data dir`, 'use a folder on shared storage outside $AGENTDAG_HOME, e.g. /mnt/team-lake', 2);
    return abs;
  };
  if (flags.group && !flags.pushTo) throw new UserError('--group needs --push-to DIR', 'add --push-to DIR, or run agentdag push --to DIR --group', 2);
  const out: { lakeDir?: string; push?: { lakeDir: string; host: string; group?: boolean } } = {};
  if (flags.lake) {
    out.lakeDir = outside(flags.lake, '--lake');
    const { openLake } = await import('../ingest/lake/lake-dir.js');
    openLake(out.lakeDir, { create: false }); // before anything runs: a typo must not ingest half a run
  }
  if (flags.pushTo) {
    const { machineName } = await import('../core/machine.js');
    out.push = { lakeDir: outside(flags.pushTo, '--push-to'), host: machineName(), group: flags.group };
  }
  if (out.lakeDir && out.push && out.lakeDir === out.push.lakeDir) {
    throw new UserError('--lake and --push-to name the same lake', 'the team warehouse reads the lake; push to it from the other machines (or from another data dir)', 2);
  }
  return out;
}

/**
 * One line: what each source brought (journal events first, then transcript lines and API calls,
 * then task-graph events), what the model build did, and whether the warehouse was published.
 */
export function summaryLine(s: import('../ingest/run').IngestSummary): string {
  const secs = (s.elapsed_ms / 1000).toFixed(1);
  const parts = [`${s.events_read} events read, ${s.events_new} new, ${s.events_duplicate} duplicate, ${s.rejected} rejected`, `${s.api_calls_new} API calls`, `${secs} s`];
  if (s.transcripts) parts.push(`${s.transcripts.lines_read} transcript lines from ${s.transcripts.files_read} files`);
  if (s.task_graph) parts.push(`${s.task_graph.events_new} task-graph events`);
  if (s.lake) parts.push(`lake: ${s.lake.files_new} new files, ${s.lake.rows_new} new rows from ${s.lake.hosts.length} hosts`);
  const m = s.models;
  if (m?.mode === 'full') parts.push(`models rebuilt in full (${m.reason})`);
  if (m?.mode === 'incremental') parts.push(`models: ${m.sessions_rebuilt} sessions rebuilt${m.tables_kept.length ? `, ${m.tables_kept.length} tables kept (nothing they read changed)` : ''}`);
  if (s.checks_failed.length) parts.push(`${s.checks_failed.length} checks FAILED${s.checks_reused ? ' (found by the last run; nothing rebuilt since)' : ''}`);
  if (s.skipped.length) parts.push(`${s.skipped.length} skipped (said above, with the fix)`);
  if (s.pricing_error) parts.push('priced WITHOUT your pricing.json (see the warning)');
  if (s.published === null) parts.push('nothing new; warehouse unchanged');
  else if (s.published_because === 'earlier run not published') parts.push('published what an earlier run had loaded');
  const line = `ingest: ${parts.join('; ')}`;
  return s.push ? `${line}\n${pushLine(s.push)}` : line;
}
