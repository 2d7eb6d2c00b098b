// The name this machine goes by: the `host` of its sessions and facts, and of its folders in a team
// lake (DIR/raw/<table>/host=<name>/). AGENTDAG_HOST when set (tests play several machines on one),
// else the operating system's host name, with anything unsafe in a folder name replaced by "-".
import * as os from 'node:os';
import { UserError } from './errors';

/** Letters, digits, dot, dash, underscore: safe as a folder name on every file system and in a Hive path. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function machineName(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = (env.AGENTDAG_HOST ?? '').trim();
  if (!chosen) {
    const name = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
    return name || 'localhost';
  }
  if (!SAFE.test(chosen)) {
    throw new UserError(
      `AGENTDAG_HOST="${chosen}" cannot name this machine`,
      'set AGENTDAG_HOST to letters, digits, dots, dashes or underscores, e.g. export AGENTDAG_HOST=laptop-ana',
      2,
    );
  }
  return chosen;
}
