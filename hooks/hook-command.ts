// The shell command Claude Code runs for every hook event, and how we recognise it again.
//
//   NODE_EXTRA_CA_CERTS= AGENTDAG_HOME=/abs/data /abs/bin/node /abs/dist/hooks/hook.js
//
// - absolute node and hook paths: Claude Code runs hooks with its own PATH and cwd (the session's
//   current directory, which moves with `cd`), so nothing relative is safe;
// - NODE_EXTRA_CA_CERTS blanked: loading a CA bundle costs ~47 ms per node start (×3 the whole
//   hook) and the hook makes no TLS call; an empty value skips the load (perf-baselines §1a);
// - AGENTDAG_HOME (and AGENTDAG_MAX_FIELD_CHARS) as set at install time, so the hook writes where
//   the installing user wanted whatever environment Claude Code was started from.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Prefix every command we install starts with: with the hook path at the end it marks our entries. */
export const COMMAND_PREFIX = 'NODE_EXTRA_CA_CERTS= ';

export interface HookCommandSpec {
  nodePath: string;
  hookPath: string;
  agentdagHome?: string;
  maxFieldChars?: string;
}

/** Quote for sh: bare when only safe characters, else single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook to register: dist/hooks/run-hook.js (the bundled, code-cached loader that hooks/bundle.ts
 * writes after tsc), else tsc's plain dist/hooks/hook.js (same behaviour, ~2-5 ms slower to start).
 */
export function compiledHookPath(): string {
  const bundled = path.join(__dirname, 'run-hook.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'hook.js');
}

export function hookSpecFromEnv(env: NodeJS.ProcessEnv = process.env): HookCommandSpec {
  return {
    nodePath: process.execPath,
    hookPath: fs.realpathSync(compiledHookPath()),
    agentdagHome: env.AGENTDAG_HOME ? path.resolve(env.AGENTDAG_HOME) : undefined,
    maxFieldChars: env.AGENTDAG_MAX_FIELD_CHARS || undefined,
  };
}

export function hookCommand(spec: HookCommandSpec): string {
  let cmd = COMMAND_PREFIX;
  if (spec.agentdagHome) cmd += `AGENTDAG_HOME=${shellQuote(spec.agentdagHome)} `;
  if (spec.maxFieldChars) cmd += `AGENTDAG_MAX_FIELD_CHARS=${shellQuote(spec.maxFieldChars)} `;
  return cmd + `${shellQuote(spec.nodePath)} ${shellQuote(spec.hookPath)}`;
}

/** Split a command written by hookCommand() back into words (sh single-quote rules only). */
function shellWords(cmd: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  while (i < cmd.length) {
    while (cmd[i] === ' ') i++;
    if (i >= cmd.length) break;
    let w = '';
    while (i < cmd.length && cmd[i] !== ' ') {
      if (cmd[i] === "'") {
        const end = cmd.indexOf("'", i + 1);
        if (end < 0) return null;
        w += cmd.slice(i + 1, end);
        i = end + 1;
      } else if (cmd[i] === '\\') {
        w += cmd[i + 1] ?? '';
        i += 2;
      } else w += cmd[i++];
    }
    words.push(w);
  }
  return words;
}

/** True for a command agentdag installed (any version, any install location). */
export function isAgentdagCommand(cmd: unknown): boolean {
  if (typeof cmd !== 'string' || !cmd.startsWith(COMMAND_PREFIX)) return false;
  const words = shellWords(cmd);
  const last = words?.[words.length - 1];
  return !!last && /(^|\/)hooks\/(?:run-)?hook\.js$/.test(last);
}

/** The parts of one of our commands, or null when it is not ours. */
export function parseHookCommand(cmd: unknown): HookCommandSpec | null {
  if (!isAgentdagCommand(cmd)) return null;
  const words = shellWords(cmd as string)!;
  const spec: HookCommandSpec = { nodePath: words[words.length - 2] ?? '', hookPath: words[words.length - 1] };
  for (const w of words.slice(0, -2)) {
    if (w.startsWith('AGENTDAG_HOME=')) spec.agentdagHome = w.slice('AGENTDAG_HOME='.length);
    if (w.startsWith('AGENTDAG_MAX_FIELD_CHARS=')) spec.maxFieldChars = w.slice('AGENTDAG_MAX_FIELD_CHARS='.length);
  }
  return spec;
}
