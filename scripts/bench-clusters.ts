/**
 * Synthetic clusters for `npm run bench:analyzer` (scripts/bench-analyzer.ts). Deterministic: the same
 * seed gives the same bytes, so figures from two runs or two machines describe the same input.
 */

/** mulberry32: a small, fast, seedable PRNG (public domain); the benchmark needs repeatability, not quality. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = Record<string, unknown>;

/** What `kubectl get -A -o json` prints: one List, four-space indentation. */
export function kubectlJson(items: readonly object[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
}

const COMPONENTS = ['frontend', 'api', 'backend', 'worker', 'db', 'cache', 'frontend', 'api', 'backend', 'worker'] as const;
const COMPONENT_PORTS: Readonly<Record<string, readonly { name: string; base: number; protocol?: string }[]>> = {
  frontend: [{ name: 'http', base: 8080 }, { name: 'metrics', base: 9090 }],
  api: [{ name: 'http', base: 8000 }, { name: 'grpc', base: 50051 }, { name: 'metrics', base: 9100 }],
  backend: [{ name: 'http', base: 8081 }, { name: 'metrics', base: 9091 }],
  worker: [{ name: 'metrics', base: 9092 }],
  db: [{ name: 'postgres', base: 5432 }, { name: 'metrics', base: 9187 }],
  cache: [{ name: 'redis', base: 6379 }, { name: 'metrics', base: 9121 }],
};

/**
 * A company cluster as `kubectl get namespaces,deployments,statefulsets,daemonsets,networkpolicies -A
 * -o json` prints it: `namespaces` namespaces (kube-system, monitoring and ingress-nginx among them)
 * of `workloadsPerNamespace` workloads each, and `policiesPerNamespace` NetworkPolicies per namespace:
 * default deny, DNS egress, Prometheus scrapes on the named port `metrics`, the Ingress controller to
 * frontends, tier-to-tier allows inside the namespace on named ports, calls to another team's API
 * (namespaceSelector and podSelector), egress to external CIDRs with exceptions, and a few
 * matchExpressions. Container port numbers vary per workload, as they do in real clusters, so a named
 * port resolves differently for almost every workload. Objects carry the metadata kubectl prints
 * (uid, resourceVersion, creationTimestamp, last-applied-configuration, status), so the file is as
 * large as a real one.
 */
export function companyCluster(options: { namespaces: number; workloadsPerNamespace: number; policiesPerNamespace: number; seed: number }): object[] {
  const rand = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const teams = Array.from({ length: 25 }, (_, i) => `team-${i}`);
  const items: object[] = [];
  let serial = 0;
  const metadata = (name: string, namespace: string | undefined, extra: Json = {}): Json => {
    serial++;
    const uid = `${(serial * 2654435761 >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`;
    return { creationTimestamp: '2024-03-01T10:00:00Z', generation: 1, name, ...(namespace === undefined ? {} : { namespace }), resourceVersion: String(100000 + serial), uid, ...extra };
  };
  const lastApplied = (object: Json): Json => ({ 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(object)}\n` });

  const infra = ['kube-system', 'monitoring', 'ingress-nginx'];
  const names = [...infra, ...Array.from({ length: options.namespaces - infra.length }, (_, i) => `app-${String(i).padStart(3, '0')}`)];
  const teamOf = new Map(names.map((ns, i) => [ns, i < infra.length ? 'platform' : teams[i % teams.length]]));

  for (const ns of names) {
    const labels = { 'kubernetes.io/metadata.name': ns, team: teamOf.get(ns)!, env: pick(['prod', 'prod', 'staging', 'dev']) };
    items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: metadata(ns, undefined, { labels }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }

  for (const ns of names) {
    for (let w = 0; w < options.workloadsPerNamespace; w++) {
      const component = ns === 'kube-system' && w === 0 ? 'dns' : ns === 'monitoring' && w === 0 ? 'prometheus' : ns === 'ingress-nginx' && w === 0 ? 'controller' : COMPONENTS[w % COMPONENTS.length];
      const app = component === 'dns' ? 'coredns' : component === 'prometheus' ? 'prometheus' : component === 'controller' ? 'ingress-nginx' : `${component}-${w}`;
      const labels: Record<string, string> = { app, 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': ns, component, version: `v${1 + Math.floor(rand() * 3)}` };
      if (component === 'dns') labels['k8s-app'] = 'kube-dns';
      const ports = component === 'dns'
        ? [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }]
        : component === 'prometheus' || component === 'controller'
          ? [{ name: 'http', containerPort: component === 'prometheus' ? 9090 : 80, protocol: 'TCP' }, { name: 'metrics', containerPort: 10254, protocol: 'TCP' }]
          : COMPONENT_PORTS[component].map((p) => ({ name: p.name, containerPort: p.base + Math.floor(rand() * 20), protocol: p.protocol ?? 'TCP' }));
      const kind = component === 'db' || component === 'cache' ? 'StatefulSet' : ns === 'monitoring' && w === 5 ? 'DaemonSet' : 'Deployment';
      const template = {
        metadata: { creationTimestamp: null, labels },
        spec: {
          containers: [{ image: `registry.example.com/${ns}/${app}:${labels.version}`, imagePullPolicy: 'IfNotPresent', name: app, ports, resources: { limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } }, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          serviceAccountName: app,
          terminationGracePeriodSeconds: 30,
        },
      };
      const spec: Json = { replicas: kind === 'DaemonSet' ? undefined : 2, revisionHistoryLimit: 10, selector: { matchLabels: { app } }, template };
      const applied = { apiVersion: 'apps/v1', kind, metadata: { name: app, namespace: ns }, spec: { selector: { matchLabels: { app } }, template } };
      items.push({
        apiVersion: 'apps/v1',
        kind,
        metadata: metadata(app, ns, { annotations: lastApplied(applied), labels: { app } }),
        spec,
        status: { availableReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2, updatedReplicas: 2 },
      });
    }
  }

  const policy = (ns: string, name: string, spec: Json): object => {
    const applied = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
    return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata(name, ns, { annotations: lastApplied(applied) }), spec };
  };
  const inNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  const byComponent = (component: string) => ({ matchLabels: { component } });
  // The external services the teams call (managed databases, partner APIs): a few dozen address blocks.
  const externals = Array.from({ length: 24 }, () => `${11 + Math.floor(rand() * 150)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.0/24`);
  const cidr = () => pick(externals);

  for (const ns of names) {
    const generators: (() => object)[] = [
      () => policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      () => policy(ns, 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ...inNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] }),
      () => policy(ns, 'allow-prometheus', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ...inNamespace('monitoring'), podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 'metrics' }] }] }),
      () => policy(ns, 'allow-ingress-controller', { podSelector: byComponent('frontend'), policyTypes: ['Ingress'], ingress: [{ from: [{ ...inNamespace('ingress-nginx'), podSelector: { matchLabels: { app: 'ingress-nginx' } } }], ports: [{ port: 'http' }] }] }),
      () => policy(ns, 'frontend-to-api', { podSelector: byComponent('api'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: byComponent('frontend') }], ports: [{ port: 'http' }, { port: 'grpc' }] }] }),
      () => policy(ns, 'api-to-backend', { podSelector: { matchExpressions: [{ key: 'component', operator: 'In', values: ['backend', 'worker'] }] }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: byComponent('api') }], ports: [{ port: 'http' }] }] }),
      () => policy(ns, 'backend-to-data', { podSelector: { matchExpressions: [{ key: 'component', operator: 'In', values: ['db', 'cache'] }] }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'component', operator: 'In', values: ['backend', 'worker', 'api'] }] } }], ports: [{ port: 'postgres' }, { port: 'redis' }] }] }),
      () => policy(ns, 'egress-in-namespace', { podSelector: { matchExpressions: [{ key: 'component', operator: 'NotIn', values: ['db'] }] }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] }),
      () => {
        // Calls to the API of another team's namespace, and that namespace's ingress from this team.
        const other = pick(names);
        return policy(ns, 'cross-team-api', {
          podSelector: { matchExpressions: [{ key: 'component', operator: 'In', values: ['api', 'backend'] }, { key: 'version', operator: 'Exists' }] },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: teamOf.get(pick(names))! } }, podSelector: byComponent('backend') }], ports: [{ port: 'http' }] }],
          egress: [{ to: [{ namespaceSelector: { matchLabels: { team: teamOf.get(other)! } }, podSelector: byComponent('api') }], ports: [{ port: 8000, endPort: 8019 }] }],
        });
      },
      () => policy(ns, 'egress-external', {
        podSelector: { matchExpressions: [{ key: 'component', operator: 'In', values: ['backend', 'worker'] }] },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ port: 443 }] }, { to: [{ ipBlock: { cidr: cidr() } }], ports: [{ port: 5432 }, { port: 6379 }] }],
      }),
    ];
    for (let p = 0; p < options.policiesPerNamespace; p++) {
      const made = generators[p % generators.length]() as { metadata: { name: string } };
      if (p >= generators.length) made.metadata.name = `${made.metadata.name}-${Math.floor(p / generators.length)}`;
      items.push(made);
    }
  }
  return items;
}

/**
 * Calico on top of a cluster (`companyCluster`'s namespaces): a platform tier (order 100) that logs
 * and passes, admits DNS to kube-dns, allows Prometheus and denies one address range; per namespace a
 * Calico NetworkPolicy allowing ICMP echo requests from the monitoring namespace (the blackbox
 * exporter's probes) and out to the 10.0.0.0/8 network; and, in the
 * default tier, a late GlobalNetworkPolicy that logs and denies everything else.
 */
export function calicoObjects(namespaces: readonly string[]): object[] {
  const calico = (kind: string, name: string, namespace: string | undefined, spec: Json) => ({ apiVersion: 'projectcalico.org/v3', kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, spec });
  const objects: object[] = [
    calico('Tier', 'platform', undefined, { order: 100, defaultAction: 'Pass' }),
    calico('GlobalNetworkPolicy', 'platform.allow-dns', undefined, {
      tier: 'platform',
      order: 10,
      selector: 'all()',
      types: ['Egress'],
      egress: [{ action: 'Allow', protocol: 'UDP', destination: { selector: "k8s-app == 'kube-dns'", namespaceSelector: "kubernetes.io/metadata.name == 'kube-system'", ports: [53] } }],
    }),
    calico('GlobalNetworkPolicy', 'platform.deny-metadata', undefined, {
      tier: 'platform',
      order: 20,
      selector: 'all()',
      types: ['Egress'],
      egress: [{ action: 'Log', destination: { nets: ['169.254.169.254/32'] } }, { action: 'Deny', destination: { nets: ['169.254.169.254/32'] } }, { action: 'Pass' }],
    }),
    calico('GlobalNetworkPolicy', 'platform.allow-prometheus', undefined, {
      tier: 'platform',
      order: 30,
      selector: 'has(app)',
      types: ['Ingress'],
      ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: "app == 'prometheus'", namespaceSelector: "kubernetes.io/metadata.name == 'monitoring'" }, destination: { ports: ['metrics'] } }],
    }),
    calico('GlobalNetworkPolicy', 'log-and-deny', undefined, { order: 10000, selector: 'all()', types: ['Ingress', 'Egress'], ingress: [{ action: 'Log' }, { action: 'Deny' }], egress: [{ action: 'Log' }, { action: 'Deny' }] }),
  ];
  for (const ns of namespaces) {
    objects.push(calico('NetworkPolicy', 'allow-icmp', ns, {
      order: 500,
      selector: 'all()',
      types: ['Ingress', 'Egress'],
      ingress: [{ action: 'Allow', protocol: 'ICMP', icmp: { type: 8, code: 0 }, source: { namespaceSelector: "kubernetes.io/metadata.name == 'monitoring'" } }],
      egress: [{ action: 'Allow', protocol: 'ICMP', icmp: { type: 8, code: 0 }, destination: { nets: ['10.0.0.0/8'] } }],
    }));
  }
  return objects;
}

const WORKLOADS_PER_NAMESPACE = 10;
const TIERS = ['frontend', 'backend', 'backend', 'db', 'worker'];

/** The homelab-like cluster of the earlier benchmark (one of each workload's policies per `policies`): namespaces of ten apps in tiers, default deny, DNS egress, tier-to-tier allows. */
export function homelabLike(workloads: number, policies: 'namespace' | 'workload' | 'none'): object[] {
  const documents: object[] = [];
  const namespaces = Math.ceil(workloads / WORKLOADS_PER_NAMESPACE);
  documents.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  documents.push(deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }]));
  for (let n = 0; n < namespaces; n++) {
    const namespace = `ns-${n}`;
    documents.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { team: `team-${n % 7}`, env: n % 3 === 0 ? 'prod' : 'dev' } } });
    for (let w = 0; w < WORKLOADS_PER_NAMESPACE && n * WORKLOADS_PER_NAMESPACE + w < workloads; w++) {
      const tier = TIERS[w % TIERS.length];
      documents.push(deployment(namespace, `app-${w}`, { app: `app-${w}`, tier, 'app.kubernetes.io/part-of': namespace }, [{ name: 'http', containerPort: 8080 + (w % 3) }]));
      if (policies === 'workload') documents.push(workloadPolicy(namespace, w, tier));
    }
    if (policies === 'none') continue;
    documents.push(policy(namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    if (policies === 'namespace') {
      documents.push(
        policy(namespace, 'allow-tiers', {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'db'] }] },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            { from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }], ports: [{ port: 'http' }] },
            { from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { tier: 'worker' } } }], ports: [{ port: 8080, endPort: 8082 }] },
          ],
          egress: [
            { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] },
            { to: [{ ipBlock: { cidr: `10.${n % 256}.0.0/16`, except: [`10.${n % 256}.1.0/24`] } }], ports: [{ port: 443 }] },
          ],
        }),
      );
    }
  }
  return documents;
}

function workloadPolicy(namespace: string, index: number, tier: string): object {
  const egress: object[] = [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }];
  if (tier === 'frontend') egress.push({ to: [{ podSelector: { matchLabels: { tier: 'backend' } } }], ports: [{ port: 'http' }] });
  if (index % 4 === 0) egress.push({ to: [{ ipBlock: { cidr: `192.168.${index % 200}.0/24` } }], ports: [{ port: 443 }] });
  return policy(namespace, `app-${index}`, {
    podSelector: { matchLabels: { app: `app-${index}` } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: `app-${(index + 1) % WORKLOADS_PER_NAMESPACE}` } } }, { namespaceSelector: { matchLabels: { team: 'team-0' } }, podSelector: { matchLabels: { tier: 'frontend' } } }], ports: [{ port: 'http' }] }],
    egress,
  });
}

function deployment(namespace: string, name: string, labels: Record<string, string>, ports: object[]): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'example', ports }] } } },
  };
}

function policy(namespace: string, name: string, spec: object): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}
