'use strict';
// `npm test` skips its type check when nothing tsc reads has changed since the last check that passed.
// tsc's own way to skip (`tsc -b`) compares modification times only: a file added or edited with an
// old modification time (cp -p, tar, rsync -t) passes as checked. This record instead names every
// TypeScript file by path, size, modification and change time and inode (a write changes the change
// time, which no tool sets back), with tsconfig.json, package.json and the installed packages
// (npm rewrites node_modules/.package-lock.json on every install), hashed into one fingerprint.
//
// The files are all `.ts` files outside node_modules and dot-folders: a superset of what the config's
// `**/*.ts` includes (tsc's wildcards skip dot-folders too), so a change tsc would see always counts.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** Where the fingerprint of the last passing check is kept, beside tsc's incremental state. */
const RECORD = path.join('node_modules', '.cache', 'tsc', 'passed-fingerprint');
const ALSO_READ = ['tsconfig.json', 'package.json', 'package-lock.json', path.join('node_modules', '.package-lock.json')];

/** The TypeScript files below `root`, sorted, as paths relative to it. */
function typeScriptFiles(root) {
  const found = [];
  const walk = (relative) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = relative === '' ? entry.name : path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts')) found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/** A hash of the identity of everything the type check reads below `root`. */
function fingerprint(root) {
  const hash = crypto.createHash('sha256');
  for (const file of [...ALSO_READ, ...typeScriptFiles(root)]) {
    let identity = 'absent';
    try {
      const stat = fs.statSync(path.join(root, file), { bigint: true });
      identity = `${stat.size} ${stat.mtimeNs} ${stat.ctimeNs} ${stat.ino}`;
    } catch {
      // A missing file is part of the state too.
    }
    hash.update(`${file}\0${identity}\n`);
  }
  return hash.digest('hex');
}

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
  fs.rmSync(path.join(root, RECORD), { force: true });
}

module.exports = { RECORD, fingerprint, forget, recordPass, typeScriptFiles, unchangedSincePass };
