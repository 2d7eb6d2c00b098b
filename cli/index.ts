#!/usr/bin/env node
// The `agentdag` entry. An agent runs `agentdag task go` and `agentdag task done ID` for every
// task, so those two start without commander or any other command's module: one bundled script
// (dist/cli/task/fast.bundle.js) compiled with V8's code cache, as the hook is. Everything else,
// --help included, goes to the commander program (cli/program.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { fastCall, type FastCall } from './task/fast-argv';

type RunFast = (call: FastCall, argv: string[]) => Promise<void>;

/** The bundled fast path with its code cache (written on first use; a read-only install runs uncached). */
function loadFast(): RunFast {
  const bundle = path.join(__dirname, 'task', 'fast.bundle.js');
  if (!fs.existsSync(bundle)) return (require('./task/fast') as { runFast: RunFast }).runFast; // running from sources
  const cacheFile = bundle.replace(/\.js$/, '.cache');
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run
  }
  const script = new vm.Script(fs.readFileSync(bundle, 'utf8'), { filename: bundle, cachedData });
  const mod = script.runInThisContext()(require, path.resolve(__dirname, '..')) as { runFast: RunFast };
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run, so the cache holds the functions it compiled (go's and done's whole path).
    process.once('beforeExit', () => {
      try {
        const tmp = `${cacheFile}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // read-only install: uncached
      }
    });
  }
  return mod.runFast;
}

if (require.main === module) {
  // AGENTDAG_FAST_CLI=0 sends go and done through commander too (to compare, or to rule it out).
  const call = process.env.AGENTDAG_FAST_CLI === '0' ? null : fastCall(process.argv);
  if (call) void loadFast()(call, process.argv);
  else void (require('./program') as typeof import('./program')).main(process.argv);
}
