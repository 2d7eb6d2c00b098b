import * as fs from 'node:fs';

/**
 * Read `length` bytes of an open file at `start`, looping over short reads; fewer bytes come back
 * only at the end of the file. Shared by the journal scanner and the transcript reader.
 */
export function readAt(fd: number, start: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}
