// The run's temp folder (test/temp-root.ts) reaches the tests and the processes they start, so
// what they leave behind is removed with it at the end of the run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('test temp folder', () => {
  const root = process.env.AGENTDAG_TEST_TMP;

  it('is one folder of this run, and os.tmpdir() in the test worker points into it', () => {
    expect(root).toMatch(/agentdag-test-run-/);
    expect(os.tmpdir()).toBe(root);
    expect(fs.statSync(root!).isDirectory()).toBe(true);
  });

  it('is what a child process started by a test uses as well', () => {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("os").tmpdir())'], { encoding: 'utf8' });
    expect(r.stdout).toBe(root);
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-probe-'));
    expect(path.dirname(made)).toBe(root);
  });
});
