// vitest globalSetup: one temp folder per test run, removed when the run ends.
//
// Tests make a fresh home (journal, warehouse, task store) with mkdtemp for each case and many
// never remove it: a day of test runs on the dev VM had left ~5,900 folders and 51 GB in /tmp.
// Pointing TMPDIR at a per-run folder catches all of them, including
// those made by the child processes tests start (the CLI, hooks, Claude Code), without asking
// every test to clean up after itself. Workers are forked after global setup, so they inherit it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { chooseBrowser } from './serve/browser';

let made: string | null = null;

export async function setup(project: TestProject): Promise<void> {
  makeRunFolder();
  // The bundled Chromium unpacks itself into os.tmpdir() on first use (~3 s, 200 MB). Two browser
  // test files running at once would both unpack it into this run's fresh folder, one launching
  // the other's half-written copy: unpack it once here, before the slow tier's workers start.
  if (project.name === 'slow') await chooseBrowser();
}

function makeRunFolder(): void {
  if (process.env.AGENTDAG_TEST_TMP) return; // another project's setup made it for this run
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-test-run-'));
  // Traversable by others: the PostgreSQL cluster (test/state/pg-setup.ts) runs as the postgres
  // user in a folder of its own inside; each test's own folder is still mkdtemp's 0700.
  fs.chmodSync(root, 0o711);
  made = root;
  process.env.AGENTDAG_TEST_TMP = root;
  process.env.TMPDIR = root;
}

export function teardown(): void {
  if (!made) return;
  if (process.env.AGENTDAG_KEEP_TEST_TMP === '1') {
    process.stderr.write(`note: test temp files kept in ${made} (AGENTDAG_KEEP_TEST_TMP=1)\n`);
    return;
  }
  fs.rmSync(made, { recursive: true, force: true, maxRetries: 3 });
  made = null;
}
