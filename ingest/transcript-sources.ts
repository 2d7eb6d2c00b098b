// Where transcripts are: paths named by hook events, the subagents/ folder beside a session's
// main file, and every transcript under an imported Claude Code projects/ folder.
//
// A path a hook event names is data like any other (a payload can say anything, and a journal
// can come from another machine), so it is read only when it is where Claude Code keeps
// transcripts: by its real path, inside Claude Code's projects folder ($CLAUDE_CONFIG_DIR or
// ~/.claude) or --transcripts, or shaped like one (…/projects/<project>/<session>.jsonl, or
// <session>/subagents/agent-<id>.jsonl below it, for a config dir this process does not know).
// A transcript_path of ~/.netrc is refused, never copied into the warehouse.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSql, relationExists } from '../warehouse/sql-files';
import { withTransaction } from '../warehouse/db';

export type FoundVia = 'hook' | 'subagents' | 'import';

/** Claude Code's projects folders: $CLAUDE_CONFIG_DIR/projects when set, and ~/.claude/projects. */
export function claudeProjectsDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [path.join(os.homedir(), '.claude', 'projects')];
  if (env.CLAUDE_CONFIG_DIR) dirs.unshift(path.join(path.resolve(env.CLAUDE_CONFIG_DIR), 'projects'));
  return dirs;
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Why a transcript path named by a hook event is not read, or null when it may be: a .jsonl file
 * whose real path is inside one of `roots` (the projects folders, --transcripts), or shaped like
 * a transcript below some projects/ folder.
 */
export function transcriptPathRefusal(file: string, roots: string[]): string | null {
  const real = realOrResolved(file);
  if (!real.endsWith('.jsonl')) return 'a transcript is a .jsonl file';
  for (const root of roots) {
    const r = realOrResolved(root);
    if (real.startsWith(r + path.sep)) return null;
  }
  const parts = real.split(path.sep);
  const at = parts.lastIndexOf('projects');
  const below = at < 0 ? [] : parts.slice(at + 1);
  if (below.length === 2) return null; // projects/<project>/<session>.jsonl
  if (below.length === 4 && below[2] === 'subagents' && below[3].startsWith('agent-')) return null;
  return `it is not in a Claude Code projects folder (${roots.join(', ')}) nor shaped like a transcript there (…/projects/<project>/<session>.jsonl)`;
}

/** `<dir>/<session>.jsonl` → `<dir>/<session>/subagents` (where Claude Code keeps that session's agents). */
export function subagentsDirOf(mainTranscript: string): string {
  return path.join(path.dirname(mainTranscript), path.basename(mainTranscript, '.jsonl'), 'subagents');
}

/**
 * Subagent transcripts, in every layout Claude Code has used:
 *   <session>/subagents/agent-<id>.jsonl                      2.1
 *   <session>/subagents/workflows/<run>/agent-<id>.jsonl      2.1 dynamic workflows
 *   agent-<id>.jsonl beside the session files                 before 2.1 (lines name their session)
 * (1.0.x wrote its subagents inline in the session file, `isSidechain: true`: the warehouse
 * attributes those lines, see sql/staging/stg_transcript_lines.sql.)
 */
export function isSubagentTranscript(file: string): boolean {
  return /^agent-.*\.jsonl$/.test(path.basename(file));
}

/** `agent-<id>.jsonl` / `agent-<id>.meta.json` → id. */
export function agentIdOf(file: string): string | null {
  const m = /^agent-(.+?)\.(?:jsonl|meta\.json)$/.exec(path.basename(file));
  return m ? m[1] : null;
}

/** The session a subagent file belongs to: the folder above `subagents/`; null beside the sessions (pre-2.1: the lines say). */
export function sessionIdOfSubagentFile(file: string): string | null {
  const parts = path.dirname(file).split(path.sep);
  const at = parts.lastIndexOf('subagents');
  return at > 0 ? parts[at - 1] : null;
}

/** Files in a session's subagents/ folder (and its workflows/<run>/ folders): transcripts and meta.json. */
export function listSubagentFiles(mainTranscript: string): { transcripts: string[]; metas: string[] } {
  const dir = subagentsDirOf(mainTranscript);
  const transcripts: string[] = [];
  const metas: string[] = [];
  const list = (d: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(d).sort();
    } catch {
      return;
    }
    transcripts.push(...names.filter((n) => n.startsWith('agent-') && n.endsWith('.jsonl')).map((n) => path.join(d, n)));
    metas.push(...names.filter((n) => n.startsWith('agent-') && n.endsWith('.meta.json')).map((n) => path.join(d, n)));
  };
  list(dir);
  let runs: string[] = [];
  try {
    runs = fs.readdirSync(path.join(dir, 'workflows')).sort();
  } catch {
    /* no workflows */
  }
  for (const run of runs) list(path.join(dir, 'workflows', run));
  return { transcripts, metas };
}

/** Every *.jsonl and subagents/*.meta.json below a Claude Code projects/ folder. */
export function walkProjectsDir(root: string): { transcripts: string[]; metas: string[] } {
  const transcripts: string[] = [];
  const metas: string[] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.jsonl')) transcripts.push(p);
      else if (e.name.endsWith('.meta.json') && e.name.startsWith('agent-')) metas.push(p);
    }
  };
  visit(root);
  return { transcripts, metas };
}

/**
 * Record the transcript paths named by hook events stored since the last scan (transcript_path on
 * every event, agent_transcript_path on SubagentStop) in raw_transcript_sources, and advance the
 * scan watermark in the same transaction, so a crash in between loses no path.
 */
export async function recordHookTranscriptPaths(conn: DuckDBConnection, now: string): Promise<number> {
  if (!(await relationExists(conn, 'raw_hook_events'))) return 0;
  const state = await conn.runAndReadAll('SELECT CAST(max(hook_events_seen_until) AS VARCHAR) AS t FROM raw_transcript_scan_state');
  const since = (state.getRowObjectsJS()[0]?.t as string | null) ?? null;
  // >= rather than >: events stored by the last run share its ingested_at; re-reading them is cheap.
  const top = await conn.runAndReadAll('SELECT CAST(max(ingested_at) AS VARCHAR) AS t FROM raw_hook_events WHERE $1 IS NULL OR ingested_at >= CAST($1 AS TIMESTAMP)', [since]);
  const until = (top.getRowObjectsJS()[0]?.t as string | null) ?? null;
  // Nothing stored since the last scan: write nothing, so a no-op ingest leaves the work file
  // untouched and does not republish the warehouse.
  if (until === null || until === since) return 0;
  await withTransaction(conn, async () => {
    await conn.run(readSql('load', 'transcript_paths_from_hooks'), { since, now });
    await conn.run('DELETE FROM raw_transcript_scan_state');
    await conn.run('INSERT INTO raw_transcript_scan_state VALUES (CAST($1 AS TIMESTAMP))', [until]);
  });
  return 1;
}
