// Where transcripts are: paths named by hook events, the subagents/ folder beside a session's
// main file, and every transcript under an imported Claude Code projects/ folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSql, relationExists } from '../warehouse/sql-files';
import { withTransaction } from '../warehouse/db';

export type FoundVia = 'hook' | 'subagents' | 'import';

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
