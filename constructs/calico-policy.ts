import { ApiObjectMetadata } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  GlobalNetworkPolicySpecEgress,
  GlobalNetworkPolicySpecEgressAction,
  GlobalNetworkPolicySpecEgressDestination,
  GlobalNetworkPolicySpecEgressDestinationPorts,
  GlobalNetworkPolicySpecEgressProtocol,
} from '../imports/calicov3-globalnetworkpolicy-projectcalico.org';
import { fail } from './errors';
import { COMMON_LABELS, SYNC_WAVE, SYNC_WAVE_ANNOTATION } from './policy-resource';
import { Port, bindPorts } from './port';

/*
 * Calico's fixed orders, from its sources and docs (checked for v3.31):
 * - the `default` tier has order 1,000,000 and is evaluated last; it holds every Kubernetes
 *   NetworkPolicy and every Calico policy without a tier (api/pkg/apis/projectcalico/v3/tier.go
 *   `DefaultTierOrder`; release note of calico PR 9085);
 * - the tier of AdminNetworkPolicies has order 1,000 (tier.go `AdminNetworkPolicyTierOrder`);
 * - a Kubernetes NetworkPolicy becomes a Calico policy of order 1000 in the default tier
 *   (calico issue 3981, caseydavenport: "The order is 1000", libcalico-go k8s conversion).
 * Tiers and policies are applied lowest order first (Calico reference, Tier and
 * GlobalNetworkPolicy: "Calico applies the policy with the lowest value first").
 */
export const DEFAULT_TIER = 'default';
export const DEFAULT_TIER_ORDER = 1_000_000;
export const ADMIN_NETWORK_POLICY_TIER_ORDER = 1_000;
export const KUBERNETES_NETWORK_POLICY_ORDER = 1_000;

/**
 * Tier names Calico creates or reserves itself (v3.31: `default`, `adminnetworkpolicy`,
 * `baselineadminnetworkpolicy`; v3.32 adds `kube-admin` and `kube-baseline`, whose CRD refuses
 * any defaultAction but Pass). A tier of ours must not take one of them.
 */
export const RESERVED_TIER_NAMES: readonly string[] = [
  DEFAULT_TIER, 'adminnetworkpolicy', 'baselineadminnetworkpolicy', 'kube-admin', 'kube-baseline',
];

/**
 * A GlobalNetworkPolicy names a Tier, and the Calico API server refuses a policy whose tier does
 * not exist yet, so the Tier goes one ArgoCD sync wave earlier than everything else (-41 < -40).
 */
export const TIER_SYNC_WAVE = String(Number(SYNC_WAVE) - 1);

/** Metadata of a cluster-scoped Calico object: explicit name, the common labels, a sync wave. */
export function calicoMetadata(name: string, syncWave: string = SYNC_WAVE): ApiObjectMetadata {
  return {
    name,
    labels: { ...COMMON_LABELS },
    annotations: { [SYNC_WAVE_ANNOTATION]: syncWave },
  };
}

/**
 * Refuses an order that is not a finite number in the open range (`after`, `before`; `before`
 * may be Infinity): the position of a tier or policy is its whole meaning, so a wrong one is
 * refused at synth.
 *
 * @param what how the message names the value, e.g. `Tier order`
 * @param why the reason the range exists, appended to the message
 */
export function validateOrder(scope: IConstruct, what: string, order: number, after: number, before: number, why: string): void {
  if (!Number.isFinite(order) || order <= after || order >= before) {
    const range = Number.isFinite(before) ? `a number between ${after} and ${before} (both excluded)` : `a finite number above ${after}`;
    const example = Number.isFinite(before) ? Math.round((after + before) / 2) : after * 10;
    fail(scope, `${what} ${order} is not ${range}: ${why}. Use an order such as ${example}.`);
  }
}

/**
 * Egress rules with `action` to `destination` on `ports`: one rule per protocol, because a
 * Calico rule matches a single protocol (Calico reference, Rule: `protocol` is one value).
 * A range is written `start:end`, Calico's form for port ranges (Calico reference, "Ports").
 */
export function egressPortRules(
  scope: IConstruct,
  action: GlobalNetworkPolicySpecEgressAction,
  destination: Omit<GlobalNetworkPolicySpecEgressDestination, 'ports'>,
  ports: readonly Port[],
): GlobalNetworkPolicySpecEgress[] {
  // bindPorts validates every port and refuses an empty list (which would match every port).
  bindPorts(scope, ports);
  // In the order the protocols first appear, so the rules read like the list they came from.
  const protocols = [...new Set(ports.map((port) => port.protocol))];
  return protocols.map((protocol) => ({
    action,
    protocol: GlobalNetworkPolicySpecEgressProtocol.fromString(protocol),
    destination: {
      ...destination,
      ports: ports.filter((port) => port.protocol === protocol).map((port) => (port.endPort === undefined
        ? GlobalNetworkPolicySpecEgressDestinationPorts.fromNumber(port.port)
        : GlobalNetworkPolicySpecEgressDestinationPorts.fromString(`${port.port}:${port.endPort}`))),
    },
  }));
}
