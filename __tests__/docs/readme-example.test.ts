/**
 * The README's "Adding a namespace" example must keep working as the constructs change: this
 * test takes its two TypeScript blocks, type-checks them against the real constructs and runs the
 * example's own jest test in a child jest.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

/** The fenced ```ts blocks of a markdown text whose first line is `// <path>`, keyed by that path. */
export function exampleFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  const fence = /^```ts\n(\/\/ (\S+\.ts)\n[\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    files.set(match[2], match[1]);
  }
  return files;
}

describe('README "Adding a namespace" example', () => {
  const files = exampleFiles(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8'));
  // A scratch tree beside the real one whose top-level sources are links to the real ones, so the
  // example's relative imports resolve exactly as they would in namespaces/ and __tests__/.
  const scratch = fs.mkdtempSync(path.join(ROOT, '.readme-example-'));

  beforeAll(() => {
    fs.mkdirSync(path.join(scratch, 'homelab'));
    for (const entry of ['constructs', 'imports', 'netpol', 'homelab/cluster.ts']) {
      fs.symlinkSync(path.join(ROOT, entry), path.join(scratch, entry));
    }
    for (const [file, text] of files) {
      fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
      fs.writeFileSync(path.join(scratch, file), text);
    }
  });

  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('has the namespace file and its test', () => {
    expect([...files.keys()].sort()).toEqual(['__tests__/homelab/namespaces/jellyfin.test.ts', 'homelab/namespaces/jellyfin.ts']);
  });

  test('type-checks under the project\'s compiler options', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')); },
    });
    if (config === undefined) throw new Error('tsconfig.json could not be read');
    const program = ts.createProgram([...files.keys()].map((file) => path.join(scratch, file)), { ...config.options, noEmit: true });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file === undefined ? '' : `${path.relative(scratch, diagnostic.file.fileName)}: `;
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
    expect(problems).toEqual([]);
  });

  test('its jest test passes against the real constructs', () => {
    const jest = spawnSync(process.execPath, [
      require.resolve('jest/bin/jest'), '--rootDir', scratch, '--roots', path.join(scratch, '__tests__'),
      '--ci=false', '--colors=false', '--config', JSON.stringify({ transform: require(path.join(ROOT, 'jest.config.js')).transform }),
    ], { cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CI: 'false' } });
    if (jest.status !== 0) throw new Error(`The README example's test failed:\n${jest.stdout}\n${jest.stderr}`);
    expect(jest.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  });
});
