import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_AMBIENT } from '../homelab/cluster';
import { AmbientHealthProbes, AmbientHealthProbesProps } from './ambient-health-probes';
import { ApiServerWebhook, ApiServerWebhookProps } from './api-server-webhook';
import { ClusterApi } from './cluster-api';
import { DefaultDeny } from './default-deny';
import { DnsEgress } from './dns-egress';
import { validateDnsLabel } from './dns-label';
import { EgressToIpBlock, EgressToIpBlockProps } from './egress-to-ip-block';
import { ConfigurationError, didYouMean, failAt } from './errors';
import { ExternalHttps } from './external-https';
import { EgressFlowProps, Flow, FlowPolicyNames, IngressFlowProps } from './flows';
import { IcmpEgress, IcmpEgressProps } from './icmp-egress';
import { IngressFromAnySource, IngressFromAnySourceProps } from './ingress-from-any-source';
import { PodLabels, PodSelectionProps } from './pod-selection';
import { Pods } from './pods';
import { Port } from './port';
import { Tightening, TighteningProps } from './tightening';
import { PrometheusScrape } from './prometheus-scrape';
import { SourceSite, callerSite, formatSite, locate } from './source-site';

export interface ProtectedNamespaceProps {
  /**
   * Ports the Prometheus pods may scrape: a flow from PROMETHEUS (cluster.ts) written as
   * `allow-prometheus-scrape` here and `allow-<namespace>-metrics-egress` on Prometheus's side.
   * @default - Prometheus cannot reach the namespace
   */
  readonly prometheusScrapePorts?: readonly Port[];
  /**
   * Narrows the scrape to the pods with these labels, when only some pods of the namespace serve the
   * metrics ports. Needs `prometheusScrapePorts`.
   * @default - every pod of the namespace
   */
  readonly prometheusScrapePods?: PodLabels;
  /**
   * The API server calls a webhook served here (`allow-api-server-webhook-ingress`): its ports,
   * from any source address, since the API server's calls do not come from a pod.
   * @default - no webhook ingress
   */
  readonly apiServerWebhook?: ApiServerWebhookProps;
  /**
   * Admit the kubelet's health probes, which istio-cni sends from 169.254.7.127 in an Istio ambient
   * namespace (`allow-ambient-health-probes-ingress`): `true` for every pod on every TCP port,
   * `{ appliesToPods, ports }` to narrow to the known probe ports, `false` for none. Only for a
   * namespace in the app's ambient mesh: elsewhere the probes come from the node, not that address.
   * @default - `true` when the namespace is in the mesh (NetworkPolicyApp ambientEnrolledNamespaces), else no probe rule
   */
  readonly ambientHealthProbes?: boolean | AmbientHealthProbesProps;
  /**
   * Flows into this namespace, declared here because this namespace owns the relationship (its
   * Ingress, its clients' configuration is its own): the app writes the ingress policy here and the
   * sender's egress policy in the sender's namespace when that one is protected.
   * @default - no flows into the namespace besides those other namespaces declare
   */
  readonly ingressFrom?: readonly IngressFlowProps[];
  /**
   * Ingress on ports open to every source address, one `allow-<peerName>-ingress` policy each: for
   * clients no selector or fixed address names, such as an ingress controller's behind a LoadBalancer.
   * @default - no ingress from arbitrary sources
   */
  readonly ingressFromAnySource?: readonly IngressFromAnySourceProps[];
  /**
   * Flows out of this namespace, declared here because this namespace owns the relationship (it is
   * configured to call the peer): the app writes the egress policy here and the receiver's ingress
   * policy in the receiver's namespace when that one is protected.
   * @default - no flows out of the namespace besides DNS and those other namespaces declare
   */
  readonly egressTo?: readonly EgressFlowProps[];
  /**
   * Egress to addresses outside the pod network, one `allow-<peerName>-egress` policy each.
   * @default - none
   */
  readonly egressToIpBlocks?: readonly EgressToIpBlockProps[];
  /**
   * ICMP egress to addresses outside the pod network, one Calico NetworkPolicy `allow-<peerName>-icmp-egress`
   * each (Kubernetes NetworkPolicy has no ICMP).
   * @default - none
   */
  readonly icmpEgress?: readonly IcmpEgressProps[];
  /**
   * Ports the namespace's own pods may use between each other (`allow-within-namespace`, both
   * directions in one policy).
   * @default - pods of the namespace cannot reach each other
   */
  readonly withinNamespacePorts?: readonly Port[];
  /**
   * Allow egress to the Kubernetes API server (`allow-cluster-api-egress`): `true` for every pod,
   * or `{ appliesToPods }` for the pods with those labels.
   * @default false
   */
  readonly clusterApi?: boolean | PodSelectionProps;
  /**
   * Allow egress to the internet on TCP 443 (`allow-external-https-egress`): `true` for every
   * pod, or `{ appliesToPods }` for the pods with those labels.
   * @default false
   */
  readonly externalHttps?: boolean | PodSelectionProps;
  /**
   * Connections to or from this namespace that the cluster's earlier policies allowed and this one denies on
   * purpose, each with its reason (see TighteningProps); the migration report reads them. Writes no policy.
   * @default - none
   */
  readonly tightened?: readonly TighteningProps[];
}

