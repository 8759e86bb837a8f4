import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { PROMETHEUS } from '../homelab/cluster';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource, podsInNamespacePeer } from './policy-resource';

export interface PrometheusScrapeProps extends PodSelectionProps {
  /** The metrics ports Prometheus scrapes. */
  readonly ports: readonly Port[];
}

/**
 * `allow-prometheus-scrape`: ingress from the Prometheus pods on the metrics ports.
 *
 * The seed admitted every pod of Prometheus's namespace (`default`); this admits only the pods
 * labelled as Prometheus, so an arbitrary pod in `default` cannot reach the metrics ports.
 */
export class PrometheusScrape extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: PrometheusScrapeProps) {
    super(scope, id);
    this.policy = createPolicyResource(this, {
      name: 'allow-prometheus-scrape',
      podSelector: podSelectorFor(this, props.appliesToPods),
      ingress: [{
        from: [podsInNamespacePeer(PROMETHEUS.namespace, PROMETHEUS.podLabels)],
        ports: bindPorts(this, props.ports),
      }],
    });
  }
}
