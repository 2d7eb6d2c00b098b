// The browser the page tests drive with playwright-core: a system Chromium or Chrome when there is
// one, else the one `npm ci` installs (@sparticuz/chromium, a devDependency that ships a headless
// Chromium inside the npm package and unpacks it into os.tmpdir() on first use), so `npm test` passes on a
// machine with only Node. AGENTDAG_CHROMIUM=/path picks a browser; AGENTDAG_CHROMIUM=bundled skips
// the system ones (how the fresh-machine path is tested on a machine that has one).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const SYSTEM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserChoice {
  executable: string;
  args: string[];
  /** Where it came from, for the test log: "system" or "@sparticuz/chromium". */
  source: string;
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

export async function chooseBrowser(): Promise<BrowserChoice> {
  const wanted = process.env.AGENTDAG_CHROMIUM;
  if (wanted && wanted !== 'bundled') {
    if (!fs.existsSync(wanted)) throw new Error(`AGENTDAG_CHROMIUM=${wanted} does not exist: unset it (the bundled @sparticuz/chromium is used then) or point it at a Chromium/Chrome`);
    return { executable: wanted, args: SYSTEM_ARGS, source: 'AGENTDAG_CHROMIUM' };
  }
  if (!wanted) {
    const found = SYSTEM_BROWSERS.find((f) => fs.existsSync(f)) ?? ON_PATH.map(onPath).find((f): f is string => f !== null);
    if (found) return { executable: found, args: SYSTEM_ARGS, source: 'system' };
  }
  const { default: bundled } = await import('@sparticuz/chromium');
  return { executable: await bundled.executablePath(), args: bundled.args, source: '@sparticuz/chromium' };
}

export async function launchBrowser(): Promise<{ browser: Browser; choice: BrowserChoice }> {
  const choice = await chooseBrowser();
  process.stderr.write(`browser: ${choice.executable} (${choice.source})\n`);
  const { chromium } = await import('playwright-core');
  return { browser: await chromium.launch({ executablePath: choice.executable, args: choice.args }), choice };
}
