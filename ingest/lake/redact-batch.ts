// Redaction at the lake's door: every text value of a staged push batch goes through the same
// redaction as everything else (core/redact.ts; JSON values through the transcript walk, which
// re-serialises only what changed), before the batch is written. The warehouse's rows were
// redacted when they were stored; a lake is read by more people than the owner-only warehouse,
// so rows stored before a pattern existed (or through a door that missed one) are caught here.
import type { DuckDBConnection } from '@duckdb/node-api';
import { redactText } from '../../core/redact';
import { redactLine } from '../transcript-redact';
import { ident, rowsLake, runLake, type Column } from './lake-sql';

/** Rows per round trip: bounds the JS memory a batch of large transcript lines takes. */
const CHUNK = 5_000;

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
  const fixes = await conn.createAppender('lake_push_fixes', 'main', 'temp');
  let changed = 0;
  try {
    for (let from = 0; from < rows; from += CHUNK) {
      const chunk = await rowsLake(conn, 'push_redaction_rows', { from, to: from + CHUNK }, { texts: select });
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

