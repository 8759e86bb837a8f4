import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseRunnableBlocks } from '../../homelab/docs-gen/runnable-blocks';

/**
 * Runs every ```sh runnable block of README.md with bash from the repository root, as a newcomer
 * would, and expects exit 0 (or the block's exit=N).
 *
 * Convention: a runnable block must be read-only or idempotent on the committed tree (e.g.
 * `npm run synth` rewrites dist/ with the same bytes). The last test asserts `git status
 * --porcelain` is unchanged, so a block that edits the repository fails here. Run in a clean
 * checkout: a file someone edits meanwhile also shows up as a change.
 *
 * README_PATH=<file> runs another file's blocks (to try the harness on a draft).
 */
const ROOT = path.resolve(__dirname, '../..');
const README = process.env.README_PATH === undefined ? path.join(ROOT, 'README.md') : path.resolve(process.env.README_PATH);
const NAME = path.relative(ROOT, README);
const BLOCK_TIMEOUT_MS = 180_000;

const blocks = parseRunnableBlocks(fs.existsSync(README) ? fs.readFileSync(README, 'utf-8') : '', NAME);

function gitStatus(): string {
  const result = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf-8' });
  if (result.status !== 0) throw new Error(`git status failed: ${result.stderr}`);
  return result.stdout;
}

describe(`${NAME} runnable blocks`, () => {
  let statusBefore: string;
  beforeAll(() => {
    statusBefore = gitStatus();
  });

  test('has at least one', () => {
    // A suite that runs nothing proves nothing.
    if (blocks.length === 0) throw new Error(`${NAME} has no \`\`\`sh runnable block: mark the commands a newcomer runs`);
  });

  for (const block of blocks) {
    test(`${NAME}:${block.line} exits ${block.expectedExit}`, () => {
      const result = spawnSync('bash', ['-c', `set -euo pipefail\n${block.code}`], {
        cwd: ROOT,
        env: { ...process.env, CI: 'true' },
        encoding: 'utf-8',
        timeout: BLOCK_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      const status = result.error !== undefined ? `did not finish (${result.error.message})` : `exited ${result.status ?? `on ${result.signal}`}`;
      if (result.error !== undefined || result.status !== block.expectedExit) {
        const tail = (text: string) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);
        throw new Error([
          `${NAME}:${block.line}: the block ${status}, expected exit ${block.expectedExit}.`,
          '--- block ---', block.code,
          '--- stdout ---', tail(result.stdout ?? ''),
          '--- stderr ---', tail(result.stderr ?? ''),
        ].join('\n'));
      }
    }, BLOCK_TIMEOUT_MS + 10_000);
  }

  test('left the working tree as it was (runnable blocks must be read-only or idempotent)', () => {
    expect(gitStatus()).toBe(statusBefore);
  });
});
