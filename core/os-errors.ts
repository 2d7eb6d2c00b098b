// Operating-system errors (a full disk, a directory where a file was expected, no permission)
// worded for people: which file, what is wrong, what to do. Node's `EISDIR: illegal operation on a
// directory, read` and DuckDB's `FATAL Error: Failed to create checkpoint because of error: Could not
// write file "…": No space left on device` name neither the fix nor, often, the file.
import { UserError } from './errors';

const q = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;

/** The file an error is about: Node's `path`, or the quoted path in a DuckDB message. */
function fileOf(e: NodeJS.ErrnoException): string | undefined {
  if (typeof e.path === 'string') return e.path;
  return /(?:file|directory) "([^"]+)"/.exec(e.message ?? '')?.[1];
}

/**
 * A UserError for an OS-level failure, or null when `e` is something else. `dataDir` is named
 * in the fix for a full disk (moving the data dir is one way out).
 */
export function userErrorFromOs(e: unknown, dataDir?: string): UserError | null {
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException;
  const file = fileOf(err);
  const where = file ? ` (${file})` : '';
  if (err.code === 'ENOSPC' || /No space left on device/i.test(err.message)) {
    const dir = dataDir ?? file ?? '.';
    return new UserError(
      `no space left on the disk${where}`,
      `free some space (df -h ${q(dir)}), or move the data dir to a bigger disk (export AGENTDAG_HOME=/path/on/bigger/disk); then run the command again: what was committed is kept`,
    );
  }
  if (!file) return null;
  switch (err.code) {
    case 'EISDIR':
      return new UserError(`${file} is a directory, where a file was expected`, `pass a file, or move the directory away: mv ${q(file)} ${q(file + '.moved')}`);
    case 'ENOTDIR':
      return new UserError(`${file}: part of this path is a file, where a directory was expected`, `check the path (ls -ld ${q(file)}) and pass a directory`);
    case 'EACCES':
    case 'EPERM':
      return new UserError(`permission denied: ${file}`, `check its owner and mode (ls -ld ${q(file)}): it must be yours, or set AGENTDAG_HOME to a directory you own`);
    case 'EROFS':
      return new UserError(`${file} is on a read-only file system`, 'set AGENTDAG_HOME (or the path you passed) to a writable place');
    case 'ELOOP':
      return new UserError(`${file} is a symbolic link agentdag will not follow`, `replace it with a real file or directory (rm ${q(file)})`);
    default:
      return null;
  }
}
