// Structural checks on inventory/*.yaml. The analyzer and the policy tests
// read these files as if they came from the cluster, so a typo here (a label
// the selector does not carry, a port name Kubernetes would reject, a
// workload in an undeclared namespace) would make every downstream result
// wrong without any error. These tests catch that at the source.
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';

type Labels = Record<string, string>;

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

interface Container {
  name: string;
  ports?: ContainerPort[];
}

interface PodSpec {
  hostNetwork?: boolean;
  containers: Container[];
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels; ownerReferences?: Array<{ kind: string; name: string }> };
  spec?: {
    selector?: { matchLabels?: Labels };
    template?: { metadata?: { labels?: Labels }; spec: PodSpec };
    containers?: Container[];
    hostNetwork?: boolean;
  };
}

const INVENTORY_DIR = join(__dirname, '..', '..', 'inventory');
const CONTROLLER_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const WORKLOAD_KINDS = new Set([...CONTROLLER_KINDS, 'Pod']);

function load(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(join(INVENTORY_DIR, file), 'utf8'));
  return docs.map((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file} document ${i}: ${doc.errors.map((e) => e.message).join('; ')}`);
    }
    return doc.toJS() as Manifest;
  });
}

// Pod-level view of any workload: the labels its pods carry and their spec.
function podLabels(m: Manifest): Labels {
  return m.kind === 'Pod' ? m.metadata.labels ?? {} : m.spec?.template?.metadata?.labels ?? {};
}

function podSpec(m: Manifest): PodSpec {
  if (m.kind === 'Pod') {
    return { containers: m.spec?.containers ?? [], hostNetwork: m.spec?.hostNetwork };
  }
  const spec = m.spec?.template?.spec;
  if (!spec) throw new Error(`${m.kind}/${m.metadata.name} has no spec.template.spec`);
  return spec;
}

// IANA_SVC_NAME as Kubernetes validates ContainerPort.name: 1-15 chars,
// lowercase alphanumerics and '-', at least one letter, no leading/trailing
// or doubled '-'.
function isIanaSvcName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes('--')
  );
}

const current = load('workloads.yaml');

describe.each([
  ['workloads.yaml', current],
])('%s', (_file, manifests) => {
  const namespaces = manifests.filter((m) => m.kind === 'Namespace');
  const workloads = manifests.filter((m) => WORKLOAD_KINDS.has(m.kind));

  it('holds only Namespaces and workloads', () => {
    expect(workloads.length).toBeGreaterThan(0);
    expect(namespaces.length + workloads.length).toBe(manifests.length);
  });

  it('labels every Namespace with kubernetes.io/metadata.name=<name>', () => {
    for (const ns of namespaces) {
      expect(ns.metadata.labels?.['kubernetes.io/metadata.name']).toBe(ns.metadata.name);
    }
  });

  it('puts every workload in a namespace declared in the same file', () => {
    const declared = new Set(namespaces.map((ns) => ns.metadata.name));
    for (const w of workloads) {
      expect(declared).toContain(w.metadata.namespace);
    }
  });

  it('has no duplicate kind/namespace/name', () => {
    const keys = manifests.map((m) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every controller a selector that is a non-empty subset of its pod labels', () => {
    for (const w of workloads.filter((m) => CONTROLLER_KINDS.has(m.kind))) {
      const selector = w.spec?.selector?.matchLabels ?? {};
      const labels = podLabels(w);
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(selector)) {
        expect({ workload: w.metadata.name, key, value: labels[key] }).toEqual({
          workload: w.metadata.name,
          key,
          value,
        });
      }
    }
  });

  it('gives every pod at least one label and one named container', () => {
    for (const w of workloads) {
      expect(Object.keys(podLabels(w)).length).toBeGreaterThan(0);
      const containers = podSpec(w).containers;
      expect(containers.length).toBeGreaterThan(0);
      for (const c of containers) expect(c.name).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    }
  });

  it('uses valid container port numbers, protocols and IANA_SVC_NAME port names', () => {
    for (const w of workloads) {
      for (const c of podSpec(w).containers) {
        const names = new Set<string>();
        for (const p of c.ports ?? []) {
          expect(Number.isInteger(p.containerPort)).toBe(true);
          expect(p.containerPort).toBeGreaterThanOrEqual(1);
          expect(p.containerPort).toBeLessThanOrEqual(65535);
          expect(['TCP', 'UDP', 'SCTP']).toContain(p.protocol ?? 'TCP');
          // Names are optional (localstack declares 4566 unnamed) but, when
          // present, must be valid and unique within the container.
          if (p.name !== undefined) {
            expect({ workload: w.metadata.name, port: p.name, valid: isIanaSvcName(p.name) }).toEqual({
              workload: w.metadata.name,
              port: p.name,
              valid: true,
            });
            expect(names.has(p.name)).toBe(false);
            names.add(p.name);
          }
        }
      }
    }
  });
});

describe('workloads.yaml labels the seed policies rely on', () => {
  // Find pods in a namespace whose labels include all of `match`.
  function podsMatching(namespace: string, match: Labels): Manifest[] {
    return current.filter(
      (m) =>
        WORKLOAD_KINDS.has(m.kind) &&
        m.metadata.namespace === namespace &&
        Object.entries(match).every(([k, v]) => podLabels(m)[k] === v),
    );
  }

  function ports(m: Manifest): ContainerPort[] {
    return podSpec(m).containers.flatMap((c) => c.ports ?? []);
  }

  it.each([
    ['default', { 'app.kubernetes.io/name': 'prometheus' }, 9090],
    ['default', { 'app.kubernetes.io/name': 'grafana' }, 3000],
    ['default', { 'app.kubernetes.io/name': 'alertmanager' }, 9093],
    ['kube-system', { 'k8s-app': 'kube-dns' }, 53],
    ['loki', { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/component': 'single-binary' }, 3100],
    ['loki', { 'app.kubernetes.io/name': 'promtail' }, 3101],
    ['velero', { 'app.kubernetes.io/name': 'velero' }, 8085],
    ['localstack', { app: 'localstack' }, 4566],
    ['unipoller', { app: 'unifi-poller' }, 9130],
    ['trivy-system', { 'app.kubernetes.io/name': 'trivy-operator' }, 8080],
    ['cert-manager', { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }, 9402],
    ['cert-manager', { 'app.kubernetes.io/name': 'cainjector', 'app.kubernetes.io/component': 'cainjector' }, 9402],
    ['cert-manager', { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' }, 10250],
    ['external-dns', { 'app.kubernetes.io/name': 'external-dns-unifi-webhook' }, 8888],
    ['metallb-system', { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' }, 9443],
    ['kube-system', { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': 'metrics-server' }, 10250],
    ['kube-system', { 'app.kubernetes.io/name': 'sealed-secrets', 'app.kubernetes.io/instance': 'sealed-secrets' }, 8080],
    ['kube-system', { 'app.kubernetes.io/name': 'sealed-secrets', 'app.kubernetes.io/instance': 'sealed-secrets' }, 8081],
    ['kube-system', { 'app.kubernetes.io/component': 'recommender', 'app.kubernetes.io/instance': 'vpa' }, 8942],
    ['istio-system', { app: 'istiod' }, 15012],
    ['istio-system', { app: 'istiod' }, 15017],
    ['istio-system', { app: 'istiod' }, 15014],
    ['istio-system', { app: 'ztunnel' }, 15020],
    ['istio-system', { 'k8s-app': 'istio-cni-node' }, 15014],
  ] as Array<[string, Labels, number]>)('%s has exactly one workload labelled %j serving %d', (ns, match, port) => {
    const found = podsMatching(ns, match);
    expect(found).toHaveLength(1);
    expect(ports(found[0]).map((p) => p.containerPort)).toContain(port);
  });

  it('serves DNS on 53 over both UDP and TCP from kube-dns', () => {
    const [coredns] = podsMatching('kube-system', { 'k8s-app': 'kube-dns' });
    const dns = ports(coredns).filter((p) => p.containerPort === 53);
    expect(dns.map((p) => p.protocol ?? 'TCP').sort()).toEqual(['TCP', 'UDP']);
  });

  it('declares the three Loki ports the loki policy allows inside the namespace', () => {
    const [loki] = podsMatching('loki', { 'app.kubernetes.io/component': 'single-binary' });
    expect(ports(loki).map((p) => p.containerPort).sort((a, b) => a - b)).toEqual([3100, 7946, 9095]);
  });

  it('marks node-exporter as hostNetwork, since policies cannot select it', () => {
    const [nodeExporter] = podsMatching('default', { 'app.kubernetes.io/name': 'prometheus-node-exporter' });
    expect(podSpec(nodeExporter).hostNetwork).toBe(true);
  });

  it('has the two external-dns instances the external-dns policies tell apart by component', () => {
    expect(podsMatching('external-dns', { 'app.kubernetes.io/name': 'external-dns' }).map((m) => podLabels(m)['app.kubernetes.io/component']).sort())
      .toEqual(['cloudflare', 'unifi']);
  });

  it('marks the MetalLB speaker as hostNetwork, since no NetworkPolicy applies to it', () => {
    const [speaker] = podsMatching('metallb-system', { 'app.kubernetes.io/component': 'speaker' });
    expect(podSpec(speaker).hostNetwork).toBe(true);
  });

  it('marks kube-proxy and the control plane\'s static pods as hostNetwork, and nothing else in kube-system', () => {
    const kubeSystem = current.filter((m) => WORKLOAD_KINDS.has(m.kind) && m.metadata.namespace === 'kube-system');
    expect(kubeSystem.filter((m) => podSpec(m).hostNetwork === true).map((m) => m.metadata.name).sort()).toEqual([
      'etcd-control-plane', 'kube-apiserver-control-plane', 'kube-controller-manager-control-plane', 'kube-proxy', 'kube-scheduler-control-plane',
    ]);
    expect(kubeSystem.filter((m) => podSpec(m).hostNetwork !== true).map((m) => m.metadata.name).sort()).toEqual([
      'coredns', 'metrics-server', 'sealed-secrets-controller', 'vpa-recommender',
    ]);
  });

  it('runs istiod, ztunnel and istio-cni-node on the pod network, none of them enrolled in the mesh', () => {
    const istio = current.filter((m) => WORKLOAD_KINDS.has(m.kind) && m.metadata.namespace === 'istio-system');
    expect(istio.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(['DaemonSet/istio-cni-node', 'DaemonSet/ztunnel', 'Deployment/istiod']);
    for (const workload of istio) {
      expect(podSpec(workload).hostNetwork).toBeUndefined();
      expect(podLabels(workload)['istio.io/dataplane-mode']).toBe('none');
    }
  });

  it('includes the seed test pod as kubectl run labels it', () => {
    const [testPod] = podsMatching('default', { run: 'test-pod' });
    expect(testPod.kind).toBe('Pod');
    expect(testPod.metadata.name).toBe('test-pod');
  });
});

describe('inventory/trim.js (the refresh/diff helper in inventory/README.md)', () => {
  // trim.js is plain CommonJS so it runs with bare `node`; load it the same way.
  const trimTool = require(join(INVENTORY_DIR, 'trim.js')) as {
    select: (objects: Manifest[], namespaces: Set<string>) => Manifest[];
    trim: (o: Manifest) => Manifest;
    summaryLine: (o: Manifest) => string | null;
  };
  const scope = new Set(current.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name));
  const summarize = (objects: Manifest[]): string[] =>
    trimTool
      .select(objects, scope)
      .map(trimTool.trim)
      .map(trimTool.summaryLine)
      .filter((l): l is string => l !== null)
      .sort();

  it('summarizes a live-looking dump of the same workloads exactly like workloads.yaml', () => {
    // What `kubectl get ... -o yaml` adds: rollout labels, pods owned by
    // ReplicaSets, and namespaces outside the policies' scope.
    const live: Manifest[] = JSON.parse(JSON.stringify(current));
    for (const m of live) {
      if (CONTROLLER_KINDS.has(m.kind) && m.spec?.template?.metadata?.labels) {
        m.spec.template.metadata.labels['pod-template-hash'] = '7d9c5b7f6';
        m.spec.template.metadata.labels['helm.sh/chart'] = 'some-chart-1.2.3';
      }
    }
    const velero = current.find((m) => m.metadata.name === 'velero' && m.kind === 'Deployment')!;
    live.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'velero-7d9c5b7f6-x2kqz',
        namespace: 'velero',
        labels: { ...podLabels(velero), 'pod-template-hash': '7d9c5b7f6' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'velero-7d9c5b7f6' }],
      },
      spec: { containers: podSpec(velero).containers },
    });
    // A namespace the inventory does not describe (argocd, zot and synology-csi were examples until they were protected).
    live.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'calico-apiserver', labels: {} } });
    live.push({ ...JSON.parse(JSON.stringify(velero)), metadata: { name: 'calico-apiserver', namespace: 'calico-apiserver' } });

    expect(summarize(live)).toEqual(summarize(current));
  });

  it('keeps the mirror pod of a static pod (owned by its Node) and drops a pod owned by a DaemonSet', () => {
    const apiServer = current.find((m) => m.metadata.name === 'kube-apiserver-control-plane')!;
    const mirror: Manifest = { ...apiServer, metadata: { ...apiServer.metadata, ownerReferences: [{ kind: 'Node', name: 'control-plane' }] } };
    const owned: Manifest = { ...apiServer, metadata: { ...apiServer.metadata, name: 'kube-proxy-x7k2p', ownerReferences: [{ kind: 'DaemonSet', name: 'kube-proxy' }] } };
    expect(trimTool.select([mirror, owned], scope).map((m) => m.metadata.name)).toEqual(['kube-apiserver-control-plane']);
  });

  it('keeps bare pods and hostNetwork in the summary', () => {
    const lines = summarize(current);
    expect(lines).toContain('default\tPod\ttest-pod\trun=test-pod\t\t');
    expect(lines.some((l) => l.includes('prometheus-node-exporter') && l.endsWith('\thostNetwork'))).toBe(true);
  });
});
