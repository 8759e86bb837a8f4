'use strict';
// `npm test` skips its type check when nothing tsc reads has changed since the last check that passed.
// tsc's own way to skip (`tsc -b`) compares modification times only: a file added or edited with an
// old modification time (cp -p, tar, rsync -t) passes as checked. This record keeps the sources'
// fingerprint (source-fingerprint.js, which says what it covers) as it was when a check passed.
const fs = require('fs');
const path = require('path');
const { fingerprint } = require('./source-fingerprint');

/** Where the fingerprint of the last passing check is kept, beside tsc's incremental state. */
const RECORD = path.join('node_modules', '.cache', 'tsc', 'passed-fingerprint');

/** Whether the last passing type check saw exactly this state. */
function unchangedSincePass(root, current) {
  try {
    return fs.readFileSync(path.join(root, RECORD), 'utf-8') === current;
  } catch {
    return false;
  }
}

/** Notes a passing check of the state `before`, unless something changed while it ran. */
function recordPass(root, before) {
  if (fingerprint(root) !== before) return false;
  try {
    fs.mkdirSync(path.dirname(path.join(root, RECORD)), { recursive: true });
    fs.writeFileSync(path.join(root, RECORD), before);
    return true;
  } catch {
    // An unwritable node_modules only costs the next run a check.
    return false;
  }
}

/** Forgets the last pass (a check failed: the next run must check again). */
function forget(root) {
  try {
    fs.rmSync(path.join(root, RECORD), { force: true });
  } catch {
    // Not removable (a read-only node_modules): then it could not have been written either.
  }
}

module.exports = { RECORD, forget, recordPass, unchangedSincePass };
