// The one way tests reach the product: in-process through the TypeScript sources (plain imports),
// as a process through the compiled build that users run (these paths; `npm test` builds first).
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
/** The `agentdag` command as installed (package.json "bin"). */
export const CLI = path.join(ROOT, 'dist', 'cli', 'index.js');
/** The hook entry `agentdag hooks install` registers. */
export const HOOK = path.join(ROOT, 'dist', 'hooks', 'run-hook.js');
/** The demo's sample Claude Code runs (product data; tests may read them). */
export const SAMPLES = path.join(ROOT, 'data', 'samples', 'claude-code');
