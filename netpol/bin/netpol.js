#!/usr/bin/env node
// Runs the TypeScript CLI directly; swc compiles it on the fly, so there is no build step to forget.
const path = require('path');
require(path.join(__dirname, '..', '..', 'scripts', 'ts-register.js'));
const { main } = require(path.join(__dirname, '..', 'cli', 'netpol.ts'));

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
