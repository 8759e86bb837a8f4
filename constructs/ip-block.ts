import * as ipaddr from 'ipaddr.js';
import { IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { fail } from './errors';

const IPV4_BITS = 32;

interface ParsedCidr {
  readonly address: ipaddr.IPv4;
  readonly prefixLength: number;
}

/**
 * An IPv4 range a rule admits, optionally with holes (`except`).
 *
 * The factory validates the CIDRs with ipaddr.js. As with Port, the problem is thrown by the
 * construct that uses the block, so the message carries that construct's path.
 */
export class IpBlock {
  /** A CIDR range such as `0.0.0.0/0`, minus the `except` ranges, each strictly inside it. */
  public static ipv4(cidr: string, except: readonly string[] = []): IpBlock {
    return new IpBlock(cidr, except);
  }

  /** A single address, written as a /32. */
  public static host(address: string): IpBlock {
    return new IpBlock(`${address}/${IPV4_BITS}`, []);
  }

  private readonly problem: string | undefined;

  private constructor(
    public readonly cidr: string,
    public readonly except: readonly string[],
  ) {
    this.problem = IpBlock.findProblem(cidr, except);
  }

  /**
   * The Kubernetes form of this block, for a rule of `scope`.
   * @throws if the factory found a problem, prefixed with `scope`'s path
   */
  public bind(scope: IConstruct): k8s.IpBlock {
    if (this.problem !== undefined) {
      fail(scope, this.problem);
    }
    return this.except.length === 0 ? { cidr: this.cidr } : { cidr: this.cidr, except: [...this.except] };
  }

  private static findProblem(cidr: string, except: readonly string[]): string | undefined {
    const parsed = parseCidr(cidr);
    if (typeof parsed === 'string') {
      return parsed;
    }
    for (const hole of except) {
      const parsedHole = parseCidr(hole);
      if (typeof parsedHole === 'string') {
        return parsedHole;
      }
      // Kubernetes rejects an except that is not a strict subset of its cidr.
      const inside = parsedHole.prefixLength > parsed.prefixLength
        && parsedHole.address.match(parsed.address, parsed.prefixLength);
      if (!inside) {
        return `Except "${hole}" is not strictly inside CIDR "${cidr}". Remove it or use a narrower range inside "${cidr}".`;
      }
    }
    return undefined;
  }
}

/** Parses a CIDR, or returns what is wrong with it and how to write it. */
function parseCidr(cidr: string): ParsedCidr | string {
  const parts = cidr.split('/');
  const [addressText, prefixText] = parts;
  if (parts.length !== 2 || addressText === undefined || prefixText === undefined) {
    return `CIDR "${cidr}" is not of the form address/prefix-length. Did you mean "${parts[0]}/${IPV4_BITS}"?`;
  }
  // Four-part decimal only: ipaddr.js would otherwise read "010.0.1.1" as octal 8.0.1.1.
  if (!ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    return `CIDR "${cidr}" does not start with an IPv4 address (four numbers 0-255, no leading zeros). Fix the address.`;
  }
  const prefixLength = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefixLength >= 0 && prefixLength <= IPV4_BITS)) {
    return `CIDR "${cidr}" has prefix length ${prefixText}; IPv4 allows 0 to ${IPV4_BITS}. Did you mean "${addressText}/${IPV4_BITS}"?`;
  }
  const address = ipaddr.IPv4.parse(addressText);
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  if (network !== addressText) {
    return `CIDR "${cidr}" has host bits set. Did you mean "${network}/${prefixLength}"?`;
  }
  return { address, prefixLength };
}
