// Opening a file ingest reads (a transcript, a subagent's meta.json) without ever waiting on
// anyone: O_NONBLOCK, so a FIFO put where a transcript should be opens at once instead of
// blocking until a writer comes (a FIFO as transcript_path made ingest hang forever, holding the
// lock), and then only a regular file is kept: a FIFO, a socket, a device (/dev/zero never ends)
// or a directory is refused before anything is read. Reads of a regular local file do not block,
// so every read that follows has a bounded time.
import * as fs from 'node:fs';

/** "a directory", "a FIFO (named pipe)"…: what a path is when it is not a regular file. */
export function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export class NotRegularFile extends Error {
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`${file} is ${kind}, not a regular file`);
  }
}

/** An fd open for reading on a regular file; throws NotRegularFile (or the open's own error, e.g. EACCES). */
export function openRegular(file: string): number {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  const st = fs.fstatSync(fd);
  if (st.isFile()) return fd;
  fs.closeSync(fd);
  throw new NotRegularFile(file, fileKind(st));
}

/** A whole regular file, as openRegular admits it. */
export function readRegular(file: string, encoding: BufferEncoding = 'utf8'): string {
  const fd = openRegular(file);
  try {
    return fs.readFileSync(fd, encoding);
  } finally {
    fs.closeSync(fd);
  }
}
