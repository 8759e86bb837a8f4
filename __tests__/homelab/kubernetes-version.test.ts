import { synthesizedObjects } from './support/synth';

/**
 * The constructs are typed against Kubernetes 1.28 (cdk8s-plus-28), the cluster runs 1.35
 * (imcbeth/k8s-docs-n37 docs/getting-started/hardware.md). What dist/ sends to the API server must mean the
 * same on both: only APIs served unchanged from 1.28 through 1.35, and for NetworkPolicy only fields that
 * were GA in 1.28 (endPort went GA in 1.25; nothing was added to networking.k8s.io/v1 NetworkPolicy since).
 */
const SERVED_ON_1_28_AND_1_35: Readonly<Record<string, string>> = {
  'networking.k8s.io/v1 NetworkPolicy': 'GA since 1.7, unchanged',
  'v1 ConfigMap': 'core',
  'argoproj.io/v1alpha1 Application': 'a CRD: served by the Argo CD install, not by the Kubernetes version',
  'monitoring.coreos.com/v1 PodMonitor': 'a CRD of the Prometheus operator',
  'projectcalico.org/v3 FelixConfiguration': 'the Calico API server (aggregated), independent of the Kubernetes version',
  'projectcalico.org/v3 GlobalNetworkPolicy': 'the Calico API server',
  'projectcalico.org/v3 NetworkPolicy': 'the Calico API server',
  'projectcalico.org/v3 Tier': 'the Calico API server',
};
const NETWORK_POLICY_FIELDS = {
  spec: ['podSelector', 'policyTypes', 'ingress', 'egress'],
  rule: ['from', 'to', 'ports'],
  peer: ['podSelector', 'namespaceSelector', 'ipBlock'],
  port: ['protocol', 'port', 'endPort'],
};

// dist/'s objects, as the app synthesizes them (CI's gate, .ci/run, fails when dist/ differs from a fresh synth).
const objects = synthesizedObjects();

describe('dist/ means the same on Kubernetes 1.28 (the types) and 1.35 (the cluster)', () => {
  it('uses only APIs served on both', () => {
    const used = [...new Set(objects.map((object) => `${object.apiVersion} ${object.kind}`))];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((api) => SERVED_ON_1_28_AND_1_35[api] === undefined)).toEqual([]);
  });

  it('writes only NetworkPolicy fields that were GA in 1.28', () => {
    const unknown: string[] = [];
    const check = (what: keyof typeof NETWORK_POLICY_FIELDS, value: object, where: string) => {
      for (const key of Object.keys(value)) if (!NETWORK_POLICY_FIELDS[what].includes(key)) unknown.push(`${where}.${key}`);
    };
    for (const policy of objects.filter((object) => object.kind === 'NetworkPolicy' && object.apiVersion === 'networking.k8s.io/v1')) {
      const where = `${policy.metadata.namespace}/${policy.metadata.name}`;
      check('spec', policy.spec, where);
      for (const rule of [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])]) {
        check('rule', rule, where);
        for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) check('peer', peer, where);
        for (const port of rule.ports ?? []) check('port', port, where);
      }
    }
    expect(unknown).toEqual([]);
  });
});
