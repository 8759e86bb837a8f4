import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_INPUT_BYTES, readSources } from '../../../netpol/cli/input';
import { netpol, SHOP_LIST } from './harness';

/**
 * What the command line reads and refuses (netpol/cli/input.ts), in-process: standard input, process
 * substitution paths, special files, unreadable folders, link loops, encodings. Every refusal is one
 * `Error:` line with the path and the fix, status 1, nothing on stdout, no stack trace.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SHOP = path.join(ROOT, '__tests__/fixtures/analyzer/shop');
const POLICIES = fs.readFileSync(path.join(SHOP, 'netpols.yaml'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-input-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A refusal: status 1, nothing on stdout, one line on stderr. */
function refusal(args: string[], cwd = dir): string {
  const result = netpol(args, cwd);
  expect([result.status, result.stdout]).toEqual([1, '']);
  expect(result.stderr.split('\n')).toHaveLength(2);
  return result.stderr;
}

describe('standard input and process substitution', () => {
  it.each(['-', '/dev/stdin'])('reads standard input given as %s, once even when named twice', (name) => {
    expect(netpol(['list', name, name, path.join(SHOP, 'apps')], dir, POLICIES)).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
  });

  it('names standard input <stdin> in messages', () => {
    expect(netpol(['list', '-'], dir, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: Bad_NS\n')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Error: <stdin>:5: Pod Bad_NS/p: Field metadata.namespace "Bad_NS" is not a valid namespace name: it must be a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit). Did you mean "bad-ns"?\n',
    });
  });

  it('reads a /dev/fd/N path, as bash passes <(kubectl get …)', () => {
    const fd = fs.openSync(path.join(SHOP, 'netpols.yaml'), 'r');
    try {
      expect(netpol(['list', `/dev/fd/${fd}`, path.join(SHOP, 'apps')], dir)).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
    } finally {
      fs.closeSync(fd);
    }
  });

  it('refuses input larger than the limit without reading it all', () => {
    // Its bytes are never looked at (the size decides), so they are left as allocated.
    expect(netpol(['list', '-'], dir, Buffer.allocUnsafe(MAX_INPUT_BYTES + 1)).stderr).toMatch(/^Error: <stdin>: The input is larger than 256 MB \(256 MB\); split it into several files/);
  });
});

describe('paths that are not files or folders', () => {
  it('refuses a named pipe given as a path at once, without opening it (which would wait for a writer)', () => {
    execFileSync('mkfifo', [path.join(dir, 'policies.yaml')]);
    expect(refusal(['list', 'policies.yaml'])).toBe('Error: Path policies.yaml is a named pipe (FIFO), not a file or folder; read it as standard input instead: netpol … - < policies.yaml.\n');
  });

  it('refuses a named pipe with a manifest name inside a folder', () => {
    fs.mkdirSync(path.join(dir, 'manifests'));
    execFileSync('mkfifo', [path.join(dir, 'manifests', 'x.yaml')]);
    expect(refusal(['list', 'manifests'])).toBe('Error: manifests/x.yaml is a named pipe (FIFO), not a file; move it out of the folder, or read it as standard input ("-").\n');
  });

  it('refuses /dev/zero, which would never end', () => {
    expect(refusal(['list', '/dev/zero'])).toBe('Error: Path /dev/zero is a character device, not a file or folder; give a manifest file or folder.\n');
  });

  it('says a loop of symbolic links is one, not that the path does not exist', () => {
    fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    expect(refusal(['list', 'a'])).toBe('Error: Path a is a loop of symbolic links (each points on to the next and back); fix or remove the links.\n');
    fs.mkdirSync(path.join(dir, 'in'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'in', 'x.yaml'));
    expect(refusal(['list', 'in'])).toBe('Error: The symbolic link in/x.yaml is part of a loop of links; fix or remove it.\n');
  });

  it('refuses a folder it may not read with the reason, not a stack trace', () => {
    fs.mkdirSync(path.join(dir, 'secret'));
    // As root every folder is readable, so the refusal the kernel gives others is played here.
    jest.spyOn(fs, 'readdirSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
    });
    expect(refusal(['list', 'secret'])).toBe('Error: secret: The folder cannot be read (permission denied); check its permissions, or leave it out of the paths.\n');
  });

  it('refuses a file it may not read', () => {
    fs.writeFileSync(path.join(dir, 'p.yaml'), POLICIES);
    jest.spyOn(fs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' });
    });
    expect(refusal(['list', 'p.yaml'])).toBe('Error: p.yaml: The file cannot be read (permission denied); check its permissions, or leave it out of the paths.\n');
  });
});

describe('encodings, as kubectl decodes files', () => {
  const utf16 = (text: string, bigEndian: boolean) => {
    const body = Buffer.from(text, 'utf16le');
    if (bigEndian) body.swap16();
    return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body]);
  };

  it.each([
    ['UTF-16 little-endian with a byte order mark (PowerShell\'s >)', utf16(POLICIES, false)],
    ['UTF-16 big-endian with a byte order mark', utf16(POLICIES, true)],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLICIES)])],
  ])('reads %s as the policies it holds', (_name, bytes) => {
    fs.writeFileSync(path.join(dir, 'policies.yaml'), bytes);
    expect(netpol(['list', 'policies.yaml', path.join(SHOP, 'apps')], dir)).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
  });

  it('refuses UTF-16 without a byte order mark rather than reading it as nothing (which would list everything as allowed)', () => {
    fs.writeFileSync(path.join(dir, 'policies.yaml'), Buffer.from(POLICIES, 'utf16le'));
    expect(refusal(['list', 'policies.yaml'])).toBe(
      'Error: policies.yaml:1: The file contains NUL characters, so it is not UTF-8 text: most likely UTF-16 without a byte order mark, or a binary file. Save it as UTF-8 (in PowerShell: Out-File -Encoding utf8, or Set-Content), or leave it out of the paths.\n',
    );
  });

  it('passes the bytes on for the JSON reader only where each is one character of the text', () => {
    const files: Record<string, Buffer> = {
      'ascii.json': Buffer.from('{"a": 1}\n'),
      'accent.json': Buffer.from('{"a": "é"}\n'),
      'bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": 1}\n')]),
    };
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
    const sources = readSources(Object.keys(files), dir);
    expect(sources.map((source) => [source.path, source.text, source.bytes === undefined ? undefined : Buffer.from(source.bytes).toString('latin1')])).toEqual([
      ['ascii.json', '{"a": 1}\n', '{"a": 1}\n'],
      ['accent.json', '{"a": "é"}\n', undefined],
      ['bom.json', '{"a": 1}\n', undefined],
    ]);
  });

  it('reads the same through readSources, which scripts and matchers use', () => {
    fs.writeFileSync(path.join(dir, 'policies.yaml'), utf16(POLICIES, false));
    expect(readSources(['policies.yaml'], dir)).toEqual([{ path: 'policies.yaml', text: POLICIES }]);
  });
});
