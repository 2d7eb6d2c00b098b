// Build step (run by scripts/post-build.js after tsc): put the hook and every module it requires
// into ONE file, dist/hooks/hook.bundle.js, plus dist/hooks/run-hook.js, a loader that runs it with
// V8's code cache (see loaderSource). run-hook.js is what `hooks install` registers.
//
// Why a file of its own rather than overwriting tsc's dist/hooks/hook.js: tsc rewrites its outputs
// in place (truncate, then write), so a hook started during a rebuild could read half a file and
// lose its event. These two files are only ever replaced by rename (atomic): a rebuild while
// Claude Code sessions run loses nothing. dist/hooks/hook.js stays a working, unbundled entry.
//
// Why: each extra CommonJS file costs ~0.5 ms of resolve + read + compile, and the hook runs on every
// tool call. Measured on the 2-core VM, 40 interleaved runs, 1 KB payload: 40.5 ms as six files,
// 38.8 ms bundled, 36.8 ms for `node -e 0` (ratio 1.10× → 1.05×).
//
// It also enforces the hook's rule at build time: anything but a `node:` built-in or a module of
// hooks/ or core/ fails the build (one npm import would cost ~10 ms per call; state/ would load
// the task graph's code on every tool call).
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';

const REQUIRE_RE = /\brequire\((['"])([^'"]+)\1\)/g;
/** tsc keeps `await import('./x.js')` in CommonJS output; in a bundle it becomes a require of the bundled module. */
const DYNAMIC_IMPORT_RE = /\bimport\((['"])([^'"]+)\1\)/g;
const BANNER = '// Bundled by hooks/bundle.ts';

/** The loader `hooks install` registers, next to the bundle. */
export const RUN_HOOK_FILE = 'run-hook.js';

/** What a bundle may contain: modules under these folders; npm packages left as real requires, or refused. */
export interface BundlePolicy {
  folders: RegExp;
  npm: boolean;
  /**
   * npm packages whose JavaScript goes into the bundle too (as modules `npm:<name>/<path>`), for a
   * package whose many small files cost more to load than the code they hold (a native addon
   * they load stays a file).
   */
  inline?: string[];
  /** Who the rule is for, in the build error. */
  who: string;
}

const NPM = 'npm:';

/** Where a module id's source is: dist/<id>.js, or inside an inlined package's folder. */
function sourceFile(distRoot: string, id: string, packages: Map<string, string>): string {
  if (!id.startsWith(NPM)) return path.join(distRoot, id + '.js');
  const [name, ...rest] = id.slice(NPM.length).split('/');
  return path.join(packages.get(name)!, ...rest) + '.js';
}

/** The module id of an inlined package's entry (its package.json main). */
function packageEntry(name: string, root: string): string {
  const main = path.relative(root, require.resolve(name)).split(path.sep).join('/');
  return `${NPM}${name}/${main.replace(/\.js$/, '')}`;
}

/** The hook's rule: hooks/ and core/, node: built-ins, nothing from npm. */
const HOOK_POLICY: BundlePolicy = { folders: /^(hooks|core)\//, npm: false, who: 'the hook' };

/** Module ids relative to `distRoot`, entry first, in the order they were found. */
function collect(distRoot: string, entry: string, policy: BundlePolicy): Map<string, string> {
  const found = new Map<string, string>();
  const packages = new Map((policy.inline ?? []).map((name) => [name, path.dirname(require.resolve(`${name}/package.json`))]));
  const visit = (id: string) => {
    if (found.has(id)) return;
    let code = fs.readFileSync(sourceFile(distRoot, id, packages), 'utf8').replace(DYNAMIC_IMPORT_RE, (_m, _q: string, spec: string) => `Promise.resolve().then(() => require("${spec}"))`);
    // A require of an inlined package names its bundled entry instead.
    code = code.replace(REQUIRE_RE, (m, _q: string, spec: string) => (packages.has(spec) ? `require("${packageEntry(spec, packages.get(spec)!)}")` : m));
    found.set(id, code);
    for (const m of code.matchAll(REQUIRE_RE)) {
      const spec = m[2];
      if (spec.startsWith('node:') || (isBuiltin(spec) && id.startsWith(NPM))) continue;
      if (spec.startsWith(NPM)) {
        visit(spec);
        continue;
      }
      if (!spec.startsWith('.')) {
        if (policy.npm) continue; // left as a real require, resolved from the entry's node_modules
        throw new Error(`${id}.js requires "${spec}": ${policy.who} may load node: built-ins only`);
      }
      const target = path.posix.join(path.posix.dirname(id), spec.replace(/\.js$/, ''));
      if (!id.startsWith(NPM) && !policy.folders.test(target)) throw new Error(`${id}.js requires ${target}: ${policy.who} may load ${policy.folders.source} only`);
      visit(target);
    }
  };
  visit(entry);
  return found;
}

/**
 * The loader that dist/hooks/hook.js becomes: it compiles the bundle with V8's code cache
 * (dist/hooks/hook.bundle.cache), so a hook call skips parsing and compiling the functions it runs.
 * The cache is written by the first call that finds it missing or rejected (another Node version):
 * a temp file renamed into place, so concurrent first calls cannot leave a torn cache; if the
 * directory is read-only the hook simply runs uncached. Measured with the bundle on the 2-core VM
 * (1 KB payload, 40 interleaved runs): +7.5 ms over `node -e 0` compiled each time, +4.7 ms with
 * the cache.
 */
function loaderSource(entry: string): string {
  return [
    '"use strict";',
    `${BANNER}: loads hook.bundle.js (${entry} and what it requires) with V8's code cache. Edit the sources, not this file.`,
    'try {',
    '  const fs = require("node:fs");',
    '  const vm = require("node:vm");',
    '  const bundle = __dirname + "/hook.bundle.js";',
    '  const cacheFile = __dirname + "/hook.bundle.cache";',
    '  let cachedData;',
    '  try {',
    '    cachedData = fs.readFileSync(cacheFile);',
    '  } catch {}',
    '  const script = new vm.Script(fs.readFileSync(bundle, "utf8"), { filename: bundle, cachedData });',
    '  script.runInThisContext()(require);',
    '  if (cachedData === undefined || script.cachedDataRejected) {',
    '    try {',
    '      const tmp = cacheFile + ".tmp-" + process.pid;',
    '      fs.writeFileSync(tmp, script.createCachedData());',
    '      fs.renameSync(tmp, cacheFile);',
    '    } catch {}',
    '  }',
    '} catch {}',
    'process.exitCode = 0;',
    '',
  ].join('\n');
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Bundle `entry` and the modules it requires (as `policy` allows) into `file`: one script whose
 * value is a function of (require, distRoot) that runs the entry and returns its exports. With
 * distRoot given, each module sees the __filename and __dirname it has in dist/ (packageRoot()).
 */
export function writeBundle(distRoot: string, entry: string, file: string, policy: BundlePolicy): void {
  const modules = collect(distRoot, entry, policy);
  const parts: string[] = [
    `// ${BANNER.slice(3)} from ${[...modules.keys()].join(', ')}. Edit the sources, not this file.`,
    '(function (require, __root) {',
    '"use strict";',
    'const __modules = Object.create(null);',
    'const __loaded = Object.create(null);',
    'function __load(id) {',
    '  const done = __loaded[id];',
    '  if (done) return done.exports;',
    '  const module = { exports: {} };',
    '  __loaded[id] = module;',
    '  const dir = id.includes("/") ? id.slice(0, id.lastIndexOf("/")) : "";',
    '  const where = __root === undefined ? undefined : __root + "/" + dir;',
    '  const req = (spec) => {',
    '    if (spec.startsWith("npm:")) return __load(spec);',
    '    if (!spec.startsWith(".")) return require(spec);',
    '    const out = [];',
    '    for (const seg of (dir + "/" + spec.replace(/\\.js$/, "")).split("/")) {',
    '      if (seg === "..") out.pop(); else if (seg !== "." && seg !== "") out.push(seg);',
    '    }',
    '    return __load(out.join("/"));',
    '  };',
    '  req.resolve = require.resolve; // packages are resolved from the entry, as their requires are',
    '  __modules[id](module, module.exports, req, where === undefined ? undefined : __root + "/" + id + ".js", where);',
    '  return module.exports;',
    '}',
  ];
  for (const [id, original] of modules) {
    // tsc wraps `import * as fs from 'node:fs'` in __importStar, which copies every export of the
    // built-in into a fresh object with getters (~100 for fs) on each start; built-ins are plain
    // CommonJS objects already, so use them as they are.
    const code = original.replace(/__importStar\(require\("(node:[a-z_/]+)"\)\)/g, 'require("$1")');
    parts.push(`__modules[${JSON.stringify(id)}] = function (module, exports, require, __filename, __dirname) {\n${code}\n};`);
  }
  parts.push(`return __load(${JSON.stringify(entry)});`, '})', '');
  writeAtomic(file, parts.join('\n'));
  fs.rmSync(file.replace(/\.js$/, '.cache'), { force: true }); // compiled from the old bundle
}

/**
 * Bundle `entry` (e.g. hooks/hook) and what it requires into dist/hooks/hook.bundle.js, and write
 * the loader dist/hooks/run-hook.js. Returns the loader's path.
 */
export function bundleHook(distRoot: string, entry = 'hooks/hook'): string {
  const dir = path.join(distRoot, path.dirname(entry));
  const out = path.join(dir, RUN_HOOK_FILE);
  writeBundle(distRoot, entry, path.join(dir, 'hook.bundle.js'), HOOK_POLICY);
  writeAtomic(out, loaderSource(entry));
  return out;
}

if (require.main === module) {
  const distRoot = path.resolve(__dirname, '..');
  process.stdout.write(`bundled ${bundleHook(distRoot)}\n`);
}
