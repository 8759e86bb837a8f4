import type { Connection } from '../connectivity';

/** RFC 4180 CSV with a `src,dst,conn` header; the conn column is quoted whenever it lists several ports. */
export function formatCsv(connections: readonly Connection[], conns: (c: Connection) => string): string {
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ['src,dst,conn'];
  for (const c of connections) lines.push(`${field(c.src.label)},${field(c.dst.label)},${field(conns(c))}`);
  return `${lines.join('\r\n')}\r\n`;
}
