/**
 * The README's runnable code blocks: fenced blocks whose info string is `sh runnable`, optionally
 * with the expected exit status (`sh runnable exit=3`). __tests__/docs/readme-commands.test.ts runs
 * each one, so a command in the README that stops working fails `npm test`.
 */

export interface RunnableBlock {
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  readonly code: string;
  readonly expectedExit: number;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/**
 * Parses CommonMark fences (``` or ~~~, indented up to three spaces, closed by the same character at
 * least as long). A block whose info string starts with `sh runnable` but carries anything other than
 * `exit=N` after it is an error rather than a silently skipped block: a typo must not turn a test off.
 */
export function parseRunnableBlocks(markdown: string, file = 'README.md'): RunnableBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: RunnableBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = FENCE.exec(lines[i]);
    if (open === null) {
      i++;
      continue;
    }
    const [, indent, fence, rest] = open;
    const info = rest.trim();
    // A backtick fence's info string may not contain backticks (CommonMark); such a line is inline code.
    if (fence[0] === '`' && info.includes('`')) {
      i++;
      continue;
    }
    const start = i;
    const body: string[] = [];
    i++;
    while (i < lines.length) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[i]);
      if (close !== null && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      // Content lines lose up to the fence's own indentation, as CommonMark specifies.
      body.push(lines[i].replace(new RegExp(`^ {0,${indent.length}}`), ''));
      i++;
    }
    i++;
    const words = info.split(/\s+/);
    if (words[0] !== 'sh' || words[1] !== 'runnable') continue;
    let expectedExit = 0;
    for (const word of words.slice(2)) {
      const exit = /^exit=(\d{1,3})$/.exec(word);
      if (exit === null || Number(exit[1]) > 255) {
        throw new Error(`${file}:${start + 1}: Unknown attribute "${word}" in "${info}". Runnable blocks take only exit=N (0-255), e.g. \`\`\`sh runnable exit=3.`);
      }
      expectedExit = Number(exit[1]);
    }
    const code = body.join('\n');
    if (code.trim() === '') throw new Error(`${file}:${start + 1}: The runnable block is empty. Put the commands in it or drop "runnable".`);
    blocks.push({ line: start + 1, code, expectedExit });
  }
  return blocks;
}
