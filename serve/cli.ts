import type { Command } from 'commander';

/** `agentdag serve` (filled in by the analytics work). */
export function registerServeCommand(_program: Command): void {}