const PROPS_KEYS: readonly (keyof ProtectedNamespaceProps)[] = [
  'prometheusScrapePorts', 'prometheusScrapePods', 'apiServerWebhook', 'ambientHealthProbes', 'ingressFrom', 'ingressFromAnySource',
  'egressTo', 'egressToIpBlocks', 'icmpEgress', 'withinNamespacePorts', 'clusterApi', 'externalHttps', 'tightened',
];
const TIGHTENING_KEYS: readonly (keyof TighteningProps)[] = ['from', 'to', 'ports', 'reason'];
const INGRESS_FLOW_KEYS: readonly (keyof IngressFlowProps)[] = ['from', 'to', 'ports'];
const EGRESS_FLOW_KEYS: readonly (keyof EgressFlowProps)[] = ['to', 'from', 'ports'];

/** What ProtectedNamespace needs of the app it is composed in (NetworkPolicyApp), without importing it. */
interface FlowResolvingApp {
  readonly ambientEnrolledNamespaces: readonly string[];
  readonly isResolved: boolean;
}

function flowResolvingApp(scope: Construct): FlowResolvingApp | undefined {
  const root = scope.node.root as Partial<FlowResolvingApp>;
  return Array.isArray(root.ambientEnrolledNamespaces) && typeof root.isResolved === 'boolean' ? root as FlowResolvingApp : undefined;
}

/**
 * One namespace's policies, as one chart (one folder in dist/): `default-deny` for both
 * directions, `allow-dns-egress`, one allow policy per entry of the props, and the policies of the
 * flows declared here or by other namespaces that start or end here (written by NetworkPolicyApp
 * when it resolves the flows, so compose it in a NetworkPolicyApp).
 *
 * The construct id is the namespace name. Construct ids below it are derived from the peer
 * names, and policy names from the same names, so both stay stable while entries are added.
 */
const PROTECTED_NAMESPACE = Symbol.for('homelab-netpol.ProtectedNamespace');

export class ProtectedNamespace extends Chart {
  /**
   * Whether `x` is a ProtectedNamespace. Use this, not `instanceof`: cdk8s's Chart answers `instanceof`
   * for every chart (Symbol.hasInstance), subclasses included.
   */
  public static isProtectedNamespace(x: unknown): x is ProtectedNamespace {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[PROTECTED_NAMESPACE] === true;
  }

