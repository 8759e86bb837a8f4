import { PROTECTED_NAMESPACES } from '../../../homelab/namespaces';
import { CONNECTIVITY } from '../../../homelab/spec/connectivity';
import { checkMatrix, formatMatrix, formatMatrixReport } from '../../../homelab/spec/expand';
import { loadCluster, netpolMatchers } from '../../../netpol/testing/netpol-matchers';

expect.extend(netpolMatchers);

// The committed dist/ is what ArgoCD deploys (CI fails when a fresh synth differs), so it is what
// the spec is held against.
const cluster = loadCluster(['dist', 'inventory/workloads.yaml']);
const matrix = checkMatrix(CONNECTIVITY, cluster.model);

describe('the connectivity matrix of the protected namespaces', () => {
  it('covers exactly the namespaces the app protects', () => {
    expect([...matrix.protectedNamespaces].sort()).toEqual(Object.keys(PROTECTED_NAMESPACES).sort());
  });

  it('names only workloads, roles and namespaces that the inventory has', () => {
    expect(matrix.problems).toEqual([]);
  });

  it('is exactly what the spec declares: every declared flow on exactly its ports, and nothing else', () => {
    const report = formatMatrixReport(matrix, cluster.model);
    if (report !== '') {
      throw new Error(`The policies in dist/ and spec/connectivity.ts disagree. Fix the app, or the spec if the intent changed.\n\n${report}`);
    }
    // Same verdict as map equality, for a reader who prefers the two maps side by side.
    expect(formatMatrix(matrix.actual)).toEqual(formatMatrix(matrix.expected));
  });

  it('is not vacuous: every protected namespace sends and receives something', () => {
    // Guards against an empty inventory or a dist/ that lost a namespace, where "no flows" would also match.
    for (const namespace of matrix.protectedNamespaces) {
      const touches = (side: 'src' | 'dst') => [...matrix.expected.values()].some((f) => f[side].type === 'workload' && f[side].workload.namespace === namespace);
      expect({ namespace, receives: touches('dst'), sends: touches('src') }).toEqual({ namespace, receives: true, sends: true });
    }
  });
});

describe('known gaps (denied today on purpose, documented for the docs)', () => {
  const gaps = CONNECTIVITY.knownGaps.flatMap((gap) => gap.deniedFlows.map((f) => [gap.title, f.from, f.to, f.port] as const));

  it.each(gaps)('%s: %s => %s on %s is still denied', (_title, from, to, port) => {
    // A gap that now passes was fixed: move it from knownGaps into the namespace's entries.
    expect(cluster.flow(from, to, port)).toBeDenied();
  });
});
