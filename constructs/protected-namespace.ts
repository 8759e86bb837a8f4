import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterApi } from './cluster-api';
import { DefaultDeny } from './default-deny';
import { DnsEgress } from './dns-egress';
import { validateDnsLabel } from './dns-label';
import { EgressToIpBlock, EgressToIpBlockProps } from './egress-to-ip-block';
import { EgressToNamespace, EgressToNamespaceProps } from './egress-to-namespace';
import { failAt } from './errors';
import { ExternalHttps } from './external-https';
import { IngressFromNamespace, IngressFromNamespaceProps } from './ingress-from-namespace';
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
   * Ingress from other namespaces' pods, one `allow-<peerName>-ingress` policy each.
   * @default - no other ingress
   */
  readonly ingressFrom?: readonly IngressFromNamespaceProps[];
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
   * Allow egress to the Kubernetes API server (`allow-cluster-api-egress`).
   * @default false
   */
  readonly clusterApi?: boolean;
  /**
   * Allow egress to the internet on TCP 443 (`allow-external-https-egress`).
   * @default false
   */
  readonly externalHttps?: boolean;
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

    new DefaultDeny(this, 'DefaultDeny');
    new DnsEgress(this, 'DnsEgress');
    if (props.prometheusScrapePorts !== undefined) {
      new PrometheusScrape(this, 'PrometheusScrape', { ports: props.prometheusScrapePorts });
    }
    for (const ingress of props.ingressFrom ?? []) {
      new IngressFromNamespace(this, `${pascalCase(ingress.peerName)}Ingress`, ingress);
    }
    for (const egress of props.egressTo ?? []) {
      new EgressToNamespace(this, `${pascalCase(egress.peerName)}Egress`, egress);
    }
    for (const egress of props.egressToIpBlocks ?? []) {
      new EgressToIpBlock(this, `${pascalCase(egress.peerName)}Egress`, egress);
    }
    if (props.withinNamespacePorts !== undefined) {
      new WithinNamespace(this, 'WithinNamespace', { ports: props.withinNamespacePorts });
    }
    if (props.clusterApi === true) {
      new ClusterApi(this, 'ClusterApi');
    }
    if (props.externalHttps === true) {
      new ExternalHttps(this, 'ExternalHttps');
    }
  }
}

/** `ingress-nginx` becomes `IngressNginx`, for construct ids that read like the others. */
function pascalCase(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
