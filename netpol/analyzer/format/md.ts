import type { Connection } from '../connectivity';

/** A Markdown table with the txt columns; `|` in cells is escaped so the table stays intact. */
export function formatMarkdown(connections: readonly Connection[], conns: (c: Connection) => string, notes: readonly string[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = ['| src | dst | conn |', '|-----|-----|------|'];
  for (const c of connections) lines.push(`| ${cell(c.src.label)} | ${cell(c.dst.label)} | ${cell(conns(c))} |`);
  for (const note of notes) lines.push('', `> ${note}`);
  return `${lines.join('\n')}\n`;
}
