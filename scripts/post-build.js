// After tsc: make the CLI entry executable (npm link / npx run it directly).
const fs = require('node:fs');
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli', 'index.js');
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
