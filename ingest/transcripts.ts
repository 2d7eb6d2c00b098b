// The transcript step of `agentdag ingest`: every Claude Code transcript of every session seen in
// the journal (and, with --transcripts DIR, a whole projects/ folder) into raw_transcript_lines,
// verbatim but redacted, read incrementally from a position kept per file identity.
//
// Usage is NOT deduplicated here: raw keeps every line; fact_api_call (sql/facts) keeps one row per
// message id + request id across all files, so re-reads, resumed and forked sessions never double count.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { skippedText, type Skipped, type TranscriptStep, type TranscriptStepOptions, type TranscriptStepStats } from './contracts';
import { loadSubagentMeta } from './transcript-meta';
import { isFileError, NOT_A_TRANSCRIPT, transcriptRefusal, unreadable, type Refusal } from './transcript-admission';
import { jsonParseErrorText } from '../core/parse-error';
import { identify, readCompleteLines, tailHash, type TranscriptLine } from './transcript-reader';
import { redactLine } from './transcript-redact';
import { redactRejectText } from './reject-redact';
import { cleanupPeriodWarning } from './transcript-retention';
import {
  agentIdOf,
  claudeProjectsDirs,
  isSubagentTranscript,
  listSubagentFiles,
  recordHookTranscriptPaths,
  sessionIdOfSubagentFile,
  walkProjectsDir,
  type FoundVia,
} from './transcript-sources';
import { readSql } from '../warehouse/sql-files';
import { withTransaction } from '../warehouse/db';
import { parseUtcTimestamp, utcTimestamp } from '../core/time';

interface Cursor {
  file_key: string;
  path: string;
  dev: number;
  ino: number;
  mtime_ms: number;
  size: number;
  size_read: number;
  tail_hash: string | null;
  lines_read: number;
}

const STAGE_TABLE = 'tmp_transcript_lines';
const STAGE_REJECTS = 'tmp_transcript_rejects';

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function appendNullable(a: DuckDBAppender, v: string | null): void {
  if (v === null) a.appendNull();
  else a.appendVarchar(v);
}

async function cursorsByPath(conn: DuckDBConnection): Promise<Map<string, Cursor>> {
  const r = await conn.runAndReadAll('SELECT * FROM raw_transcript_files');
  const out = new Map<string, Cursor>();
  for (const row of r.getRowObjectsJS()) {
    const c = {
      file_key: row.file_key as string,
      path: row.path as string,
      dev: Number(row.dev),
      ino: Number(row.ino),
      mtime_ms: Number(row.mtime_ms),
      size: Number(row.size),
      size_read: Number(row.size_read),
      tail_hash: (row.tail_hash as string | null) ?? null,
      lines_read: Number(row.lines_read),
    };
    out.set(c.file_key, c);
  }
  return out;
}

class TranscriptLoader {
  readonly stats: TranscriptStepStats = { files_read: 0, lines_read: 0, api_calls_new: 0, metas_changed: 0 };
  private byKey = new Map<string, Cursor>();
  private byPath = new Map<string, Cursor>();

  constructor(
    private conn: DuckDBConnection,
    private now: string,
    private skip: (s: Skipped) => void,
    /** Projects folders (and --transcripts) a path named by a hook event may be in. */
    private roots: string[],
  ) {}

  /** Say why `file` is not read; when it is not a transcript at all, once (transcript_refusals). */
  private async refuse(file: string, r: Refusal): Promise<false> {
    this.skip({ stage: 'transcripts', item: `transcript ${file}`, reason: r.reason, fix: r.fix });
    if (r.drop) await this.conn.run(readSql('load', 'refuse_transcript'), { path: file, reason: r.reason, now: this.now });
    return false;
  }

