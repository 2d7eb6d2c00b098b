// The README is part of the product: every ```sh example in it is run here, against a data dir
// seeded by `agentdag demo`, with `agentdag` on PATH as a user would have it. The examples of one
// `## ` section run in order in one shell (an `export` carries over, as it would for a reader
// following along), followed by the `agentdag …` examples in that section's tables (a column
// headed "example"). A block that must not run in a test (it edits a crontab, say) is preceded by
// `<!-- not run: why -->`; it must still parse as shell.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../paths';

const root = ROOT;
const cli = CLI;

interface Section {
  title: string;
  line: number;
  /** Runnable shell, in reading order. */
  script: string[];
  skipped: { line: number; code: string; reason: string }[];
}

function sections(markdown: string): Section[] {
  const lines = markdown.split('\n');
  const out: Section[] = [];
  let current: Section = { title: '(top)', line: 1, script: [], skipped: [] };
  let exampleColumn = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) {
      out.push(current);
      current = { title: line.slice(3), line: i + 1, script: [], skipped: [] };
      continue;
    }
    if (line.trim().startsWith('```')) {
      const lang = line.trim().slice(3);
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
      if (lang !== 'sh') continue;
      const skip = /<!--\s*not run:\s*(.*?)\s*-->/.exec(lines.slice(Math.max(0, start - 3), start).join('\n'));
      if (skip) current.skipped.push({ line: start + 1, code: body.join('\n'), reason: skip[1] });
      else current.script.push(`# README.md:${start + 1}`, ...body);
      continue;
    }
    if (line.startsWith('|')) {
      const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      const header = cells.findIndex((c) => c.toLowerCase() === 'example');
      if (header >= 0) exampleColumn = header;
      else if (exampleColumn >= 0 && !/^-+$/.test(cells[0] ?? '')) {
        const m = /^`(agentdag .*)`$/.exec(cells[exampleColumn] ?? '');
        if (m) current.script.push(`# README.md:${i + 1}`, m[1].replace(/\\\|/g, '|'));
      }
    } else exampleColumn = -1;
  }
  out.push(current);
  return out;
}

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const all = sections(readme);

describe('README', () => {
  let env: NodeJS.ProcessEnv;
  let workdir: string;

  beforeAll(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-readme-'));
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'agentdag'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
    workdir = path.join(tmp, 'project');
    fs.mkdirSync(workdir);
    const home = path.join(tmp, 'data');
    env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      HOME: path.join(tmp, 'home'),
      CLAUDE_CONFIG_DIR: path.join(tmp, 'home', '.claude'),
      AGENTDAG_HOME: home,
      TZ: 'UTC',
      NO_COLOR: '1',
    };
    delete env.AGENTDAG_SESSION_ID;
    delete env.AGENTDAG_PROJECT;
    fs.mkdirSync(env.HOME!, { recursive: true });
    execFileSync(process.execPath, [cli, 'demo', '--home', home, '--json'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }, 300_000);

  it('has a quick start of exactly two commands', () => {
    const quick = /## Quick start[\s\S]*?```\w*\n([\s\S]*?)```/.exec(readme);
    expect(quick, 'a "## Quick start" section with a code block').not.toBeNull();
    const commands = quick![1].split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
  });

  it('has runnable examples', () => {
    expect(all.flatMap((s) => s.script).filter((l) => l.startsWith('agentdag ')).length).toBeGreaterThan(40);
  });

  for (const section of all) {
    for (const block of section.skipped) {
      it(`README.md:${block.line} (${section.title}) is not run (${block.reason}) but parses as shell`, () => {
        const r = spawnSync('bash', ['-n', '-c', block.code], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
      });
    }
    if (section.script.length === 0) continue;
    it(`the examples of "${section.title}" (README.md:${section.line}) run`, () => {
      const r = spawnSync('bash', ['-euxo', 'pipefail', '-c', section.script.join('\n')], { env, cwd: workdir, encoding: 'utf8', timeout: 240_000 });
      expect(r.status, `exit ${r.status}\n--- stdout (tail)\n${r.stdout.slice(-3000)}\n--- stderr (tail; + lines are the commands)\n${r.stderr.slice(-4000)}`).toBe(0);
    }, 300_000);
  }

  it('documents every command the CLI has', () => {
    const help = (args: string[]) => execFileSync(process.execPath, [cli, ...args, '--help'], { env, encoding: 'utf8' });
    const commandsOf = (text: string) => {
      // The command list runs from "Commands:" to the first blank line (examples follow it).
      const section = (text.split(/^Commands:$/m)[1] ?? '').split(/\n\s*\n/)[0];
      return section
        .split('\n')
        .map((l) => /^  (\S+)/.exec(l)?.[1])
        .filter((c): c is string => !!c && c !== 'help');
    };
    const missing: string[] = [];
    for (const top of commandsOf(help([]))) {
      if (!readme.includes(`agentdag ${top}`)) missing.push(top);
      for (const sub of commandsOf(help([top]))) {
        const name = sub.split('|')[0];
        if (!new RegExp(`agentdag ${top} ${name}\\b`).test(readme)) missing.push(`${top} ${name}`);
      }
    }
    expect(missing, 'commands without an example in README.md').toEqual([]);
  });
});
