// All of the hook's stdin, with a deadline of its own. Claude Code writes the payload and closes
// stdin; a stdin that stays open would otherwise block the hook until Claude Code kills it (10 s
// with `hooks install`'s timeout, 600 s without one), and the event would be lost without a line
// in hook-errors.log. The deadline is below that timeout, so the hook can still say what happened
// (and record the payload when what arrived is a complete one).
//
// A blocking read cannot be interrupted from JavaScript, and an fs.read in libuv's thread pool
// would keep the process alive after the deadline (measured: process.exit waited for it). So the
// descriptor is made non-blocking and read in a loop. Node has no public call for that on fd 0:
// libuv's pipe handle sets O_NONBLOCK when it adopts a descriptor, and `process.binding('pipe_wrap')`
// reaches it in microseconds (`process.stdin` costs ~5-7 ms of module loading per call, measured;
// reopening /proc/self/fd/0 works for a FIFO but not for the socket Node-based parents give).
// When that is not available, the read blocks as before.
//
// node-only: the hook loads it.
import * as fs from 'node:fs';

/** Default deadline: half of the 10 s timeout `agentdag hooks install` registers. */
export const DEFAULT_STDIN_TIMEOUT_MS = 5000;

/** `AGENTDAG_HOOK_STDIN_TIMEOUT_MS` when it is a positive number, else the default. */
export function stdinTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.AGENTDAG_HOOK_STDIN_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_STDIN_TIMEOUT_MS;
}

export interface StdinRead {
  data: Buffer;
  /** The deadline passed before stdin closed: `data` is what had arrived by then. */
  timedOut: boolean;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Put a pipe or socket stdin in non-blocking mode; false when it is something else or that is not possible. */
function makeNonBlocking(fd: number): boolean {
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFIFO() && !st.isSocket()) return false; // a file ends; a terminal is a person typing
    const proc = process as unknown as { binding(name: string): { Pipe: new (type: number) => { open(fd: number): number }; constants: { SOCKET: number } }; noDeprecation?: boolean };
    const quiet = proc.noDeprecation;
    proc.noDeprecation = true; // process.binding warns under --pending-deprecation; the hook prints nothing
    try {
      const { Pipe, constants } = proc.binding('pipe_wrap');
      return new Pipe(constants.SOCKET).open(fd) === 0;
    } finally {
      proc.noDeprecation = quiet;
    }
  } catch {
    return false;
  }
}

/**
 * Read fd 0 to its end, or until `timeoutMs` has passed with stdin still open. Waits between
 * empty reads grow from 0.05 ms to 2 ms: a payload larger than the socket buffer arrives in
 * pieces, and each pause should cost little.
 */
export function readStdin(timeoutMs: number): StdinRead {
  makeNonBlocking(0);
  const deadline = Date.now() + timeoutMs;
  const chunks: Buffer[] = [];
  let buf = Buffer.allocUnsafe(1 << 16);
  let pos = 0;
  const all = () => Buffer.concat([...chunks, buf.subarray(0, pos)]);
  let wait = 0.05;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, pos, buf.length - pos, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') break; // Windows: a closed pipe
      if (code !== 'EAGAIN') throw e;
      if (Date.now() >= deadline) return { data: all(), timedOut: true };
      sleepMs(wait);
      wait = Math.min(2, wait * 2);
      continue;
    }
    if (n === 0) break;
    wait = 0.05;
    pos += n;
    if (pos === buf.length) {
      chunks.push(buf);
      buf = Buffer.allocUnsafe(Math.min(buf.length * 4, 4 << 20));
      pos = 0;
    }
  }
  return { data: chunks.length === 0 ? buf.subarray(0, pos) : all(), timedOut: false };
}
