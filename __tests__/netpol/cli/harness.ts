import * as path from 'node:path';
import { main } from '../../../netpol/cli/netpol';

export const ROOT = path.resolve(__dirname, '../../..');

/** `netpol list` of the shop fixture (__tests__/fixtures/analyzer/shop), in the txt format. */
export const SHOP_LIST = [
  '0.0.0.0-255.255.255.255[External] => shop/frontend[Deployment] : TCP 8080',
  'shop/frontend[Deployment] => 0.0.0.0-255.255.255.255[External] : UDP 53',
  'shop/frontend[Deployment] => shop/backend[Deployment] : TCP 9090',
  '',
].join('\n');

/**
 * Runs the CLI in-process, as bin/netpol.js does but with collected streams and, when given, these
 * bytes as standard input. (Running the real executable for each case took 46 node processes and 12 s;
 * a few smoke tests in netpol.test.ts still do.)
 */
export function netpol(args: string[], cwd = ROOT, stdin?: string | Uint8Array): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdin: stdin === undefined ? undefined : () => (typeof stdin === 'string' ? Buffer.from(stdin) : stdin) }, cwd);
  return { status, stdout, stderr };
}
