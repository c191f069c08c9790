#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI lives in the compiled library (run `npm run build` after editing src/).
let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (err) {
  console.error('sharpness-lab: the compiled library is missing (dist/). Run `npm run build` first.');
  process.exit(2);
}
main(process.argv.slice(2)).then((code) => process.exit(code));
