#!/usr/bin/env node
// The `hearth` command. It runs the compiled server; `npm run build` (or `npm start`) makes it.
import fs from 'node:fs';

const cli = new URL('../dist/server/cli-entry.js', import.meta.url);
if (!fs.existsSync(cli)) {
  process.stderr.write('Hearth is not built yet. Run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}
await import(cli.href);
