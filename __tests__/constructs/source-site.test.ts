import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { callerSite, formatSite, locate } from '../../constructs/source-site';

describe('callerSite', () => {
  test('is the first file outside constructs/: the caller, relative to the working directory', () => {
    expect(callerSite()).toEqual({ file: '__tests__/constructs/source-site.test.ts' });
  });
});

describe('locate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'source-site-'));
  const file = path.join(dir, 'ns.ts');
  fs.writeFileSync(file, "import { GRAFANA } from './grafana';\nconst x = 1;\n  ingressFrom: [{ from: GRAFANA, ports: [Port.tcp(3000)] }],\n");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('finds the first line holding a needle, preferring one with a hint', () => {
    expect(locate({ file }, ['GRAFANA'])).toEqual({ file, line: 1 });
    expect(locate({ file }, ['GRAFANA'], ['from:'])).toEqual({ file, line: 3 });
    expect(locate({ file }, ['absent', 'const x'])).toEqual({ file, line: 2 });
  });

  test('leaves the site alone when the file or the needle is missing', () => {
    expect(locate({ file }, ['absent'])).toEqual({ file });
    expect(locate({ file: path.join(dir, 'gone.ts') }, ['x'])).toEqual({ file: path.join(dir, 'gone.ts') });
    expect(locate(undefined, ['x'])).toBeUndefined();
  });

  test('formatSite prints file:line, or the file alone', () => {
    expect(formatSite({ file: 'a.ts', line: 3 })).toBe('a.ts:3');
    expect(formatSite({ file: 'a.ts' })).toBe('a.ts');
  });
});
