import { calicoNote } from '../explain';
import type { Connection } from '../connectivity';
import type { UnevaluatedPolicy } from '../types';
import { formatCsv } from './csv';
import { formatDot } from './dot';
import { formatJson } from './json';
import { formatMarkdown } from './md';
import { formatMermaid } from './mermaid';
import { formatTxt, portSetFormatter } from './txt';

/** The output formats of `netpol list`. */
export const OUTPUT_FORMATS = ['txt', 'json', 'md', 'csv', 'dot', 'mermaid'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatOptions {
  /**
   * Calico policies found in the input. json always carries them in a field; md, dot and mermaid add a
   * note; txt (byte-compatible with np-guard) and csv have no room for one, so their callers must warn.
   * @default - none
   */
  readonly calicoPolicies?: readonly UnevaluatedPolicy[];
}

/** Renders a connection list; txt is np-guard netpol-analyzer's format byte for byte. */
export function formatConnections(connections: readonly Connection[], format: OutputFormat, options: FormatOptions = {}): string {
  const calicoPolicies = options.calicoPolicies ?? [];
  const note = calicoPolicies.length > 0 ? calicoNote(calicoPolicies) : undefined;
  const portText = portSetFormatter();
  const conns = (c: Connection) => portText(c.ports);
  switch (format) {
    case 'txt':
      return formatTxt(connections);
    case 'json':
      return formatJson(connections, calicoPolicies, conns);
    case 'md':
      return formatMarkdown(connections, conns, note);
    case 'csv':
      return formatCsv(connections, conns);
    case 'dot':
      return formatDot(connections, conns, note);
    case 'mermaid':
      return formatMermaid(connections, conns, note);
  }
}
