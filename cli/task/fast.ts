// The agent's fast path: `task go` and `task done` without commander. cli/index.ts loads this as
// one bundled, code-cached script (cli/task/bundle.ts) holding it, state/ and core/: measured in
// `npm run bench -- tasks` against `node -e 0`. The same checks, actions and error report as the
// commander path, so both print the same bytes.
import { checkField } from '../../state/limits';
import { reportError } from '../report-error';
import type { FastCall } from './fast-argv';
import { doneAction, goAction } from './work';

export async function runFast(call: FastCall, argv: string[]): Promise<void> {
  try {
    for (const [name, value] of Object.entries(call.opts)) checkField(name, value);
    if (call.id !== undefined) checkField('id', call.id, { positional: true });
    if (call.command === 'go') await goAction(call.opts);
    else await doneAction(call.id!, call.opts);
  } catch (e) {
    reportError(e, argv);
  }
}
