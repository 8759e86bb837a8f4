'use strict';
// A fingerprint of a project's TypeScript sources and what they are built with, hashed into one value:
// used to skip work whose inputs did not change (the type check in `npm test`, typecheck-record.js;
// the shared synth of jest's global setup; the README example's copy). This header is the one place
// that says what it covers:
//
// - every `.ts` and `.json` file outside node_modules and dot-folders, following links to folders:
//   a superset of what tsconfig's `**/*.ts` includes (tsc's wildcards skip dot-folders too) and of the
//   JSON modules it may import; with tsconfig.json, package.json and the installed packages (npm
//   rewrites node_modules/.package-lock.json on every install);
// - each by path, size, modification and change time and inode. A write changes the change time,
//   which no tool sets back, so a file copied in with an old modification time still counts as
//   changed. Where the file system keeps times only to a clock tick (Linux before 6.13), two writes of
//   the same size within one tick look alike; so a file written in the last two seconds is also
//   identified by its content (as git treats "racily clean" files).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ALSO_READ = ['tsconfig.json', 'package.json', 'package-lock.json', path.join('node_modules', '.package-lock.json')];
const SOURCE = /\.(ts|json)$/;
/** A file modified this recently is identified by its content too. */
const RECENT_NS = 2_000_000_000n;

/** The TypeScript and JSON files below `root`, sorted, as paths relative to it. */
function sourceFiles(root) {
  const found = [];
  // `ancestors`: the real paths of the folders being walked, so a link back up the tree is not followed.
  const walk = (relative, ancestors) => {
    const absolute = path.join(root, relative);
    let entries;
    let real;
    try {
      real = fs.realpathSync(absolute);
      if (ancestors.has(real)) return;
      entries = fs.readdirSync(absolute, { withFileTypes: true });
    } catch {
      return;
    }
    const inside = new Set([...ancestors, real]);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = relative === '' ? entry.name : path.join(relative, entry.name);
      let directory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          directory = fs.statSync(path.join(root, child)).isDirectory();
        } catch {
          // A dangling link: nothing to read.
        }
      }
      if (directory) walk(child, inside);
      else if (SOURCE.test(entry.name)) found.push(child);
    }
  };
  walk('', new Set());
  return found.sort();
}

/** A hash of the identity of every source below `root` and of what builds them. */
function fingerprint(root) {
  const hash = crypto.createHash('sha256');
  const now = BigInt(Date.now()) * 1_000_000n;
  for (const file of [...new Set([...ALSO_READ, ...sourceFiles(root)])]) {
    let identity = 'absent';
    try {
      const absolute = path.join(root, file);
      const stat = fs.statSync(absolute, { bigint: true });
      identity = `${stat.size} ${stat.mtimeNs} ${stat.ctimeNs} ${stat.ino}`;
      const changed = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
      if (now - changed < RECENT_NS) identity += ` ${crypto.createHash('sha256').update(fs.readFileSync(absolute)).digest('hex')}`;
    } catch {
      // A missing file is part of the state too.
    }
    hash.update(`${file}\0${identity}\n`);
  }
  return hash.digest('hex');
}

module.exports = { fingerprint, sourceFiles };