  /** The namespace name. */
  public readonly name: string;
  /** The flows declared in this namespace's props, in declaration order. */
  public readonly flows: readonly Flow[];
  /** The file that composed the namespace (its declaration, e.g. homelab/namespaces/loki.ts). */
  public readonly declaredAt: SourceSite | undefined;
  /** What this namespace denies on purpose that the cluster's earlier policies allowed. */
  public readonly tightenings: readonly Tightening[];
  private readonly flowList: Flow[];

  constructor(scope: Construct, id: string, props: ProtectedNamespaceProps = {}) {
    const site = callerSite();
    const at = (needles: readonly string[]) => locate(site, needles);
    // Checked before super(): a second chart with this id would fail inside constructs with a
    // message about construct ids rather than about the namespace.
    const path = scope.node.path === '' ? id : `${scope.node.path}/${id}`;
    const existing = scope.node.tryFindChild(id);
    if (ProtectedNamespace.isProtectedNamespace(existing)) {
      const first = existing;
      failAt(path, `Namespace "${id}" is composed twice${first.declaredAt === undefined ? '' : ` (first by ${formatSite(first.declaredAt)})`}. `
        + 'Compose each namespace once, in main.ts, and put all its rules in that one ProtectedNamespace.', site);
    }
    const app = flowResolvingApp(scope);
    if (app?.isResolved === true) {
      failAt(path, `Namespace "${id}" is composed after the app resolved its flows (synth had begun). Compose every namespace before app.synth().`, site);
    }
    checkKeys(path, 'props', props, PROPS_KEYS, at);
    super(scope, id, { namespace: id });
    Object.defineProperty(this, PROTECTED_NAMESPACE, { value: true });
    validateDnsLabel(this, 'Namespace', id);
    this.name = id;
    this.declaredAt = site;

    const enrolled = app?.ambientEnrolledNamespaces ?? ISTIO_AMBIENT.enrolledNamespaces;
    const inMesh = enrolled.includes(id);
    const flows: Flow[] = [];
    this.flows = flows;
    this.flowList = flows;
    const flow = (declaredAs: string, from: Pods, to: Pods, ports: readonly Port[], policyNames?: FlowPolicyNames) =>
      this.declareFlow(declaredAs, from, to, ports, policyNames);

    new DefaultDeny(this, 'DefaultDeny');
    new DnsEgress(this, 'DnsEgress');
    if (props.prometheusScrapePorts !== undefined) {
      new PrometheusScrape(this, 'PrometheusScrape', { ports: props.prometheusScrapePorts, appliesToPods: props.prometheusScrapePods });
    } else if (props.prometheusScrapePods !== undefined) {
      // Labels without ports would silently emit nothing; say which prop is missing.
      failAt(this.node.path, `prometheusScrapePods ${JSON.stringify(props.prometheusScrapePods)} is set without prometheusScrapePorts, `
        + 'so no scrape policy would be written. Add prometheusScrapePorts, e.g. [Port.tcp(9402)], or remove prometheusScrapePods.', at(['prometheusScrapePods']));
    }
    if (props.apiServerWebhook !== undefined) {
      new ApiServerWebhook(this, 'ApiServerWebhook', props.apiServerWebhook);
    }
    const probes = props.ambientHealthProbes ?? inMesh;
    if (probes !== false && !inMesh) {
      // Outside the mesh the kubelet probes from the node's address, so the rule would admit nothing
      // but a link-local source; most likely the namespace is missing from the enrolled list.
      failAt(this.node.path, `ambientHealthProbes is ${probes === true ? 'true' : 'set'}, but namespace "${id}" is not in the Istio ambient mesh `
        + `(ambientEnrolledNamespaces). If it is enrolled (kubectl get namespaces -l istio.io/dataplane-mode=ambient), add "${id}" `
        + 'to ISTIO_AMBIENT.enrolledNamespaces in cluster.ts; otherwise remove ambientHealthProbes.', at(['ambientHealthProbes']));
    }
    if (probes !== false) {
      new AmbientHealthProbes(this, 'AmbientHealthProbes', probes === true ? {} : probes);
    }
    (props.ingressFrom ?? []).forEach((entry, index) => {
      const declaredAs = `ingressFrom[${index}]`;
      checkKeys(path, declaredAs, entry, INGRESS_FLOW_KEYS, at);
      const to = entry.to ?? Pods.all(id);
      checkPods(path, `${declaredAs}.from`, entry.from, at);
      checkPods(path, `${declaredAs}.to`, to, at);
      if (to.namespace !== id) {
        failAt(path, `${declaredAs}.to is ${to.describe()}, in namespace ${to.namespace}; ingressFrom declares flows into "${id}". `
          + `Declare this flow in namespace ${to.namespace}, or as egressTo here if "${id}" sends it.`, at([to.name]));
      }
      flow(declaredAs, entry.from, to, entry.ports);
    });
    for (const ingress of props.ingressFromAnySource ?? []) {
      // The sources are not a namespace, so there is no peer to share the mesh with and no other end.
      new IngressFromAnySource(this, `${pascalCase(ingress.peerName)}Ingress`, ingress);
    }
    (props.egressTo ?? []).forEach((entry, index) => {
      const declaredAs = `egressTo[${index}]`;
      checkKeys(path, declaredAs, entry, EGRESS_FLOW_KEYS, at);
      const from = entry.from ?? Pods.all(id);
      checkPods(path, `${declaredAs}.to`, entry.to, at);
      checkPods(path, `${declaredAs}.from`, from, at);
      if (from.namespace !== id) {
        failAt(path, `${declaredAs}.from is ${from.describe()}, in namespace ${from.namespace}; egressTo declares flows out of "${id}". `
          + `Declare this flow in namespace ${from.namespace}, or as ingressFrom here if "${id}" receives it.`, at([from.name]));
      }
      flow(declaredAs, from, entry.to, entry.ports);
    });
    for (const egress of props.egressToIpBlocks ?? []) {
      new EgressToIpBlock(this, `${pascalCase(egress.peerName)}Egress`, egress);
    }
    for (const icmp of props.icmpEgress ?? []) {
      new IcmpEgress(this, `${pascalCase(icmp.peerName)}IcmpEgress`, icmp);
    }
    if (props.withinNamespacePorts !== undefined) {
      flow('withinNamespacePorts', Pods.all(id), Pods.all(id), props.withinNamespacePorts, {
        ingress: 'allow-within-namespace',
        egress: 'allow-within-namespace',
      });
    }
    if (props.clusterApi !== undefined && props.clusterApi !== false) {
      new ClusterApi(this, 'ClusterApi', props.clusterApi === true ? {} : props.clusterApi);
    }
    if (props.externalHttps !== undefined && props.externalHttps !== false) {
      new ExternalHttps(this, 'ExternalHttps', props.externalHttps === true ? {} : props.externalHttps);
    }
    this.tightenings = (props.tightened ?? []).map((tightening, index) => {
      checkKeys(path, `tightened[${index}]`, tightening, TIGHTENING_KEYS, at);
      if (typeof tightening.reason !== 'string' || tightening.reason.trim() === '') {
        failAt(path, `tightened[${index}] has no reason. Say what was allowed, what is allowed now, and why that is enough.`, at(['tightened']));
      }
      if (tightening.ports !== undefined) checkPorts(path, `tightened[${index}]`, tightening.ports, at);
      return { ...tightening, declaredIn: id, declaredAt: site };
    });
    this.node.addValidation({
      validate: () => (flows.length > 0 && flowResolvingApp(this)?.isResolved !== true
        ? [`Namespace "${id}" declares ${flows.length} flow(s), but its app did not resolve them, so their policies would be missing. `
          + 'Compose ProtectedNamespace in a NetworkPolicyApp (whose synth resolves the flows), or call resolve() on it before synthesizing.']
        : []),
    });
  }

