import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalyzerError, contains, explain, formatConnections, listConnections, loadManifests, type ManifestSource, type Model, type Protocol } from '../../../netpol/analyzer';
import { diskYamlCache } from '../../../netpol/cli/yaml-cache';

// Parsed YAML kept on disk between runs (netpol/cli/yaml-cache.ts), as the CLI does.
const yamlCache = diskYamlCache();

/**
 * np-guard/netpol-analyzer's own cases, kept outside the repo (CI provides /work/shared). Every passing
 * case must reproduce upstream's connlist byte for byte; every error case must be refused.
 */
const SUITE = path.resolve(__dirname, '../../../../shared/conformance/netpol-analyzer');

interface Case {
  name: string;
  dir: string;
  expected?: string;
  expect_fatal_error?: boolean;
}

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

const available = fs.existsSync(path.join(SUITE, 'index.json'));
const cases: Case[] = available ? JSON.parse(fs.readFileSync(path.join(SUITE, 'index.json'), 'utf8')) : [];
const passing = cases.filter((c) => !c.expect_fatal_error);
const failing = cases.filter((c) => c.expect_fatal_error);

if (!available) {
  // Said on stderr as well: jest's summary does not name skipped suites.
  process.stderr.write(`The np-guard conformance suite was not found at ${SUITE}; skipping it (CI provides ../shared/conformance).\n`);
  describe.skip(`conformance suite not found at ${SUITE}; skipping — CI provides it`, () => {
    it('runs the np-guard cases', () => undefined);
  });
} else {
  describe('np-guard conformance', () => {
    it('has the 42 connlist cases and 12 error cases the README describes', () => {
      expect([passing.length, failing.length]).toEqual([42, 12]);
    });

    it.each(passing.map((c) => [c.name, c] as const))('%s: txt listing equals upstream byte for byte', (_name, c) => {
      const model = loadManifests(manifests(path.join(SUITE, c.dir)), { yamlCache });
      const actual = formatConnections(listConnections(model), 'txt');
      expect(actual).toBe(fs.readFileSync(path.join(SUITE, c.expected!), 'utf8'));
    });

    it.each(failing.map((c) => [c.name, c] as const))('%s: refused with a located error', (_name, c) => {
      let error: unknown;
      try {
        loadManifests(manifests(path.join(SUITE, c.dir)), { yamlCache });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AnalyzerError);
      expect((error as AnalyzerError).file).toMatch(/\.(ya?ml|json)$/);
      expect((error as AnalyzerError).line).toBeGreaterThan(0);
    });

    // explain must agree with the listing: for every workload pair of small cases, and a spread of ports.
    const probes: [number, Protocol][] = [
      [53, 'UDP'], [53, 'TCP'], [80, 'TCP'], [90, 'TCP'], [7070, 'SCTP'], [8080, 'TCP'], [8080, 'UDP'], [8956, 'SCTP'], [9090, 'TCP'], [9090, 'SCTP'], [10053, 'TCP'], [10054, 'TCP'], [44134, 'TCP'], [50051, 'TCP'],
    ];
    const small = passing.filter((c) => ['netpol-analysis-example-minimal', 'onlineboutique_workloads', 'netpol_named_port_test_2', 'semanticDiff-same-topologies-old2', 'semanticDiff-different-topologies-policy-a-with-ipblock', 'test_with_named_ports_changed_netpol'].includes(c.name));
    it.each(small.map((c) => [c.name, c] as const))('%s: explain agrees with the listing on every pair', (_name, c) => {
      const model: Model = loadManifests(manifests(path.join(SUITE, c.dir)), { yamlCache });
      const listed = new Map(listConnections(model).map((conn) => [`${conn.src.label} ${conn.dst.label}`, conn.ports]));
      let disagreements = 0;
      for (const from of model.workloads) {
        for (const to of model.workloads) {
          if (from === to) continue;
          for (const [port, protocol] of probes) {
            const verdict = explain(model, { from: { type: 'workload', workload: from }, to: { type: 'workload', workload: to }, port, protocol }).allowed;
            const ports = listed.get(`${from.namespace}/${from.name}[${from.kind}] ${to.namespace}/${to.name}[${to.kind}]`);
            if (verdict !== (ports !== undefined && contains(ports, protocol, port))) disagreements++;
          }
        }
      }
      expect(disagreements).toBe(0);
    });
  });
}
