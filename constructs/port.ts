import { IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { fail } from './errors';

const MIN_PORT = 1;
const MAX_PORT = 65535;

/** The transport protocols this app writes policies for. */
export enum Protocol {
  TCP = 'TCP',
  UDP = 'UDP',
}

/**
 * A port or port range a rule admits.
 *
 * The factory validates the numbers. A value type has no construct path, so the problem is kept
 * and thrown by the construct that uses the port, prefixed with that construct's path.
 */
export class Port {
  /** One TCP port. */
  public static tcp(port: number): Port {
    return new Port(Protocol.TCP, port, undefined);
  }

  /** One UDP port. */
  public static udp(port: number): Port {
    return new Port(Protocol.UDP, port, undefined);
  }

  /** TCP ports `start` to `end`, both included (NetworkPolicy `endPort`). */
  public static tcpRange(start: number, end: number): Port {
    return new Port(Protocol.TCP, start, end);
  }

  /** What is wrong with the numbers, or undefined; thrown by the construct that uses the port. */
  public readonly problem: string | undefined;

  private constructor(
    public readonly protocol: Protocol,
    public readonly port: number,
    public readonly endPort: number | undefined,
  ) {
    this.problem = Port.findProblem(port, endPort);
  }

  /** `TCP/443` or `TCP/8000-9000`, for messages and docs. */
  public toString(): string {
    return this.endPort === undefined
      ? `${this.protocol}/${this.port}`
      : `${this.protocol}/${this.port}-${this.endPort}`;
  }

  /**
   * The Kubernetes form of this port, for a rule of `scope`.
   * @throws if the factory found a problem, prefixed with `scope`'s path
   */
  public bind(scope: IConstruct): k8s.NetworkPolicyPort {
    if (this.problem !== undefined) {
      fail(scope, this.problem);
    }
    return {
      protocol: this.protocol,
      port: k8s.IntOrString.fromNumber(this.port),
      ...(this.endPort === undefined ? {} : { endPort: this.endPort }),
    };
  }

  private static findProblem(port: number, endPort: number | undefined): string | undefined {
    for (const value of endPort === undefined ? [port] : [port, endPort]) {
      if (!Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
        return `Port ${value} is not a whole number from ${MIN_PORT} to ${MAX_PORT}. Use a port in that range.`;
      }
    }
    if (endPort !== undefined && endPort < port) {
      return `Port range ${port}-${endPort} ends below its start. Did you mean Port.tcpRange(${endPort}, ${port})?`;
    }
    return undefined;
  }
}

/**
 * Binds a rule's ports. An empty `ports` list in a NetworkPolicy rule means every port, so an
 * empty list here is refused instead of silently opening everything.
 */
export function bindPorts(scope: IConstruct, ports: readonly Port[]): k8s.NetworkPolicyPort[] {
  if (ports.length === 0) {
    fail(scope, 'No ports given; an empty list would allow every port. Give at least one, e.g. Port.tcp(8080).');
  }
  return ports.map((port) => port.bind(scope));
}
