import type { Command } from 'commander';

/** `agentdag task …` and `agentdag mcp` (filled in by the task-graph work). */
export function registerTaskCommands(_program: Command): void {}
