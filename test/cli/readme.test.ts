// The README is part of the product: every ```sh example in it is run here, in order, against a
// data dir seeded by `agentdag demo`, with `agentdag` on PATH as a user would have it. A block
// that must not run in a test (it edits a crontab, say) is preceded by `<!-- not run: why -->`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');

interface Block {
  line: number;
  code: string;
  skipReason?: string;
}

function shBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
    const before = lines.slice(Math.max(0, start - 3), start).join('\n');
    const skip = /<!--\s*not run:\s*(.*?)\s*-->/.exec(before);
    blocks.push({ line: start + 1, code: body.join('\n'), skipReason: skip?.[1] });
  }
  return blocks;
}

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = shBlocks(readme);

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
    expect(blocks.filter((b) => !b.skipReason).length).toBeGreaterThan(10);
  });

  for (const block of blocks) {
    const title = `example at README.md:${block.line}: ${block.code.split('\n')[0].slice(0, 70)}`;
    if (block.skipReason) {
      it(`${title} is not run (${block.skipReason}) but parses as shell`, () => {
        const r = spawnSync('bash', ['-n', '-c', block.code], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
      });
      continue;
    }
    it(title, () => {
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block.code], { env, cwd: workdir, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).toBe(0);
    });
  }

  it('documents every command the CLI has', () => {
    const help = (args: string[]) => execFileSync(process.execPath, [cli, ...args, '--help'], { env, encoding: 'utf8' });
    const commandsOf = (text: string) => {
      const section = text.split(/^Commands:$/m)[1] ?? '';
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
