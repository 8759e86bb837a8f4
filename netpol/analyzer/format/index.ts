import { formatNote, unevaluatedText, type AnalysisNote } from '../calico/notes';
import type { Connection } from '../connectivity';
import type { UnevaluatedPolicy } from '../types';
import { formatCsv } from './csv';
import { formatDot } from './dot';
import { formatJson } from './json';
import { formatMarkdown } from './md';
import { formatMermaid } from './mermaid';
import { connectionFormatter, formatTxt } from './txt';

/** The output formats of `netpol list`. */
export const OUTPUT_FORMATS = ['txt', 'json', 'md', 'csv', 'dot', 'mermaid'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatOptions {
  /**
   * Policies found in the input but not evaluated (model.calicoPolicies: AdminNetworkPolicy,
   * BaselineAdminNetworkPolicy). json always carries them in a field; md, dot and mermaid add a note;
   * txt (byte-compatible with np-guard) and csv have no room for one, so their callers must warn.
   * @default - none
   */
  readonly calicoPolicies?: readonly UnevaluatedPolicy[];
  /**
   * Every note on the analysis (analysisNotes(model)); when given, it replaces the note derived from
   * calicoPolicies. json carries them in `notes`; md, dot and mermaid print them; txt and csv do not.
   * @default - the note on calicoPolicies, if any
   */
  readonly notes?: readonly AnalysisNote[];
}

/** Renders a connection list; txt is np-guard netpol-analyzer's format byte for byte. */
export function formatConnections(connections: readonly Connection[], format: OutputFormat, options: FormatOptions = {}): string {
  const calicoPolicies = options.calicoPolicies ?? [];
  const notes = options.notes ?? (calicoPolicies.length > 0 ? [{ level: 'warning' as const, text: unevaluatedText(calicoPolicies) }] : []);
  const noteLines = notes.map((n) => formatNote({ ...n, level: n.level === 'warning' ? 'note' : n.level }));
  const conns = connectionFormatter();
  switch (format) {
    case 'txt':
      return formatTxt(connections);
    case 'json':
      return formatJson(connections, calicoPolicies, conns, notes);
    case 'md':
      return formatMarkdown(connections, conns, noteLines);
    case 'csv':
      return formatCsv(connections, conns);
    case 'dot':
      return formatDot(connections, conns, noteLines.length === 0 ? undefined : noteLines.join('\n'));
    case 'mermaid':
      return formatMermaid(connections, conns, noteLines);
  }
}
