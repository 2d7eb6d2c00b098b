// Liveness from hooks: an agent that forgets to heartbeat is still visibly working when its Claude
// Code session keeps writing hook events (one per tool call). Before the sweeper reclaims an
// expired lease it asks here when the claiming session was last seen, reading the journal from its
// end (journal.jsonl, then the newest closed segment in journal/), at most TAIL_BYTES of each. Only
// the sweeper reads, only when a lease expired, and the hook never touches the task graph.
// The journal is this machine's: with a shared PostgreSQL graph, a session on another machine is
// seen only by that machine's sweeps (agents there heartbeat as before).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** session id → ISO time of its newest hook event, for the sessions asked about that were seen. */
export type LastSeen = (sessions: readonly string[]) => Map<string, string>;

/** How far back from each file's end to look: ~1,000 hook events of ~1 KB. */
const TAIL_BYTES = 1024 * 1024;

function tail(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    const text = buf.toString('utf8');
    // A window that starts mid-line drops that partial first line.
    return length < size ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    fs.closeSync(fd);
  }
}

function newestSegment(dir: string): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return null;
  }
  names.sort(); // segment names start with a sortable UTC stamp
  return names.length ? path.join(dir, names[names.length - 1]) : null;
}

/** Newest line first: each wanted session's newest `ts`. */
function scan(text: string, wanted: Set<string>, found: Map<string, string>): void {
  let end = text.length;
  while (end > 0 && found.size < wanted.size) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (!line.includes('"session_id"')) continue;
    let ev: { session_id?: unknown; ts?: unknown };
    try {
      ev = JSON.parse(line);
    } catch {
      continue; // a torn or foreign line
    }
    if (typeof ev.session_id === 'string' && wanted.has(ev.session_id) && !found.has(ev.session_id) && typeof ev.ts === 'string' && Number.isFinite(Date.parse(ev.ts))) {
      found.set(ev.session_id, ev.ts);
    }
  }
}

/** The journal's liveness reader for a data dir (`journal`: journal.jsonl, `segments`: journal/). */
export function journalLastSeen(paths: { journal: string; segments: string }): LastSeen {
  return (sessions) => {
    const wanted = new Set(sessions);
    const found = new Map<string, string>();
    if (!wanted.size) return found;
    scan(tail(paths.journal), wanted, found);
    const segment = found.size < wanted.size ? newestSegment(paths.segments) : null;
    if (segment) scan(tail(segment), wanted, found);
    return found;
  };
}
