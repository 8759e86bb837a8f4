import { AnalyzerError } from './errors';

/**
 * Manifest bytes to text, as kubectl reads files (cli-runtime's FileVisitor wraps them in
 * unicode.BOMOverride): a UTF-16 byte order mark (little- or big-endian, what Windows PowerShell's `>`
 * writes) decodes UTF-16, a UTF-8 one is dropped, anything else is UTF-8. A NUL character left after
 * that means UTF-16 without a byte order mark, or not text at all: refused, since reading it as
 * UTF-8 would find nothing in it and so report that everything is allowed.
 */
export function decodeManifest(bytes: Uint8Array, file: string): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    text = buffer.subarray(2).toString('utf16le');
  } else if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, buffer.length - ((buffer.length - 2) % 2)));
    swapped.swap16();
    text = swapped.toString('utf16le');
  } else if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    text = buffer.subarray(3).toString('utf8');
  } else {
    text = buffer.toString('utf8');
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = lineOf(text, nul);
    throw new AnalyzerError(
      'The file contains NUL characters, so it is not UTF-8 text: most likely UTF-16 without a byte order mark, or a binary file. ' +
        'Save it as UTF-8 (in PowerShell: Out-File -Encoding utf8, or Set-Content), or leave it out of the paths.',
      { source: { file, line } },
    );
  }
  return text;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
