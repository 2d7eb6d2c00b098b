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
// - Failures go to <dataDir>/hook-errors.log (one short JSON line) when that is writable.
// - No SQLite, DuckDB or network.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { dataDir, dataPaths, DIR_MODE, FILE_MODE } from '../state/data-dir';
import { maxFieldChars } from './cap';
import { buildEnvelope } from './envelope';
import { shellQuote } from './hook-command';
import { redactText } from './redact';

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
 */
function appendLine(file: string, line: string): void {
  const buf = Buffer.from(line, 'utf8');
  let fd: number;
  try {
    fd = fs.openSync(file, 'a+', FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: DIR_MODE });
    fd = fs.openSync(file, 'a+', FILE_MODE);
  }
  try {
    const written = fs.writeSync(fd, buf);
    if (written < buf.length) {
      undoShortWrite(fd, buf, written);
      throw new Error(`ENOSPC? short write: ${written} of ${buf.length} bytes stored, fragment removed`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * All of stdin. readFileSync(0) is the fast path; a non-blocking stdin (inherited O_NONBLOCK pipe)
 * makes it throw EAGAIN, so then read in a loop, waiting for data, until EOF (bounded to 10 s).
 */
function readStdin(): Buffer {
  try {
    return fs.readFileSync(0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
  }
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(1 << 16);
  const deadline = Date.now() + 10_000;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() > deadline) throw e;
      sleepMs(2);
      continue;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
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
  let head = '';
  const fail = (stage: string, error: unknown) => {
    try {
      const message = error instanceof Error ? error.message : String(error);
      const record: Record<string, unknown> = { ts: new Date(nowMs).toISOString(), host, pid: process.pid, stage, error: redactText(message.slice(0, 300)).text, bytes };
      if (head) record.head = redactText(head).text;
      appendLine(paths.hookErrors, JSON.stringify(record) + '\n');
    } catch {
      // The data dir is not writable either: stay silent, Claude Code must not notice.
    }
  };

  let raw: Buffer;
  try {
    raw = readStdin();
  } catch (e) {
    return fail('read', e);
  }
  bytes = raw.length;
  let text = raw.toString('utf8');
  head = text.slice(0, 120);
  if (text.trim() === '') return fail('parse', 'empty stdin');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    return fail('parse', e);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return fail('parse', 'stdin is JSON but not an object');
  // Decoded with U+FFFD for bad bytes: the event is still recorded (nothing lost), and noted.
  const lossy = !isUtf8(raw);

  let envelope: ReturnType<typeof buildEnvelope>;
  try {
    envelope = buildEnvelope(payload as Record<string, unknown>, { nowMs, host, pid: process.pid, maxChars: maxFieldChars() });
    appendLine(paths.journal, JSON.stringify(envelope) + '\n');
  } catch (e) {
    return fail('write', e);
  }
  head = '';
  if (lossy) fail('decode', `invalid UTF-8 in stdin replaced by U+FFFD (event ${envelope.id} recorded)`);
  if (envelope.event === 'SessionStart') {
    try {
      exportSessionEnv(envelope.session_id);
    } catch (e) {
      fail('env-file', e);
    }
  }
}

try {
  main();
} catch {
  // main() already catches; this is the last line of defence for "exit 0 whatever happens".
}
process.exitCode = 0;
