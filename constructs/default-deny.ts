import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { createPolicyResource } from './policy-resource';

/**
 * `default-deny`: selects every pod of the namespace for both directions and allows nothing.
 * Every other policy of the namespace is an allow-list entry on top of it.
 */
export class DefaultDeny extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.policy = createPolicyResource(this, { name: 'default-deny', ingress: [], egress: [] });
  }
}
