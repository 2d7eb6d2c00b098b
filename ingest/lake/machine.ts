// The name this machine goes by in a team lake (its DIR/raw/<table>/host=<name>/ folders and the
// `host` of every fact it brought): AGENTDAG_HOST when set (tests play several machines on one),
// else the operating system's host name.
import * as os from 'node:os';
import { UserError } from '../../core/errors';

/** Letters, digits, dot, dash, underscore: safe as a folder name on every file system and in a Hive path. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function machineName(env: NodeJS.ProcessEnv = process.env): string {
  const name = (env.AGENTDAG_HOST ?? '').trim() || os.hostname();
  if (!SAFE.test(name)) {
    throw new UserError(
      `this machine's name "${name}" cannot name a folder in the lake`,
      'set AGENTDAG_HOST to letters, digits, dots, dashes or underscores, e.g. export AGENTDAG_HOST=laptop-ana',
      2,
    );
  }
  return name;
}