  /**
   * Declares a flow with one end in this namespace (for constructs such as PrometheusScrape; the props'
   * ingressFrom and egressTo come here too). The app writes its policies when it resolves the flows.
   */
  public declareFlow(declaredAs: string, from: Pods, to: Pods, ports: readonly Port[], policyNames?: FlowPolicyNames): void {
    const site = this.declaredAt;
    const at = (needles: readonly string[]) => locate(site, needles);
    if (flowResolvingApp(this)?.isResolved === true) {
      failAt(this.node.path, `${declaredAs}: a flow is declared after the app resolved its flows (synth had begun). Declare it while composing.`, site);
    }
    if (from.namespace !== this.name && to.namespace !== this.name) {
      failAt(this.node.path, `${declaredAs}: neither end of the flow from ${from.describe()} to ${to.describe()} is in namespace "${this.name}". `
        + 'Declare a flow in the namespace of one of its ends.', site);
    }
    checkPorts(this.node.path, declaredAs, ports, at);
    this.flowList.push({ from, to, ports, declaredIn: this.name, declaredAs, declaredAt: site, ...(policyNames === undefined ? {} : { policyNames }) });
  }
}

/** Refuses a misspelt or unknown key, which TypeScript only catches in a fresh object literal. */
function checkKeys(path: string, where: string, value: object, known: readonly string[], at: (needles: readonly string[]) => SourceSite | undefined): void {
  if (typeof value !== 'object' || value === null) {
    throw new ConfigurationError(`[${path}] ${where} is ${JSON.stringify(value)}; it must be an object.`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      failAt(path, `${where} has the unknown key "${key}".${didYouMean(key, known)} The keys are: ${known.join(', ')}.`, at([`${key}:`, key]));
    }
  }
}

