import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/** Annotation and labels every object of this app carries. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** Policies go in before the workloads they protect (ArgoCD applies lower waves first). */
export const SYNC_WAVE = '-40';
export const COMMON_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/component': 'network-policy',
  'app.kubernetes.io/managed-by': 'cdk8s',
};

/** Metadata shared by every object: an explicit name, the common labels and the sync wave. */
export function objectMetadata(name: string): k8s.ObjectMeta {
  return {
    name,
    labels: { ...COMMON_LABELS },
    annotations: { [SYNC_WAVE_ANNOTATION]: SYNC_WAVE },
  };
}

/** The kube-apiserver-set label that names a namespace; present on every namespace since 1.22. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * One peer: pods in `namespace`, narrowed to `podLabels` when given. Both selectors sit in the
 * same peer, so Kubernetes ANDs them; two peers would be ORed.
 */
export function podsInNamespacePeer(namespace: string, podLabels?: Readonly<Record<string, string>>): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    ...(podLabels === undefined ? {} : { podSelector: { matchLabels: { ...podLabels } } }),
  };
}

export interface PolicyResourceProps {
  /** metadata.name: stable, named for intent; renaming it deletes and recreates the policy. */
  readonly name: string;
  /**
   * The pods the policy applies to (see `podSelectorFor`).
   * @default - every pod of the namespace
   */
  readonly podSelector?: k8s.LabelSelector;
  /**
   * Ingress rules. Present (even empty) makes the policy an Ingress policy.
   * @default - the policy says nothing about ingress
   */
  readonly ingress?: k8s.NetworkPolicyIngressRule[];
  /**
   * Egress rules. Present (even empty) makes the policy an Egress policy.
   * @default - the policy says nothing about egress
   */
  readonly egress?: k8s.NetworkPolicyEgressRule[];
}

/**
 * The one NetworkPolicy (id `Resource`) a construct of this app emits, selecting every pod of
 * the chart's namespace unless `podSelector` narrows it. Policies are additive, so one small
 * policy per intent admits exactly what one big policy would, and each allowed connection traces
 * back to one named policy.
 */
export function createPolicyResource(scope: Construct, props: PolicyResourceProps): k8s.KubeNetworkPolicy {
  const policyTypes = [
    ...(props.ingress === undefined ? [] : ['Ingress']),
    ...(props.egress === undefined ? [] : ['Egress']),
  ];
  return new k8s.KubeNetworkPolicy(scope, 'Resource', {
    metadata: objectMetadata(props.name),
    spec: {
      podSelector: props.podSelector ?? {},
      policyTypes,
      ...(props.ingress === undefined || props.ingress.length === 0 ? {} : { ingress: props.ingress }),
      ...(props.egress === undefined || props.egress.length === 0 ? {} : { egress: props.egress }),
    },
  });
}
