import type { Command } from 'commander';

/** `agentdag report|sql|export` (filled in by the warehouse-model work). */
export function registerAnalystCommands(_program: Command): void {}
