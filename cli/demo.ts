import type { Command } from 'commander';

/** `agentdag demo`: the main job on the bundled sample data (filled in at integration). */
export function registerDemoCommand(_program: Command): void {}
