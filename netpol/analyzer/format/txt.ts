import { formatPortSet, type PortSet } from '../ports';
import { formatConnSet, type ConnSet } from '../conn-set';
import type { Connection } from '../connectivity';

/** Caches the text of each distinct port set: listings repeat a handful of sets thousands of times. */
export function portSetFormatter(): (ports: PortSet) => string {
  const cache = new Map<PortSet, string>();
  return (ports) => {
    let text = cache.get(ports);
    if (text === undefined) {
      text = formatPortSet(ports);
      cache.set(ports, text);
    }
    return text;
  };
}

/**
 * The conns text of a connection: np-guard's notation for Kubernetes-only listings, its extension
 * with ICMP and other protocols (conn-set.ts formatConnSet) when Calico was evaluated. Cached per set.
 */
export function connectionFormatter(): (c: Connection) => string {
  const ports = portSetFormatter();
  const cache = new Map<ConnSet, string>();
  return (c) => {
    if (c.conns === undefined) return ports(c.ports);
    let text = cache.get(c.conns);
    if (text === undefined) {
      text = formatConnSet(c.conns);
      cache.set(c.conns, text);
    }
    return text;
  };
}

/** np-guard netpol-analyzer's txt connlist: `src => dst : conns`, one line each, newline-terminated. */
export function formatTxt(connections: readonly Connection[]): string {
  const conns = connectionFormatter();
  let text = '';
  for (const c of connections) text += `${c.src.label} => ${c.dst.label} : ${conns(c)}\n`;
  return text;
}
