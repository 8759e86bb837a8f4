import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

// `npm run import` must work on a clone alone (the user's repository has no ../shared): every CRD source in
// cdk8s.yaml is a file of the repository, and imports/crds/README.md's checksums say which upstream copy it is.
const ROOT = path.resolve(__dirname, '..', '..');
const imports: string[] = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf-8')).imports;
const sources = imports.map((entry) => entry.split(':=')[1]);
const readme = fs.readFileSync(path.join(ROOT, 'imports', 'crds', 'README.md'), 'utf-8');

describe('the CRD sources of cdk8s import', () => {
  it('are listed', () => {
    expect(sources.length).toBeGreaterThan(0);
  });

  it.each(sources)('%s is inside the repository', (source) => {
    const resolved = path.resolve(ROOT, source);
    expect(path.relative(ROOT, resolved).startsWith('..')).toBe(false);
    expect(fs.existsSync(resolved)).toBe(true);
  });

  it.each(sources)('%s has the checksum imports/crds/README.md gives for it', (source) => {
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, source))).digest('hex');
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${path.basename(source)}\``));
    expect(row).toBeDefined();
    expect(row).toContain(sha256);
  });
});
