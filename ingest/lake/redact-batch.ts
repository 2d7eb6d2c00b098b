// Redaction at the lake's door: every text value of a staged push batch goes through the same
// redaction as everything else (core/redact.ts; JSON values through the transcript walk, which
// re-serialises only what changed), before the batch is written. The warehouse's rows were
// redacted when they were stored; a lake is read by more people than the owner-only warehouse,
// so rows stored before a pattern existed (or through a door that missed one) are caught here.
import type { DuckDBConnection } from '@duckdb/node-api';
import { redactText } from '../../core/redact';
import { SECRET_PATTERNS } from '../../core/secret-patterns';
import { redactLine, SECRET_KEY_IN_JSON } from '../transcript-redact';
import { ident, literal, rowsLake, runLake, type Column } from './lake-sql';

/** Rows per round trip: bounds the JS memory a batch of large transcript lines takes. */
const CHUNK = 5_000;

/**
 * One RE2 pattern (DuckDB's regexp_matches) that every text a redaction could change matches: one
 * of the patterns' triggers (the lowercase words the hook checks before trying a pattern; `/` also
 * as JSON's `\/`), or a JSON key named like a secret. Values that do not match skip the JS pass:
 * with it, 100,000 synthetic hook events took 6.2 s to redact here, without it ~0.3 s.
 */
export function candidatePattern(): string {
  const escape = (t: string) => t.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => `\\${c}`);
  const alternatives = new Set<string>();
  for (const p of SECRET_PATTERNS) {
    for (const t of p.triggers) {
      alternatives.add(escape(t));
      if (t.includes('/')) alternatives.add(escape(t).replace(/\\\//g, '\\\\\\/'));
    }
  }
  return `(?i)(?:${[...alternatives].join('|')})|${SECRET_KEY_IN_JSON.source}`;
}

function redactValue(text: string, json: boolean): string {
  if (!json) return redactText(text).text;
  try {
    return redactLine(text).text;
  } catch {
    return redactText(text).text; // not JSON after all: plain text rules
  }
}

/** Redact the staged batch (lake_push_rows) in place; returns how many values changed. */
export async function redactStagedBatch(conn: DuckDBConnection, columns: readonly Column[], rows: number): Promise<number> {
  const texts = columns.filter((c) => c.type === 'VARCHAR' || c.type === 'JSON');
  if (texts.length === 0 || rows === 0) return 0;
  await runLake(conn, 'push_redaction_fixes');
  const select = texts.map((c, i) => `CAST(${ident(c.name)} AS VARCHAR) AS c${i}`).join(', ');
  const pattern = literal(candidatePattern());
  const candidate = texts.map((c) => `regexp_matches(CAST(${ident(c.name)} AS VARCHAR), ${pattern})`).join(' OR ');
  const fixes = await conn.createAppender('lake_push_fixes', 'main', 'temp');
  let changed = 0;
  try {
    for (let from = 0; from < rows; from += CHUNK) {
      const chunk = await rowsLake(conn, 'push_redaction_rows', { from, to: from + CHUNK }, { texts: select, candidate });
      for (const row of chunk) {
        texts.forEach((c, i) => {
          const v = row[`c${i}`];
          if (typeof v !== 'string') return;
          const out = redactValue(v, c.type === 'JSON');
          if (out === v) return;
          fixes.appendBigInt(BigInt(row.rid as number | bigint));
          fixes.appendVarchar(c.name);
          fixes.appendVarchar(out);
          fixes.endRow();
          changed++;
        });
      }
    }
  } finally {
    fixes.closeSync();
  }
  if (changed > 0) {
    for (const c of texts) await runLake(conn, 'push_apply_fix', { col: c.name }, { column: ident(c.name), type: c.type });
  }
  await conn.run('DROP TABLE IF EXISTS temp.lake_push_fixes');
  return changed;
}

