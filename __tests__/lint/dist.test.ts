import * as path from 'node:path';
import { loadManifests } from '../../analyzer';
import { readSources } from '../../cli/netpol';
import { API_SERVER } from '../../cluster';
import { lintModel } from '../../lint';

// The committed dist/ (what ArgoCD applies) with the inventory: no errors, and exactly the warnings
// listed here, so any new finding fails until it is fixed or deliberately added.
const ROOT = path.resolve(__dirname, '../..');

describe('lint of dist/ with inventory/workloads.yaml', () => {
  const findings = lintModel(loadManifests(readSources(['dist', 'inventory/workloads.yaml'], ROOT)), { apiServiceIp: API_SERVER.serviceIp });

  it('has no errors', () => {
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('has exactly the expected warnings', () => {
    // ClusterApi adds the endpoint /32s on 6443 only once cluster.ts lists them; until then the Service IP rule stands alone.
    const apiWarnings =
      API_SERVER.endpoints.length === 0
        ? [
            'warning api-server-service-ip-only dist/trivy-system/NetworkPolicy.allow-cluster-api-egress.k8s.yaml:17 NetworkPolicy trivy-system/allow-cluster-api-egress',
            'warning api-server-service-ip-only dist/velero/NetworkPolicy.allow-cluster-api-egress.k8s.yaml:17 NetworkPolicy velero/allow-cluster-api-egress',
          ]
        : [];
    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line} ${f.object}`)).toEqual(apiWarnings);
  });
});
