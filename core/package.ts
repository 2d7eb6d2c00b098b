import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package root (where package.json, sql/ and test fixtures live), from dist/cli or cli/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the agentdag package root above ${__dirname}`);
}

export function version(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}