  async init(): Promise<void> {
    this.byKey = await cursorsByPath(this.conn);
    for (const c of this.byKey.values()) this.byPath.set(c.path, c);
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} (
      byte_offset UBIGINT, session_id VARCHAR, agent_id VARCHAR, line_type VARCHAR, ts VARCHAR,
      message_id VARCHAR, request_id VARCHAR, model VARCHAR, line VARCHAR, redacted VARCHAR)`);
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_REJECTS} (byte_offset UBIGINT, reason VARCHAR, text VARCHAR)`);
  }

  /**
   * Read what is new in one file. Returns true when something was read. A file that cannot be
   * opened or read (no permission, not a regular file) is skipped and named; the others load.
   */
  async loadFile(file: string, via: FoundVia): Promise<boolean> {
    try {
      return await this.loadReadable(file, via);
    } catch (e) {
      if (!isFileError(e)) throw e;
      return this.refuse(file, unreadable(file, e));
    }
  }

  private async loadReadable(file: string, via: FoundVia): Promise<boolean> {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // deleted by Claude Code's cleanup: the lines read before stay in the warehouse
      throw e;
    }
    const refusal = transcriptRefusal(file, via, st, this.roots);
    if (refusal) return this.refuse(file, refusal);
    const known = this.byPath.get(file);
    if (known && known.dev === st.dev && known.ino === st.ino && known.size === st.size && known.mtime_ms === st.mtimeMs) return false;
    const id = identify(file);
    if (!id || id.key === null) return false; // no complete line yet
    if (!id.looksLikeTranscript) return this.refuse(file, NOT_A_TRANSCRIPT);
    const cursor = this.byKey.get(id.key);
    let start = 0;
    let reread = false;
    if (cursor) {
      const sameContent = cursor.size_read <= id.size && tailHash(file, cursor.size_read) === cursor.tail_hash;
      if (sameContent) start = cursor.size_read;
      else reread = true; // shrank or rewritten: read it again from the start
    }

    await this.conn.run(`DELETE FROM ${STAGE_TABLE}`);
    await this.conn.run(`DELETE FROM ${STAGE_REJECTS}`);
    // A subagent's lines belong to the agent its file is named after (when a line does not say).
    const agentId = isSubagentTranscript(file) ? agentIdOf(file) : null;
    const lines = await this.conn.createAppender(STAGE_TABLE, 'main', 'temp');
    const rejects = await this.conn.createAppender(STAGE_REJECTS, 'main', 'temp');
    const fileSession = isSubagentTranscript(file) ? sessionIdOfSubagentFile(file) : path.basename(file, '.jsonl');
    let sessionId: string | null = fileSession;
    let count = 0;
    let end: number;
    try {
      end = readCompleteLines(file, start, (batch: TranscriptLine[]) => {
        for (const { offset, text } of batch) {
          count++;
          let parsed;
          try {
            parsed = redactLine(text);
          } catch (err) {
            rejects.appendUBigInt(BigInt(offset));
            rejects.appendVarchar(`invalid JSON: ${jsonParseErrorText(err)}`); // never V8's message: it quotes the line
            rejects.appendVarchar(redactRejectText(text));
            rejects.endRow();
            continue;
          }
          const d = (parsed.value && typeof parsed.value === 'object' ? parsed.value : {}) as Record<string, unknown>;
          const msg = (d.message && typeof d.message === 'object' ? d.message : {}) as Record<string, unknown>;
          const type = str(d.type);
          if (str(d.sessionId)) sessionId = str(d.sessionId);
          lines.appendUBigInt(BigInt(offset));
          appendNullable(lines, str(d.sessionId) ?? fileSession); // a line without sessionId belongs to its file's session
          appendNullable(lines, str(d.agentId) ?? agentId);
          appendNullable(lines, type);
          appendNullable(lines, parseUtcTimestamp(d.timestamp));
          appendNullable(lines, type === 'assistant' ? str(msg.id) : null);
          appendNullable(lines, type === 'assistant' ? str(d.requestId) : null);
          appendNullable(lines, type === 'assistant' ? str(msg.model) : null);
          lines.appendVarchar(parsed.text);
          appendNullable(lines, parsed.kinds.length ? JSON.stringify(parsed.kinds) : null);
          lines.endRow();
        }
      });
    } finally {
      lines.closeSync();
      rejects.closeSync();
    }

    await withTransaction(this.conn, async () => {
      await this.conn.run(readSql('load', 'mark_pending_transcript_sessions'), { file_key: id.key, reread });
      if (reread) {
        await this.conn.run('DELETE FROM raw_transcript_lines WHERE file_key = $1', [id.key]);
        await this.conn.run('DELETE FROM raw_transcript_rejects WHERE file_key = $1', [id.key]);
      }
      // API calls this file adds that no file had before (the step's "API calls" figure).
      const fresh = await this.conn.runAndReadAll(
        `SELECT count(*) AS n FROM (
           SELECT DISTINCT message_id, coalesce(request_id, '') AS request_id FROM ${STAGE_TABLE}
           WHERE line_type = 'assistant' AND message_id IS NOT NULL AND coalesce(model, '') <> '<synthetic>'
         ) t WHERE NOT EXISTS (
           SELECT 1 FROM raw_transcript_lines r
           WHERE r.message_id = t.message_id AND coalesce(r.request_id, '') = t.request_id)`,
      );
      this.stats.api_calls_new += Number(fresh.getRowObjectsJS()[0].n);
      await this.conn.run(
        `INSERT INTO raw_transcript_lines
         SELECT $1, byte_offset, session_id, agent_id, line_type, CAST(ts AS TIMESTAMP), message_id, request_id,
                CAST(line AS JSON), CASE WHEN redacted IS NULL THEN NULL ELSE from_json(redacted, '["VARCHAR"]') END,
                CAST($2 AS TIMESTAMP)
         FROM ${STAGE_TABLE}
         ON CONFLICT DO NOTHING`,
        [id.key, this.now],
      );
      await this.conn.run(
        `INSERT INTO raw_transcript_rejects SELECT $1, byte_offset, $2, reason, text, CAST($3 AS TIMESTAMP) FROM ${STAGE_REJECTS}
         ON CONFLICT DO NOTHING`,
        [id.key, file, this.now],
      );
      const next: Cursor = {
        file_key: id.key!,
        path: file,
        dev: st.dev,
        ino: st.ino,
        mtime_ms: st.mtimeMs,
        size: st.size,
        size_read: end,
        tail_hash: tailHash(file, end),
        lines_read: (reread || !cursor ? 0 : cursor.lines_read) + count,
      };
      await this.conn.run(
        `INSERT OR REPLACE INTO raw_transcript_files VALUES
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
          coalesce((SELECT first_read_at FROM raw_transcript_files WHERE file_key = $1), CAST($12 AS TIMESTAMP)), CAST($12 AS TIMESTAMP))`,
        [next.file_key, next.path, next.dev, next.ino, next.mtime_ms, next.size, next.size_read, next.tail_hash, next.lines_read, sessionId, agentId, this.now],
      );
      if (known && known.file_key !== next.file_key) this.byPath.delete(file);
      this.byKey.set(next.file_key, next);
      this.byPath.set(file, next);
    });
    this.stats.files_read++;
    this.stats.lines_read += count;
    return count > 0 || reread;
  }

}

