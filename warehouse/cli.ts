import type { Command } from 'commander';
import { registerIngestCommand } from '../ingest/cli';
import { registerAnalystCommands } from './analyst-cli';

/** `agentdag ingest` (ingest/cli.ts) and `agentdag report|sql|export` (warehouse/analyst-cli.ts). */
export function registerWarehouseCommands(program: Command): void {
  registerIngestCommand(program);
  registerAnalystCommands(program);
}
