import type { Command } from 'commander';

/** `agentdag hooks install|uninstall|status` (filled in by the hooks work). */
export function registerHooksCommands(_program: Command): void {}
