import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { Port, bindPorts } from './port';
import { createPolicyResource } from './policy-resource';

export interface WithinNamespaceProps {
  /** The ports pods of the namespace may use to reach each other. */
  readonly ports: readonly Port[];
}

/**
 * `allow-within-namespace`: traffic between the namespace's own pods on the given ports.
 *
 * Unlike the other allow constructs this one has both policy types: under default-deny a
 * connection inside the namespace needs the sender's egress and the receiver's ingress, so
 * allowing one side alone allows nothing. The peer is `podSelector: {}`, which means "pods in
 * this policy's namespace" and needs no namespace label.
 */
export class WithinNamespace extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: WithinNamespaceProps) {
    super(scope, id);
    this.policy = createPolicyResource(this, {
      name: 'allow-within-namespace',
      ingress: [{ from: [{ podSelector: {} }], ports: bindPorts(this, props.ports) }],
      egress: [{ to: [{ podSelector: {} }], ports: bindPorts(this, props.ports) }],
    });
  }
}
