import * as path from 'node:path';
import { loadManifests } from '../../../netpol/analyzer';
import { readSources } from '../../../netpol/cli/netpol';
import { lintModel } from '../../../netpol/lint';

// The seed's five policies as the homelab ran them (fixture header says where they come from).
const ROOT = path.resolve(__dirname, '../../..');
const SEED = '__tests__/fixtures/lint/seed-policies.yaml';
const NAMESPACES = ['localstack', 'unipoller', 'loki', 'trivy-system', 'velero'];
const POLICY: Record<string, string> = {
  localstack: 'localstack/localstack-network-policy',
  unipoller: 'unipoller/unipoller-network-policy',
  loki: 'loki/loki-network-policy',
  'trivy-system': 'trivy-system/trivy-operator-network-policy',
  velero: 'velero/velero-network-policy',
};

describe('lint of the seed policies', () => {
  it('finds the split DNS peer in all five and the Service-IP-only API rule in trivy-system and velero, and nothing else', () => {
    const findings = lintModel(loadManifests(readSources([SEED], ROOT)));
    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.object} line ${f.line}`)).toEqual([
      `error split-peer NetworkPolicy ${POLICY.localstack} line 43`,
      `error split-peer NetworkPolicy ${POLICY.unipoller} line 77`,
      `error split-peer NetworkPolicy ${POLICY.loki} line 128`,
      `error split-peer NetworkPolicy ${POLICY['trivy-system']} line 182`,
      `warning api-server-service-ip-only NetworkPolicy ${POLICY['trivy-system']} line 195`,
      `error split-peer NetworkPolicy ${POLICY.velero} line 234`,
      `warning api-server-service-ip-only NetworkPolicy ${POLICY.velero} line 255`,
    ]);
    expect(findings.every((f) => f.file === SEED)).toBe(true);
    expect(findings[0].message).toBe(
      'Rule spec.egress[0] lists to[0] (every pod in namespaces matching kubernetes.io/metadata.name=kube-system) and to[1] (pods matching k8s-app=kube-dns in namespace localstack) ' +
        'as separate peers, which Kubernetes ORs, so the rule also admits every pod in namespaces matching kubernetes.io/metadata.name=kube-system on UDP 53, TCP 53. ' +
        'To mean pods matching k8s-app=kube-dns in namespaces matching kubernetes.io/metadata.name=kube-system, merge them into one peer ' +
        '(one "-" entry with both namespaceSelector and podSelector); if either peer alone is intended, give each its own rule.',
    );
  });

  it('with the inventory, also finds that each split podSelector peer matches no pod (no kube-dns in the policy\'s own namespace)', () => {
    const findings = lintModel(loadManifests(readSources([SEED, 'inventory/workloads.yaml'], ROOT)));
    const extra = findings.filter((f) => f.ruleId === 'selector-matches-nothing');
    expect(extra.map((f) => `${f.object} line ${f.line}`)).toEqual(NAMESPACES.map((ns, i) => `NetworkPolicy ${POLICY[ns]} line ${[46, 80, 131, 185, 237][i]}`));
    expect(extra.map((f) => f.message)).toEqual(
      NAMESPACES.map(
        (ns) =>
          `Peer spec.egress[0].to[1] (pods matching k8s-app=kube-dns in namespace ${ns}) matches no workload in the input, so it admits nothing. ` +
          `Fix the selector (check the labels with: kubectl get pods -n ${ns} --show-labels) or add the missing workloads to the inventory.`,
      ),
    );
    expect(findings.length).toBe(7 + NAMESPACES.length);
  });
});
