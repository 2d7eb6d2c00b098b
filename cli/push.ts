// `agentdag push --to DIR`: send this machine's new raw rows to a team lake (cron-safe).
import * as path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../core/errors';
import { dataDir, dataPaths } from '../core/data-dir';
import { printResult } from './output';

interface PushFlags {
  to: string;
  group?: boolean;
  wait: string;
  json?: boolean;
  quiet?: boolean;
}

export function parseWait(value: string): number {
  const s = Number(value);
  if (!Number.isFinite(s) || s < 0) throw new UserError(`--wait ${value}: not a number of seconds`, 'use e.g. --wait 60 (0 = do not wait)', 2);
  return s * 1000;
}

export function registerPushCommand(program: Command): void {
  program
    .command('push')
    .description("Write this machine's new raw rows to a team lake (Hive-partitioned Parquet any engine reads)")
    .requiredOption('--to <dir>', 'the lake: a folder on shared storage (a mounted bucket, NFS); made a lake on the first push')
    .option('--group', "share the lake with its folder's group: files 0640, folders 2770 (kept for every later push)")
    .option('--wait <seconds>', 'how long to wait when an ingest is running', '60')
    .option('--json', 'print what was pushed as JSON on stdout')
    .option('-q, --quiet', 'print nothing unless something is wrong (for cron)')
    .addHelpText(
      'after',
      `
How it works:
  Each raw table (hook events, transcript lines, subagent meta, task-graph snapshot rows) goes to
  DIR/raw/<table>/host=<host>/day=<YYYY-MM-DD>/<batch>.parquet: only the rows the lake does not
  have yet (the position is kept per lake in this machine's warehouse), redacted, written to
  DIR/_tmp/ and renamed into place. Safe to kill: the next push rewrites the same batch under the
  same names, so no reader counts a row twice. <host> is AGENTDAG_HOST, else the host name.
  Push sends what \`agentdag ingest\` stored: run ingest first, or use \`agentdag ingest --push-to DIR\`.
  The team machine builds the team warehouse with \`agentdag ingest --lake DIR\`.

Examples:
  $ agentdag push --to /mnt/team-lake
  $ agentdag ingest --push-to /mnt/team-lake --quiet          # from cron: ingest, then push
  $ AGENTDAG_HOST=ci-runner-3 agentdag push --to /mnt/team-lake --json | jq .rows
  $ agentdag push --to /mnt/team-lake --group                  # let the lake's group read and push
`,
    )
    .action(async (flags: PushFlags) => {
      const waitMs = parseWait(flags.wait);
      const { machineName } = await import('../core/machine.js');
      const { runPush } = await import('../ingest/lake/push-run.js');
      const { terminalProgress } = await import('../ingest/progress.js');
      const lakeDir = path.resolve(flags.to);
      const home = dataDir();
      if (lakeDir === home || lakeDir.startsWith(home + path.sep)) {
        throw new UserError(`--to ${flags.to} is inside this machine's data dir`, 'push to shared storage outside $AGENTDAG_HOME, e.g. --to /mnt/team-lake', 2);
      }
      const summary = await runPush(dataPaths(home), {
        lakeDir,
        host: machineName(),
        group: flags.group,
        waitMs,
        progress: await terminalProgress(!flags.quiet && !flags.json),
        onWait: (pid) => {
          if (!flags.quiet) process.stderr.write(`agentdag: an ingest is running${pid ? ` (pid ${pid})` : ''}; waiting up to ${flags.wait} s…\n`);
        },
      });
      if (flags.quiet && !flags.json) return;
      printResult(Boolean(flags.json), summary, () => pushLine(summary));
    });
}

export function pushLine(s: import('../ingest/lake/push').PushSummary): string {
  if (s.error) return `push: FAILED to ${s.lake}: ${s.error}`;
  const redone = s.tables.filter((t) => t.redone).length;
  const what = s.rows === 0 ? 'nothing new' : `${s.rows} rows in ${s.files} files (${(s.bytes / 1024).toFixed(0)} KiB)`;
  return `push: ${what} to ${s.lake} as host ${s.host}${redone ? `; ${redone} interrupted batch(es) rewritten` : ''}; ${(s.elapsed_ms / 1000).toFixed(1)} s`;
}
