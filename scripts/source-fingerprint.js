'use strict';
// A fingerprint of a project's TypeScript sources and what they are built with: every `.ts` file by
// path, size, modification and change time and inode (a write changes the change time, which no tool
// sets back, so a file copied in with an old modification time still counts as changed), with
// tsconfig.json, package.json and the installed packages (npm rewrites node_modules/.package-lock.json
// on every install), hashed into one value. Used to skip work whose inputs did not change: the type
// check in `npm test` (typecheck-record.js) and the shared synth jest's global setup makes.
//
// The files are all `.ts` files outside node_modules and dot-folders: a superset of what tsconfig's
// `**/*.ts` includes (tsc's wildcards skip dot-folders too), so a change tsc would see always counts.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

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

/** A hash of the identity of every source below `root` and of what builds them. */
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

module.exports = { fingerprint, typeScriptFiles };
