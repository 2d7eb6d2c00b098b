// Build step (scripts/post-build.js): the agent's fast path (cli/task/fast.ts) and everything it
// requires from cli/, state/ and core/ in one file, dist/cli/task/fast.bundle.js; npm packages
// (better-sqlite3; pg only when the graph is in PostgreSQL) stay real requires. cli/index.ts runs
// it with V8's code cache, as the hook does (hooks/bundle.ts says why a bundle and a cache).
import * as path from 'node:path';
import { writeBundle } from '../../hooks/bundle';

export const FAST_BUNDLE = 'fast.bundle.js';

export function bundleTaskCli(distRoot: string): string {
  const file = path.join(distRoot, 'cli', 'task', FAST_BUNDLE);
  writeBundle(distRoot, 'cli/task/fast', file, { folders: /^(cli|state|core)\//, npm: true, inline: ['better-sqlite3'], who: 'the fast CLI path' });
  return file;
}
