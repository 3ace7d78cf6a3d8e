#!/usr/bin/env node
// Entry point of `npx rdp-doctor`: the bundle built by `npm ci` (scripts/build-node.mjs).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('rdp-doctor: dist/cli.cjs is missing; run `npm ci` or `npm run build` first\n');
  process.exit(3);
}
require(bundle).main();
