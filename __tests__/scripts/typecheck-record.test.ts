import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nativeRequire } from './harness';

const { fingerprint } = nativeRequire('./scripts/source-fingerprint.js') as { fingerprint(root: string): string };
const { RECORD, forget, recordPass, unchangedSincePass } = nativeRequire('./scripts/typecheck-record.js') as {
  RECORD: string;
  forget(root: string): void;
  recordPass(root: string, before: string): boolean;
  unchangedSincePass(root: string, current: string): boolean;
};

describe('the record of the last passing type check', () => {
  let root: string;
  beforeEach(() => {
    // GIVEN a project with one source and a config
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'typecheck-record-'));
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
    fs.writeFileSync(path.join(root, 'main.ts'), 'export const a = 1;');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('says unchanged when nothing was touched since the check passed', () => {
    const state = fingerprint(root);
    expect(recordPass(root, state)).toBe(true);
    expect(fs.existsSync(path.join(root, RECORD))).toBe(true);
    expect(unchangedSincePass(root, fingerprint(root))).toBe(true);
  });

  test('says changed once a source changes after the pass', () => {
    expect(recordPass(root, fingerprint(root))).toBe(true);
    fs.appendFileSync(path.join(root, 'main.ts'), '\nexport const b = 2;');
    expect(unchangedSincePass(root, fingerprint(root))).toBe(false);
  });

  test('says changed when no check has passed yet', () => {
    expect(unchangedSincePass(root, fingerprint(root))).toBe(false);
  });

  test('does not note a pass when a source changed while the check ran', () => {
    const before = fingerprint(root);
    fs.appendFileSync(path.join(root, 'main.ts'), '\nexport const late = 1;');
    expect(recordPass(root, before)).toBe(false);
    expect(unchangedSincePass(root, before)).toBe(false);
    expect(unchangedSincePass(root, fingerprint(root))).toBe(false);
  });

  test('forgets the pass after a failed check', () => {
    const state = fingerprint(root);
    recordPass(root, state);
    forget(root);
    expect(unchangedSincePass(root, state)).toBe(false);
  });
});
