import { formatPortSet, type PortSet } from '../ports';
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

/** np-guard netpol-analyzer's txt connlist: `src => dst : conns`, one line each, newline-terminated. */
export function formatTxt(connections: readonly Connection[]): string {
  const conns = portSetFormatter();
  let text = '';
  for (const c of connections) text += `${c.src.label} => ${c.dst.label} : ${conns(c.ports)}\n`;
  return text;
}
