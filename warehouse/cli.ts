import type { Command } from 'commander';

/** `agentdag ingest|report|sql|export` (filled in by the warehouse work). */
export function registerWarehouseCommands(_program: Command): void {}
