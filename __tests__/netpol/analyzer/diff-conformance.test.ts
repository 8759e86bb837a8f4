import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffModels, formatDiff, loadManifests, type ManifestSource } from '../../../netpol/analyzer';
import { diskYamlCache } from '../../../netpol/cli/yaml-cache';

// Parsed YAML kept on disk between runs (netpol/cli/yaml-cache.ts), as the CLI does.
const yamlCache = diskYamlCache();

/**
 * np-guard/netpol-analyzer's own diff cases, kept outside the repo (CI provides ../shared). Each case's
 * txt diff must equal upstream's expected file byte for byte. Upstream prints nothing when nothing
 * differs; the shared copies of those expected files hold a single newline, and the suite's README says
 * to compare ignoring blank lines, so an empty expected file is matched by an empty output.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SUITE = path.resolve(ROOT, '..', 'shared', 'conformance', 'netpol-analyzer-diff');
const CASES = path.join(SUITE, 'cases');

function manifests(directory: string): ManifestSource[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(full);
    }
  };
  walk(directory);
  return files.sort().map((file) => ({ path: path.relative(directory, file), text: fs.readFileSync(file, 'utf8') }));
}

const available = fs.existsSync(CASES);
const cases = available ? fs.readdirSync(CASES).filter((name) => fs.existsSync(path.join(CASES, name, 'expected.txt'))).sort() : [];

if (!available) {
  // Said on stderr as well: jest's summary does not name skipped suites.
  process.stderr.write(`The np-guard diff conformance suite was not found at ${SUITE}; skipping it (CI provides ../shared/conformance).\n`);
  describe.skip(`diff conformance suite not found at ${SUITE}; skipping — CI provides it`, () => {
    it('runs the np-guard diff cases', () => undefined);
  });
} else {
  describe('np-guard diff conformance', () => {
    it('has the 16 cases the README selects', () => {
      expect(cases).toHaveLength(16);
    });

    it.each(cases)('%s: txt diff equals upstream', (name) => {
      const dir = path.join(CASES, name);
      const actual = formatDiff(diffModels(loadManifests(manifests(path.join(dir, 'ref1')), { yamlCache }), loadManifests(manifests(path.join(dir, 'ref2')), { yamlCache })), 'txt');
      const expected = fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8');
      expect(actual).toBe(expected.trim() === '' ? '' : expected);
    });
  });
}