async function addSources(conn: DuckDBConnection, paths: string[], via: FoundVia, now: string): Promise<void> {
  for (const p of paths) {
    await conn.run(
      `INSERT INTO raw_transcript_sources VALUES ($1, $2, CAST($3 AS TIMESTAMP)) ON CONFLICT DO NOTHING`,
      [p, via, now],
    );
  }
}

export const ingestTranscripts: TranscriptStep = async (conn: DuckDBConnection, opts: TranscriptStepOptions) => {
  const now = utcTimestamp();
  const warning = cleanupPeriodWarning();
  if (warning) opts.warn(warning);

  await recordHookTranscriptPaths(conn, now);
  const metas: string[] = [];
  if (opts.extraDir) {
    if (!fs.existsSync(opts.extraDir)) throw new Error(`--transcripts ${opts.extraDir}: no such folder`);
    const found = walkProjectsDir(path.resolve(opts.extraDir));
    await addSources(conn, found.transcripts, 'import', now);
    metas.push(...found.metas);
  }

  const skip = opts.skip ?? ((s: Skipped) => opts.warn(skippedText(s)));
  const roots = [...claudeProjectsDirs(), ...(opts.extraDir ? [path.resolve(opts.extraDir)] : [])];
  const loader = new TranscriptLoader(conn, now, skip, roots);
  await loader.init();
  const r = await conn.runAndReadAll('SELECT path, found_via FROM raw_transcript_sources WHERE path NOT IN (SELECT path FROM transcript_refusals) ORDER BY path');
  const queue = r.getRowObjectsJS().map((row) => ({ file: row.path as string, via: row.found_via as FoundVia }));
  const queued = new Set(queue.map((q) => q.file));
  opts.progress.start('transcripts', queue.length);
  for (let i = 0; i < queue.length; i++) {
    const { file, via } = queue[i];
    const changed = await loader.loadFile(file, via);
    opts.progress.tick();
    // A main transcript that grew may have new subagents beside it.
    if (changed && !isSubagentTranscript(file)) {
      const sub = listSubagentFiles(file);
      const fresh = sub.transcripts.filter((p) => !queued.has(p));
      await addSources(conn, fresh, 'subagents', now);
      for (const p of fresh) {
        queued.add(p);
        queue.push({ file: p, via: 'subagents' });
      }
      metas.push(...sub.metas);
    }
  }
  opts.progress.stop();
  for (const m of [...new Set(metas)]) if (await loadSubagentMeta(conn, m, now)) loader.stats.metas_changed++;
  await conn.run(`DROP TABLE IF EXISTS temp.${STAGE_TABLE}`);
  await conn.run(`DROP TABLE IF EXISTS temp.${STAGE_REJECTS}`);
  return loader.stats;
};
