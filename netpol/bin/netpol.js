#!/usr/bin/env node
// Runs the TypeScript CLI directly; swc compiles it on the fly (cached), so there is no build step to forget.
const path = require('path');
require(path.join(__dirname, '..', '..', 'scripts', 'ts-register.js'));
const { main } = require(path.join(__dirname, '..', 'cli', 'netpol.ts'));
const { readDescriptor, STDIN_NAME } = require(path.join(__dirname, '..', 'cli', 'input.ts'));

// A reader that stops early (`netpol list … | head -1`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => readDescriptor(0, STDIN_NAME),
});

// Once the output is out (files, and pipes on Linux, are written synchronously; write errors have been
// reported by the time an immediate runs), end now: otherwise Node first waits for V8's background work
// (a collection or compilation begun near the end, 20-40 ms of a listing) that no longer matters.
setImmediate(() => {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
});
