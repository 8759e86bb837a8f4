import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nativeRequire } from './harness';

const { fingerprint, sourceFiles } = nativeRequire('./scripts/source-fingerprint.js') as {
  fingerprint(root: string): string;
  sourceFiles(root: string): string[];
};

const LONG_AGO = new Date('2001-02-03T04:05:06Z');

describe('the fingerprint of the sources', () => {
  let root: string;
  beforeEach(() => {
    // GIVEN a project with sources, a config, a lock file and installed packages
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'source-fingerprint-'));
    for (const [file, text] of Object.entries({
      'tsconfig.json': '{}',
      'package.json': '{}',
      'package-lock.json': '{}',
      'node_modules/.package-lock.json': '{}',
      'node_modules/left-pad/index.d.ts': 'export {};',
      'main.ts': 'export const a = 1;',
      'lib/b.ts': 'export const b = 2;',
      '.scratch-copy/c.ts': 'export const c = 3;',
      'notes.md': 'not read by tsc',
    })) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('takes the TypeScript and JSON files outside node_modules and dot-folders, through links to folders', () => {
    fs.mkdirSync(path.join(root, 'shared'));
    fs.writeFileSync(path.join(root, 'shared', 'c.ts'), 'export const c = 3;');
    fs.symlinkSync(path.join(root, 'shared'), path.join(root, 'lib', 'linked'));
    // A link back up the tree is read once, not round in circles.
    fs.symlinkSync(root, path.join(root, 'shared', 'up'));
    fs.writeFileSync(path.join(root, 'lib', 'data.json'), '{"a": 1}');
    expect(sourceFiles(root)).toEqual([
      path.join('lib', 'b.ts'), path.join('lib', 'data.json'), path.join('lib', 'linked', 'c.ts'), 'main.ts',
      'package-lock.json', 'package.json', path.join('shared', 'c.ts'), 'tsconfig.json',
    ]);
  });

  test('stays the same when nothing was touched', () => {
    expect(fingerprint(root)).toBe(fingerprint(root));
  });

  test.each([
    ['a source edited, its modification time set back exactly', () => {
      const file = path.join(root, 'lib', 'b.ts');
      const before = fs.statSync(file, { bigint: true });
      fs.writeFileSync(file, 'export const b = 3;');
      fs.utimesSync(file, LONG_AGO, LONG_AGO);
      const after = fs.statSync(file, { bigint: true });
      // Only the change time (or, within a clock tick, the content) can tell.
      expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    }],
    ['a JSON module edited', () => fs.writeFileSync(path.join(root, 'package.json'), '{"name":"x"}')],
    ['a source added with an old modification time', () => {
      fs.writeFileSync(path.join(root, 'lib', 'new.ts'), 'export const n: string = 1;');
      fs.utimesSync(path.join(root, 'lib', 'new.ts'), LONG_AGO, LONG_AGO);
    }],
    ['a source removed', () => fs.rmSync(path.join(root, 'main.ts'))],
    ['a source renamed', () => fs.renameSync(path.join(root, 'main.ts'), path.join(root, 'main2.ts'))],
    ['the compiler options', () => fs.writeFileSync(path.join(root, 'tsconfig.json'), '{"compilerOptions":{}}')],
    ['the installed packages', () => fs.writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{"v":2}')],
  ])('changes after %s', (_what, change) => {
    fs.utimesSync(path.join(root, 'lib', 'b.ts'), LONG_AGO, LONG_AGO);
    const before = fingerprint(root);
    change();
    expect(fingerprint(root)).not.toBe(before);
  });

  test('is not moved by files tsc does not read', () => {
    const before = fingerprint(root);
    fs.writeFileSync(path.join(root, 'notes.md'), 'edited');
    fs.writeFileSync(path.join(root, '.scratch-copy', 'c.ts'), 'export const c = 4;');
    expect(fingerprint(root)).toBe(before);
  });
});
