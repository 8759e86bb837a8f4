import { Construct } from 'constructs';
import { PROMETHEUS } from '../homelab/cluster';
import { fail } from './errors';
import { PodLabels } from './pod-selection';
import { Pods } from './pods';
import { Port } from './port';
import { ProtectedNamespace } from './protected-namespace';

export interface PrometheusScrapeProps {
  /** The metrics ports Prometheus scrapes. */
  readonly ports: readonly Port[];
  /**
   * Narrows the scrape to the pods with these labels, when only some pods of the namespace serve the ports.
   * @default - every pod of the namespace
   */
  readonly appliesToPods?: PodLabels;
  /**
   * The Prometheus pods.
   * @default PROMETHEUS (cluster.ts)
   */
  readonly prometheus?: Pods;
}

/**
 * The scrape of a namespace's metrics ports by the Prometheus pods, as one flow: `allow-prometheus-scrape`
 * in this namespace and, when Prometheus's namespace is protected, `allow-<namespace>-metrics-egress` on
 * Prometheus's side (both written when the app resolves its flows, HBONE added where both are in the mesh).
 *
 * The seed admitted every pod of Prometheus's namespace (`default`); this admits only the pods labelled as
 * Prometheus, so an arbitrary pod in `default` cannot reach the metrics ports.
 */
export class PrometheusScrape extends Construct {
  constructor(scope: Construct, id: string, props: PrometheusScrapeProps) {
    super(scope, id);
    if (!ProtectedNamespace.isProtectedNamespace(scope)) {
      fail(this, 'PrometheusScrape declares a flow into its namespace, so compose it in a ProtectedNamespace (or use its prometheusScrapePorts prop).');
    }
    const namespace = scope.name;
    const scraped = props.appliesToPods === undefined ? Pods.all(namespace) : Pods.select(namespace, `${namespace}-metrics`, props.appliesToPods);
    scope.declareFlow('prometheusScrapePorts', props.prometheus ?? PROMETHEUS, scraped, props.ports, {
      ingress: 'allow-prometheus-scrape',
      egress: `allow-${namespace}-metrics-egress`,
    });
  }
}
