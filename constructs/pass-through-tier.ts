import { Construct } from 'constructs';
import { Tier } from '../imports/calicov3-tier-projectcalico.org';
import {
  ADMIN_NETWORK_POLICY_TIER_ORDER, DEFAULT_TIER_ORDER, RESERVED_TIER_NAMES, TIER_SYNC_WAVE, calicoMetadata, validateOrder,
} from './calico-policy';
import { validateDnsLabel } from './dns-label';
import { fail } from './errors';

/** What a tier does with traffic that no policy in it allowed or denied. */
export const TIER_DEFAULT_ACTION_PASS = 'Pass';

export interface PassThroughTierProps {
  /**
   * The Tier's name; its policies are named `<name>.<policy>`.
   * @default 'platform'
   */
  readonly name?: string;
  /**
   * Where the tier sits: after the AdminNetworkPolicy tier (1,000) and before the default tier
   * (1,000,000), where the Kubernetes NetworkPolicies are.
   * @default 100000
   */
  readonly order?: number;
}

/**
 * A Calico Tier, evaluated before the default tier, that decides only what its own policies
 * allow or deny and passes everything else on (`defaultAction: Pass`).
 *
 * Why Pass: a tier that has a policy selecting an endpoint drops whatever none of its policies
 * decided ("If the Tier applies to the endpoint, but takes no action on the packet the packet is
 * dropped. This behaviour can be changed by setting the defaultAction of a tier to Pass",
 * docs.tigera.io, Calico reference, Tier). A tier for cluster-wide allows must therefore pass
 * the rest on, or one allow for DNS would deny every other connection of every pod. The
 * `defaultAction` field exists in the v3.31.3 Tier CRD (enum Pass, Deny; default Deny), so no
 * catch-all `Pass` policy is needed.
 */
export class PassThroughTier extends Construct {
  /** The tier's name, for `spec.tier` and the `<tier>.` prefix of its policies' names. */
  public readonly tierName: string;
  /** The tier's order. */
  public readonly order: number;
  public readonly resource: Tier;

  constructor(scope: Construct, id: string, props: PassThroughTierProps = {}) {
    super(scope, id);
    this.tierName = props.name ?? 'platform';
    this.order = props.order ?? 100_000;
    validateDnsLabel(this, 'Tier name', this.tierName);
    if (RESERVED_TIER_NAMES.includes(this.tierName)) {
      fail(this, `Tier name "${this.tierName}" is one Calico creates or reserves itself (${RESERVED_TIER_NAMES.join(', ')}). `
        + 'Choose another name, e.g. "platform".');
    }
    validateOrder(this, 'Tier order', this.order, ADMIN_NETWORK_POLICY_TIER_ORDER, DEFAULT_TIER_ORDER,
      'a pass-through tier must come after the AdminNetworkPolicy tier and before the default tier, where the Kubernetes NetworkPolicies are');

    this.resource = new Tier(this, 'Resource', {
      // One wave before the policies: the Calico API server refuses a policy in a missing tier.
      metadata: calicoMetadata(this.tierName, TIER_SYNC_WAVE),
      spec: { order: this.order, defaultAction: TIER_DEFAULT_ACTION_PASS },
    });
  }
}
