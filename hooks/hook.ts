// The Claude Code hook: ONE entry for every event. Claude Code runs it as
//   NODE_EXTRA_CA_CERTS= [AGENTDAG_HOME=…] /abs/node /abs/dist/hooks/hook.js   < payload JSON
// and it appends one envelope line (hooks/envelope.ts) to <dataDir>/journal.jsonl.
//
// Rules, each with its reason:
// - node: built-ins and our own node-only modules only: one npm import costs ~10 ms per call, and
//   this runs on every tool call of every session (perf-baselines §1b).
// - ONE write() per line on an O_APPEND descriptor (what appendFileSync does): measured 0 torn lines
//   with 32 concurrent writers and 8 MiB lines; anything that splits the write tears lines.
// - Print nothing, exit 0 whatever happens: stdout of some hooks is read by Claude Code as a
//   decision, and a non-zero exit shows an error (exit 2 even blocks the tool call).
// - Failures go to <dataDir>/hook-errors.log (one short JSON line) when that is writable. It
//   describes bad input (size, lines, first character) and never quotes it.
// - Doors: files are opened with O_NOFOLLOW and must be regular files of ours that group and
//   others cannot write; the data dir must be ours and not writable by others (core/file-trust.ts).
// - No SQLite, DuckDB or network.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { dataDir, dataPaths, DIR_MODE, FILE_MODE } from '../core/data-dir';
import { distrust, trustFix } from '../core/file-trust';
import { stringifyAnyDepth } from '../core/json-deep';
import { redactCut } from '../core/redact';
import { maxFieldChars } from './cap';
import { buildEnvelope } from './envelope';
import { shellQuote } from './hook-command';
import { jsonParseErrorText } from '../core/parse-error';
import { describeInput } from './bad-input';
import { readStdin, stdinTimeoutMs } from './stdin';

/**
 * A write() that stored only part of the line (the disk filled up mid-line): take the fragment back
 * out, so the journal never holds a torn line that would glue itself to the next event. It is ours
 * only if the file still ends with exactly those bytes (no other writer appended after it).
 */
function undoShortWrite(fd: number, line: Buffer, written: number): void {
  const size = fs.fstatSync(fd).size;
  if (written === 0 || size < written) return;
  const tail = Buffer.allocUnsafe(written);
  fs.readSync(fd, tail, 0, written, size - written);
  if (tail.equals(line.subarray(0, written))) fs.ftruncateSync(fd, size - written);
}

/**
 * Append the line with ONE write() on an O_APPEND descriptor: what appendFileSync does (one open,
 * one write, one close), minus its retry loop, which after a short write would append the rest as a
 * second write that other writers can interleave with. Creates the data dir (0700) on first use
 * only, so the hot path stays one open+write+close.
 * Returns true when the line reached the file now at `file`, false when ingest renamed (rotated)
 * or removed that file between our open() and our write(): the line then sits in a segment ingest
 * may already have read.
 */
/**
 * Fault injection for tests only: sleep this long between open() and write() of the first attempt,
 * widening the window in which ingest can rotate the journal under an open descriptor
 * (test/hooks/rotation.test.ts).
 */
const FAULT_DELAY_MS = Number(process.env.AGENTDAG_HOOK_FAULT_DELAY_MS) || 0;

/** 'a+' (read for undoShortWrite, append, create) that never follows a symlink planted at `file`. */
const APPEND_FLAGS = fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0);

function openAppend(file: string): number {
  try {
    return fs.openSync(file, APPEND_FLAGS, FILE_MODE);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new Error(`${file} is a symbolic link: refused (fix: remove it; the hook creates a new one)`);
    if (code !== 'ENOENT') throw e;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: DIR_MODE });
    return fs.openSync(file, APPEND_FLAGS, FILE_MODE);
  }
}

/** Throws unless the open file is a regular file of ours that group and others cannot write. */
function checkOpenFile(fd: number, file: string): void {
  const st = fs.fstatSync(fd);
  if (!st.isFile()) throw new Error(`${file} is not a regular file: refused`);
  const why = distrust(st);
  if (why) throw new Error(`${file} ${why}: refused (fix: ${trustFix(file, false, st)})`);
}

