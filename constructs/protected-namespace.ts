import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_AMBIENT, PROMETHEUS } from '../homelab/cluster';
import { AmbientHealthProbes, AmbientHealthProbesProps } from './ambient-health-probes';
import { ApiServerWebhook, ApiServerWebhookProps } from './api-server-webhook';
import { ClusterApi } from './cluster-api';
import { DefaultDeny } from './default-deny';
import { DnsEgress } from './dns-egress';
import { validateDnsLabel } from './dns-label';
import { EgressToIpBlock, EgressToIpBlockProps } from './egress-to-ip-block';
import { EgressToNamespace, EgressToNamespaceProps } from './egress-to-namespace';
import { failAt } from './errors';
import { ExternalHttps } from './external-https';
import { IngressFromAnySource, IngressFromAnySourceProps } from './ingress-from-any-source';
import { IngressFromNamespace, IngressFromNamespaceProps } from './ingress-from-namespace';
import { meshPorts } from './mesh-ports';
import { PodLabels, PodSelectionProps } from './pod-selection';
import { Port } from './port';
import { PrometheusScrape } from './prometheus-scrape';
import { WithinNamespace } from './within-namespace';

export interface ProtectedNamespaceProps {
  /**
   * Ports the Prometheus pods may scrape (`allow-prometheus-scrape`).
   * @default - Prometheus cannot reach the namespace
   */
  readonly prometheusScrapePorts?: readonly Port[];
  /**
   * Narrows `allow-prometheus-scrape` to the pods with these labels, when only some pods of the
   * namespace serve the metrics ports. Needs `prometheusScrapePorts`.
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
   * namespace in `ambientEnrolledNamespaces`: elsewhere the probes come from the node, not that address.
   * @default - `true` when the namespace is in `ambientEnrolledNamespaces`, else no probe rule
   */
  readonly ambientHealthProbes?: boolean | AmbientHealthProbesProps;
  /**
   * The namespaces in the Istio ambient mesh. When this namespace is one of them, every rule to or
   * from a pod of another enrolled namespace (the scrape from Prometheus's namespace, `ingressFrom`,
   * `egressTo`, `withinNamespacePorts`) also admits TCP 15008 (HBONE, see meshPorts), and the
   * kubelet's probes are admitted by default (`ambientHealthProbes`).
   * @default ISTIO_AMBIENT.enrolledNamespaces (cluster.ts)
   */
  readonly ambientEnrolledNamespaces?: readonly string[];
  /**
   * Ingress from other namespaces' pods, one `allow-<peerName>-ingress` policy each.
   * @default - no other ingress
   */
  readonly ingressFrom?: readonly IngressFromNamespaceProps[];
  /**
   * Ingress on ports open to every source address, one `allow-<peerName>-ingress` policy each: for
   * clients no selector or fixed address names, such as an ingress controller's behind a LoadBalancer.
   * @default - no ingress from arbitrary sources
   */
  readonly ingressFromAnySource?: readonly IngressFromAnySourceProps[];
  /**
   * Egress to other namespaces' pods, one `allow-<peerName>-egress` policy each.
   * @default - no egress to other namespaces besides DNS
   */
  readonly egressTo?: readonly EgressToNamespaceProps[];
  /**
   * Egress to addresses outside the pod network, one `allow-<peerName>-egress` policy each.
   * @default - none
   */
  readonly egressToIpBlocks?: readonly EgressToIpBlockProps[];
  /**
   * Ports the namespace's own pods may use between each other (`allow-within-namespace`).
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
}

/**
 * One namespace's policies, as one chart (one folder in dist/): `default-deny` for both
 * directions, `allow-dns-egress`, and one allow policy per entry of the props.
 *
 * The construct id is the namespace name. Construct ids below it are derived from the peer
 * names, and policy names from the same names, so both stay stable while entries are added.
 */
export class ProtectedNamespace extends Chart {
  constructor(scope: Construct, id: string, props: ProtectedNamespaceProps = {}) {
    // Checked before super(): a second chart with this id would fail inside constructs with a
    // message about construct ids rather than about the namespace.
    if (scope.node.tryFindChild(id) instanceof ProtectedNamespace) {
      failAt(scope.node.path === '' ? id : `${scope.node.path}/${id}`,
        `Namespace "${id}" is composed twice. Compose each namespace once and put all its rules in that one ProtectedNamespace.`);
    }
    super(scope, id, { namespace: id });
    validateDnsLabel(this, 'Namespace', id);

    const enrolled = props.ambientEnrolledNamespaces ?? ISTIO_AMBIENT.enrolledNamespaces;
    const inMesh = enrolled.includes(id);
    // The ports of a rule between this namespace and `peer`, with HBONE when both are in the mesh.
    const withMesh = (ports: readonly Port[], peer: string) => meshPorts(ports, id, peer, enrolled);

    new DefaultDeny(this, 'DefaultDeny');
    new DnsEgress(this, 'DnsEgress');
    if (props.prometheusScrapePorts !== undefined) {
      new PrometheusScrape(this, 'PrometheusScrape', {
        ports: withMesh(props.prometheusScrapePorts, PROMETHEUS.namespace),
        appliesToPods: props.prometheusScrapePods,
      });
    } else if (props.prometheusScrapePods !== undefined) {
      // Labels without ports would silently emit nothing; say which prop is missing.
      failAt(this.node.path, `prometheusScrapePods ${JSON.stringify(props.prometheusScrapePods)} is set without prometheusScrapePorts, `
        + 'so no scrape policy would be written. Add prometheusScrapePorts, e.g. [Port.tcp(9402)], or remove prometheusScrapePods.');
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
        + 'to ISTIO_AMBIENT.enrolledNamespaces in cluster.ts; otherwise remove ambientHealthProbes.');
    }
    if (probes !== false) {
      new AmbientHealthProbes(this, 'AmbientHealthProbes', probes === true ? {} : probes);
    }
    for (const ingress of props.ingressFrom ?? []) {
      new IngressFromNamespace(this, `${pascalCase(ingress.peerName)}Ingress`, { ...ingress, ports: withMesh(ingress.ports, ingress.namespace) });
    }
    for (const ingress of props.ingressFromAnySource ?? []) {
      // Not through meshPorts: the sources are not a namespace, so there is no peer to share the mesh with.
      new IngressFromAnySource(this, `${pascalCase(ingress.peerName)}Ingress`, ingress);
    }
    for (const egress of props.egressTo ?? []) {
      new EgressToNamespace(this, `${pascalCase(egress.peerName)}Egress`, { ...egress, ports: withMesh(egress.ports, egress.namespace) });
    }
    for (const egress of props.egressToIpBlocks ?? []) {
      new EgressToIpBlock(this, `${pascalCase(egress.peerName)}Egress`, egress);
    }
    if (props.withinNamespacePorts !== undefined) {
      new WithinNamespace(this, 'WithinNamespace', { ports: withMesh(props.withinNamespacePorts, id) });
    }
    if (props.clusterApi !== undefined && props.clusterApi !== false) {
      new ClusterApi(this, 'ClusterApi', props.clusterApi === true ? {} : props.clusterApi);
    }
    if (props.externalHttps !== undefined && props.externalHttps !== false) {
      new ExternalHttps(this, 'ExternalHttps', props.externalHttps === true ? {} : props.externalHttps);
    }
  }
}

/** `ingress-nginx` becomes `IngressNginx`, for construct ids that read like the others. */
function pascalCase(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
