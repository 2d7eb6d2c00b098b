import type { Command } from 'commander';

/** `agentdag ingest` (filled in by the ingest work). */
export function registerIngestCommand(_program: Command): void {}
