import { parseRunnableBlocks } from '../../homelab/docs-gen/runnable-blocks';

const FIXTURE = [
  '# Title',
  '',
  '```sh runnable',
  'npm run synth',
  'git status',
  '```',
  '',
  '```sh',
  'kubectl get pods   # shown, not run',
  '```',
  '',
  '- In a list:',
  '',
  '  ```sh runnable exit=3',
  '  netpol explain dist/ --from a/b --to c/d --port 80',
  '    indented more',
  '  ```',
  '',
  '````md',
  '```sh runnable',
  'inside another fence: text, not a block',
  '```',
  '````',
  '',
  '~~~sh runnable',
  'echo tilde',
  '~~~',
  '```bash',
  'echo plain bash',
  '```',
].join('\n');

describe('parseRunnableBlocks', () => {
  test('finds `sh runnable` blocks with their line, code and expected exit', () => {
    expect(parseRunnableBlocks(FIXTURE)).toEqual([
      { line: 3, code: 'npm run synth\ngit status', expectedExit: 0 },
      { line: 14, code: 'netpol explain dist/ --from a/b --to c/d --port 80\n  indented more', expectedExit: 3 },
      { line: 25, code: 'echo tilde', expectedExit: 0 },
    ]);
  });

  test('a document without marked blocks has none', () => {
    expect(parseRunnableBlocks('# T\n\n```sh\nls\n```\n')).toEqual([]);
  });

  test('an unknown attribute is an error with the line, not a skipped block', () => {
    expect(() => parseRunnableBlocks('a\n```sh runnable exti=3\nls\n```\n', 'README.md'))
      .toThrow('README.md:2: Unknown attribute "exti=3" in "sh runnable exti=3". Runnable blocks take only exit=N (0-255), e.g. ```sh runnable exit=3.');
    expect(() => parseRunnableBlocks('```sh runnable exit=256\nls\n```\n')).toThrow('README.md:1: Unknown attribute "exit=256"');
  });

  test('an empty runnable block is an error', () => {
    expect(() => parseRunnableBlocks('```sh runnable\n\n```\n')).toThrow('README.md:1: The runnable block is empty.');
  });

  test('an unclosed fence runs to the end of the document', () => {
    expect(parseRunnableBlocks('```sh runnable\necho a')).toEqual([{ line: 1, code: 'echo a', expectedExit: 0 }]);
  });

  test('CRLF line ends are accepted', () => {
    expect(parseRunnableBlocks('```sh runnable\r\necho a\r\n```\r\n')).toEqual([{ line: 1, code: 'echo a', expectedExit: 0 }]);
  });
});
