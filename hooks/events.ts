// Claude Code hook events agentdag records.

/** Every event in the Agent SDK's HOOK_EVENTS (sdk.d.ts of @anthropic-ai/claude-agent-sdk 0.3.330). */
export const KNOWN_HOOK_EVENTS = [
  'SessionStart',
  'SessionEnd',
  'Setup',
  'InstructionsLoaded',
  'UserPromptSubmit',
  'UserPromptExpansion',
  'PreToolUse',
  'PermissionRequest',
  'PermissionDenied',
  'PostToolUse',
  'PostToolUseFailure',
  'PostToolBatch',
  'SubagentStart',
  'SubagentStop',
  'Stop',
  'StopFailure',
  'PreCompact',
  'PostCompact',
  'TaskCreated',
  'TaskCompleted',
  'TeammateIdle',
  'Notification',
  'MessageDisplay',
  'PreModelSwitch',
  'PostModelSwitch',
  'Elicitation',
  'ElicitationResult',
  'ConfigChange',
  'CwdChanged',
  'FileChanged',
  'DirectoryAdded',
  'WorktreeCreate',
  'WorktreeRemove',
] as const;

/**
 * Left out by default: a WorktreeCreate/WorktreeRemove command hook takes over creating and
 * removing the worktree itself (Claude Code then expects the hook to do it), so a record-only hook
 * would break EnterWorktree. Install them explicitly with --events if you really want them.
 */
export const NOT_BY_DEFAULT: readonly string[] = ['WorktreeCreate', 'WorktreeRemove'];

/** Every event that feeds the warehouse: all known events but the two above. */
export const DEFAULT_HOOK_EVENTS: readonly string[] = KNOWN_HOOK_EVENTS.filter((e) => !NOT_BY_DEFAULT.includes(e));

/**
 * Events installed without `async` even with `hooks install --async`. Claude Code waits for these:
 * - SessionStart: the hook writes AGENTDAG_SESSION_ID into CLAUDE_ENV_FILE, read once hooks finish;
 * - Stop, StopFailure, SessionEnd: the end of a turn or run. Measured with the real 2.1.330 client
 *   (test/e2e): with these async too, Stop and SessionEnd were lost in every headless run (the
 *   process exits first); with these four synchronous and every other event async, every hook call
 *   of a-basic-tools, b-one-subagent and c-parallel-subagents landed (6 of 6 runs), and runs took
 *   ~35 % less wall time (Claude Code stops waiting ~40 ms per hook call).
 * That is why `--async` is opt-in and not the default: in a later run on a loaded machine (a
 * property test running beside it) one async PostToolBatch of c-parallel-subagents never reached
 * the journal. Claude Code does not wait for async hooks, so when it is busy or exits, a hook
 * still starting can be lost; synchronous hooks lost none in any run.
 */
export const ALWAYS_SYNC_EVENTS: readonly string[] = ['SessionStart', 'Stop', 'StopFailure', 'SessionEnd'];

/** Parse `--events`: a comma-separated list, or `default` / `all`. Unknown names are kept (future events). */
export function parseEventList(value: string | undefined): { events: string[]; unknown: string[]; invalid: string[] } {
  if (!value || value === 'default') return { events: [...DEFAULT_HOOK_EVENTS], unknown: [], invalid: [] };
  const names = value === 'all' ? [...KNOWN_HOOK_EVENTS] : value.split(',').map((s) => s.trim()).filter(Boolean);
  const events: string[] = [];
  for (const n of names) if (!events.includes(n)) events.push(n);
  return {
    events,
    unknown: events.filter((e) => !(KNOWN_HOOK_EVENTS as readonly string[]).includes(e)),
    invalid: events.filter((e) => !/^[A-Za-z][A-Za-z0-9]*$/.test(e)),
  };
}