function checkPods(path: string, where: string, value: unknown, at: (needles: readonly string[]) => SourceSite | undefined): void {
  if (!(value instanceof Pods)) {
    const hint = typeof value === 'string'
      ? ` Name the pods with Pods.all(${JSON.stringify(value)}) or Pods.select(${JSON.stringify(value)}, name, labels).`
      : ' Use Pods.all(namespace) or Pods.select(namespace, name, labels) (constructs/pods.ts); a Pods value defined in a module that '
        + 'imports this one in a cycle is still undefined here: define it in cluster.ts or in the namespace\'s own file.';
    failAt(path, `${where} is ${JSON.stringify(value) ?? String(value)}, not a Pods value.${hint}`, at(typeof value === 'string' ? [value] : []));
  }
}

/** Refuses a bare number or an empty list where Ports are expected, with the fix. */
function checkPorts(path: string, where: string, ports: unknown, at: (needles: readonly string[]) => SourceSite | undefined): void {
  if (!Array.isArray(ports)) {
    failAt(path, `${where}: ports is ${JSON.stringify(ports)}; give a list, e.g. [Port.tcp(8080)].`, at([String(ports)]));
  }
  if (ports.length === 0) {
    failAt(path, `${where}: ports is empty; an empty list would allow every port. Give at least one, e.g. [Port.tcp(8080)].`);
  }
  ports.forEach((port, index) => {
    if (!(port instanceof Port)) {
      const fix = typeof port === 'number' ? ` Write Port.tcp(${port}) (or Port.udp(${port})).` : ' Use Port.tcp(n), Port.udp(n) or Port.tcpRange(a, b).';
      failAt(path, `${where}: ports[${index}] is ${JSON.stringify(port)}, not a Port.${fix}`, at(typeof port === 'number' ? [`${port}]`, `${port},`, String(port)] : []));
    }
    const problem = port.problem;
    if (problem !== undefined) {
      failAt(path, `${where}: ports[${index}]: ${problem}`, at([String(port.port)]));
    }
  });
}

/** `ingress-nginx` becomes `IngressNginx`, for construct ids that read like the others. */
function pascalCase(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
