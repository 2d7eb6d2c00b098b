// Who is acting. Inside Claude Code the SessionStart hook writes AGENTDAG_SESSION_ID into
// CLAUDE_ENV_FILE, so every Bash call of that session carries it: `agentdag task go` then records
// the session without the agent saying anything. An explicit --agent names the agent instead, and
// the session id is still kept in its own column (the warehouse joins claims to sessions by it).
import * as os from 'node:os';

export interface Actor {
  /** Who is acting: --agent, else $AGENTDAG_SESSION_ID, else user@host. */
  agent: string;
  /** The Claude Code session, when known ($AGENTDAG_SESSION_ID). */
  session: string | null;
  /** Take over a task another agent holds. */
  force?: boolean;
  /**
   * The caller named this identity (--agent, an MCP `agent` argument, or AGENTDAG_AGENT). An
   * inferred one (the session, user@host, an MCP connection) may finish a task another identity
   * claimed (lenient done: one agent's go and done often carry different identities); an explicit,
   * different one is refused unless it forces.
   */
  explicit?: boolean;
}

export function defaultAgent(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENTDAG_SESSION_ID) return env.AGENTDAG_SESSION_ID;
  if (env.AGENTDAG_AGENT) return env.AGENTDAG_AGENT;
  let user = 'user';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the placeholder
  }
  return `${user}@${os.hostname()}`;
}

export function actor(opts: ActorOptions, env: NodeJS.ProcessEnv = process.env): Actor {
  const named = opts.agent?.trim();
  const agent = named || opts.fallbackAgent || defaultAgent(env);
  const explicit = !!named || (!opts.fallbackAgent && !env.AGENTDAG_SESSION_ID && !!env.AGENTDAG_AGENT);
  return { agent, session: opts.session?.trim() || env.AGENTDAG_SESSION_ID || null, force: !!opts.force, explicit };
}

/** The identity options every acting command takes (CLI --agent/--force, MCP agent/force). */
export interface ActorOptions {
  agent?: string;
  force?: boolean;
  /** The Claude Code session, when the edge knows it (an MCP `session` argument); else $AGENTDAG_SESSION_ID. */
  session?: string;
  /** The identity to use when none is named (an MCP connection's own), before the environment's. */
  fallbackAgent?: string;
}
