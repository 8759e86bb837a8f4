import type { Connection } from '../connectivity';

/** One RFC 4180 field: quoted when it holds a quote, a comma or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a `src,dst,conn` header; the conn column is quoted whenever it lists several ports. */
export function formatCsv(connections: readonly Connection[], conns: (c: Connection) => string): string {
  const lines = ['src,dst,conn'];
  for (const c of connections) lines.push(`${csvField(c.src.label)},${csvField(c.dst.label)},${csvField(conns(c))}`);
  return `${lines.join('\r\n')}\r\n`;
}