function appendLine(file: string, line: Buffer, faultDelayMs = 0): boolean {
  const fd = openAppend(file);
  try {
    checkOpenFile(fd, file);
    if (faultDelayMs > 0) sleepMs(faultDelayMs);
    const written = fs.writeSync(fd, line);
    if (written < line.length) {
      undoShortWrite(fd, line, written);
      throw new Error(`ENOSPC? short write: ${written} of ${line.length} bytes stored, fragment removed`);
    }
    const mine = fs.fstatSync(fd);
    let now: fs.Stats | undefined;
    try {
      now = fs.statSync(file);
    } catch {
      // renamed away and no new journal yet
    }
    return !!now && now.ino === mine.ino && now.dev === mine.dev && mine.nlink > 0;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Journal append, safe against rotation: ingest renames journal.jsonl into a segment, and a hook
 * that opened the file just before the rename writes into that segment, possibly after ingest has
 * read it (measured up to 320 ms late with 32 busy writers; unbounded under heavy load). When the
 * write did not land in the live journal, write the same line (same id) again: ingest keeps one
 * row per id, so a line seen twice costs nothing and a line seen never is impossible. Two stat
 * calls per hook call (microseconds).
 */
function appendJournal(file: string, text: string): void {
  const line = Buffer.from(text, 'utf8');
  // Ingest rotates at most every few seconds, so the second attempt lands; 20 covers a machine so
  // overloaded that every open→write gap spans a rotation. (The fault delay models one stall.)
  for (let attempt = 0; attempt < 20; attempt++) if (appendLine(file, line, attempt === 0 ? FAULT_DELAY_MS : 0)) return;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * On SessionStart, Claude Code hands hooks a file (CLAUDE_ENV_FILE) whose `export` lines it applies
 * to every later Bash command: this is how `agentdag task …` run by the agent learns its session.
 */
function exportSessionEnv(sessionId: string | null): void {
  const envFile = process.env.CLAUDE_ENV_FILE;
  if (!envFile || !sessionId) return;
  let text = `export AGENTDAG_SESSION_ID=${shellQuote(sessionId)}\n`;
  if (process.env.AGENTDAG_HOME) text += `export AGENTDAG_HOME=${shellQuote(path.resolve(process.env.AGENTDAG_HOME))}\n`;
  fs.appendFileSync(envFile, text);
}

function main(): void {
  const nowMs = Date.now();
  let paths: ReturnType<typeof dataPaths>;
  try {
    paths = dataPaths(dataDir());
  } catch {
    return; // no home directory at all: nowhere to write, and nothing may reach Claude Code
  }
  const host = os.hostname();
  let bytes = 0;
  let input: string | undefined;
  const fail = (stage: string, error: unknown) => {
    try {
      const message = error instanceof Error ? error.message : String(error);
      const record: Record<string, unknown> = { ts: new Date(nowMs).toISOString(), host, pid: process.pid, stage, error: redactCut(message, 300).text, bytes };
      if (input !== undefined) record.input = input;
      appendLine(paths.hookErrors, Buffer.from(JSON.stringify(record) + '\n', 'utf8'));
    } catch {
      // The data dir is not writable either: stay silent, Claude Code must not notice.
    }
  };

  const timeoutMs = stdinTimeoutMs();
  let read: ReturnType<typeof readStdin>;
  try {
    read = readStdin(timeoutMs);
  } catch (e) {
    return fail('read', e);
  }
  const raw = read.data;
  bytes = raw.length;
  let text = raw.toString('utf8');
  const stillOpen = `stdin still open after ${timeoutMs} ms (AGENTDAG_HOOK_STDIN_TIMEOUT_MS)`;
  if (text.trim() === '') {
    input = describeInput(text);
    return fail(read.timedOut ? 'read' : 'parse', read.timedOut ? `${stillOpen}, nothing received: event lost` : 'empty stdin');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    input = describeInput(text);
    return fail(read.timedOut ? 'read' : 'parse', read.timedOut ? `${stillOpen}, ${bytes} bytes received, not a whole payload: event lost` : jsonParseErrorText(e));
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    input = describeInput(text);
    return fail('parse', 'stdin is JSON but not an object');
  }
  // Decoded with U+FFFD for bad bytes: the event is still recorded (nothing lost), and noted.
  const lossy = !isUtf8(raw);

  const dirProblem = untrustedDir(paths.dir);
  if (dirProblem) return fail('trust', dirProblem);
  let envelope: ReturnType<typeof buildEnvelope>;
  try {
    envelope = buildEnvelope(payload as Record<string, unknown>, { nowMs, host, pid: process.pid, maxChars: maxFieldChars() });
    appendJournal(paths.journal, stringifyAnyDepth(envelope) + '\n');
  } catch (e) {
    return fail('write', e);
  }
  if (read.timedOut) fail('read', `${stillOpen}; the ${bytes} bytes received were a whole payload (event ${envelope.id} recorded)`);
  if (lossy) fail('decode', `invalid UTF-8 in stdin replaced by U+FFFD (event ${envelope.id} recorded)`);
  if (envelope.event === 'SessionStart') {
    try {
      exportSessionEnv(envelope.session_id);
    } catch (e) {
      fail('env-file', e);
    }
  }
}

/** Why the data dir must not take the journal (another user's, or writable by others), or null. */
function untrustedDir(dir: string): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    return null; // not there yet: the first append creates it, 0700
  }
  const why = distrust(st);
  return why && `data dir ${dir} ${why}: refused, event lost (fix: ${trustFix(dir, true, st)})`;
}

try {
  main();
} catch {
  // main() already catches; this is the last line of defence for "exit 0 whatever happens".
}
process.exitCode = 0;
