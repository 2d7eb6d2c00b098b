// After tsc: make the CLI entry executable (npm link / npx run it directly).
const fs = require('node:fs');
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli', 'index.js');
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
// dist/hooks/run-hook.js: the hook bundled into one file with a V8 code cache, the entry `hooks install`
// registers (hooks/bundle.ts says why; without it the installer falls back to dist/hooks/hook.js).
const bundler = path.join(__dirname, '..', 'dist', 'hooks', 'bundle.js');
if (fs.existsSync(bundler)) require(bundler).bundleHook(path.join(__dirname, '..', 'dist'));
// dist/cli/task/fast.bundle.js: the agent's go/done path in one file, run with a code cache by
// dist/cli/index.js (cli/task/bundle.ts says why).
const taskBundler = path.join(__dirname, '..', 'dist', 'cli', 'task', 'bundle.js');
if (fs.existsSync(taskBundler)) require(taskBundler).bundleTaskCli(path.join(__dirname, '..', 'dist'));
