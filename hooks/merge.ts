// Put our hook entries into a Claude Code settings object, or take them out, touching nothing else.
//
// Settings shape: { "hooks": { "<Event>": [ { "matcher"?: "...", "hooks": [ {"type":"command","command":"...","timeout":10} ] } ] } }
// Our entry is one matcher group per event, without a matcher (= every occurrence), holding one
// command hook. Entries are ours when isAgentdagCommand() says so; everything else is left alone,
// in place and in order.
import { isAgentdagCommand } from './hook-command';
import type { Settings } from './settings-file';

export interface HookEntry {
  type: 'command';
  command: string;
  timeout: number;
  async?: boolean;
}

export interface MergeResult {
  settings: Settings;
  /** Events that got our entry. */
  added: string[];
  /** Events whose entry of ours was replaced (other command, timeout or async). */
  updated: string[];
  /** Events whose entry of ours was taken out. */
  removed: string[];
  /** Events that already held exactly the wanted entry. */
  unchanged: string[];
}

type Group = { matcher?: unknown; hooks?: unknown[] } & Record<string, unknown>;

const isOurs = (h: unknown) => !!h && typeof h === 'object' && isAgentdagCommand((h as Record<string, unknown>).command);

function sameEntry(a: unknown, b: HookEntry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Make our entries exactly `wanted` (event → entry): add missing ones, replace changed ones, remove
 * ours from events not in `wanted`. `wanted` empty = uninstall. Does not mutate `input`.
 */
export function mergeHooks(input: Settings, wanted: Map<string, HookEntry>): MergeResult {
  const settings: Settings = JSON.parse(JSON.stringify(input));
  const result: MergeResult = { settings, added: [], updated: [], removed: [], unchanged: [] };
  const hadHooks = Object.prototype.hasOwnProperty.call(settings, 'hooks');
  if (hadHooks && (settings.hooks === null || typeof settings.hooks !== 'object' || Array.isArray(settings.hooks))) {
    throw new Error('"hooks" in the settings file is not an object');
  }
  const hooks = (settings.hooks ?? {}) as Record<string, unknown>;
  const events = [...Object.keys(hooks), ...[...wanted.keys()].filter((e) => !(e in hooks))];
  for (const event of events) {
    const entry = wanted.get(event);
    const groups = Array.isArray(hooks[event]) ? (hooks[event] as Group[]) : [];
    if (!Array.isArray(hooks[event]) && event in hooks && !entry) continue; // not a list: not ours to touch
    let kept = false;
    let hadOurs = false;
    const out: Group[] = [];
    for (const g of groups) {
      const list = g && typeof g === 'object' && Array.isArray(g.hooks) ? g.hooks : null;
      if (!list || !list.some(isOurs)) {
        out.push(g);
        continue;
      }
      hadOurs = true;
      if (entry && !kept && list.length === 1 && g.matcher === undefined && Object.keys(g).length === 1 && sameEntry(list[0], entry)) {
        out.push(g);
        kept = true;
        continue;
      }
      const rest = list.filter((h) => !isOurs(h));
      if (rest.length) out.push({ ...g, hooks: rest });
    }
    if (entry && !kept) out.push({ hooks: [entry] });
    if (entry) {
      if (kept) result.unchanged.push(event);
      else if (hadOurs) result.updated.push(event);
      else result.added.push(event);
    } else if (hadOurs) result.removed.push(event);
    if (!hadOurs && !entry) continue;
    if (out.length) hooks[event] = out;
    else delete hooks[event];
  }
  if (Object.keys(hooks).length) settings.hooks = hooks;
  else if (hadHooks && Object.keys(input.hooks as object).length === 0) settings.hooks = hooks; // was {} before: keep it
  else delete settings.hooks;
  return result;
}

/** Events that hold one of our entries, and those entries. */
export function installedEntries(settings: Settings): Map<string, HookEntry> {
  const found = new Map<string, HookEntry>();
  const hooks = settings.hooks;
  if (!hooks || typeof hooks !== 'object') return found;
  for (const [event, groups] of Object.entries(hooks as Record<string, unknown>)) {
    if (!Array.isArray(groups)) continue;
    for (const g of groups as Group[]) {
      const h = g && Array.isArray(g.hooks) ? g.hooks.find(isOurs) : undefined;
      if (h) {
        found.set(event, h as HookEntry);
        break;
      }
    }
  }
  return found;
}
