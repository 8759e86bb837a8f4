'use strict';
// A minimal require hook for the synth app (cdk8s.yaml `app:`), the netpol CLI and the benchmarks:
// strips types from .ts files with @swc/core and does nothing else. @swc-node/register does the
// same plus tsconfig and module resolution work these do not need, and is slower (docs/app.md).
// `tsc --noEmit` in `npm test` stays the type check. No source maps: they cost about a tenth of
// the app's run time, and the app's errors name the construct path, not a line.
//
// The output is cached in node_modules/.cache/ts-register, one file per distinct source text (and swc
// version and options), so a run whose sources did not change neither loads swc (40 ms) nor compiles
// (about 2 ms a file): `netpol --help` starts in about half the time. A stale entry cannot be used: an
// entry starts with the salt, file name and source it was compiled from, and is used only when they
// are the same as now. Its name is a quick hash of them rather than node:crypto's sha256, since loading
// node:crypto alone took 7 ms, a sixth of the CLI's module loading; a collision only costs a
// compilation. NETPOL_TS_CACHE=0 turns the cache off.
const fs = require('fs');
const path = require('path');

const OPTIONS = {
  swcrc: false,
  configFile: false,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

const swcVersion = (() => {
  try {
    return JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf-8')).version;
  } catch {
    return 'unknown';
  }
})();
const CACHE = process.env.NETPOL_TS_CACHE === '0' ? undefined : path.join(__dirname, '..', 'node_modules', '.cache', 'ts-register');
const SALT = `${swcVersion}\0${JSON.stringify(OPTIONS)}\0`;

let swc;
function compile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, { ...OPTIONS, filename }).code;
}

/**
 * Two 32-bit FNV-1a style hashes (different primes) of every `stride`-th UTF-16 code unit of the text,
 * as 16 hex digits: a name for an entry, not a proof (the entry is compared with the source in full).
 */
function quickHash(text, stride) {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i += stride) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function cached(source, filename) {
  if (CACHE === undefined) return compile(source, filename);
  // The file name is part of the key: swc writes nothing file-specific today, but a cache must not bet on that.
  const header = `${SALT}${filename}\0${source.length}\0`;
  // The header in full, the source sampled (hashing all of it took longer than loading node:crypto).
  const file = path.join(CACHE, `${quickHash(header, 1)}${quickHash(source, 7)}.js`);
  try {
    const entry = fs.readFileSync(file, 'utf-8');
    // The header, the source, then the code.
    if (entry.startsWith(header) && entry.startsWith(source, header.length)) return entry.slice(header.length + source.length);
  } catch {
    // Not cached yet.
  }
  const code = compile(source, filename);
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    // Written under a unique name, then renamed: a concurrent reader sees the whole file or none.
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(temporary, header + source + code);
    fs.renameSync(temporary, file);
  } catch {
    // A read-only checkout still runs, uncached.
  }
  return code;
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(cached(fs.readFileSync(filename, 'utf-8'), filename), filename);
};
