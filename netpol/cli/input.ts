// The default import, so tests can stand in for a call (fs.readdirSync refusing, as it does for a folder root may not read).
import fs from 'node:fs';
import * as path from 'node:path';
import { AnalyzerError } from '../analyzer/errors';
import type { ManifestSource } from '../analyzer/types';
import { decodeManifest } from '../analyzer/decode';

/**
 * Reading the paths given on the command line: files, folders, standard input (`-`, `/dev/stdin`) and
 * the pipes of process substitution (`<(kubectl get …)`, a `/dev/fd/N` path). Every refusal names the
 * path and the fix; nothing here ends in a stack trace.
 */

/** A file larger than this is refused rather than read (the whole of it would be held in memory several times over). */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;

/** Where standard input comes from: bin/netpol.js reads file descriptor 0, tests pass bytes. */
export interface InputIo {
  /** All of standard input; undefined: there is none to read. */
  readonly stdin?: () => Uint8Array;
}

const STDIN_PATHS = new Set(['-', '/dev/stdin', '/proc/self/fd/0', '/dev/fd/0']);
/** Paths that name an open file descriptor, as bash's process substitution passes them. */
const DESCRIPTOR_PATH = /^\/(?:dev|proc\/self)\/fd\/\d+$/;
const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** How a given path is shown in messages: standard input as `<stdin>`, the rest as given. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads the given files, and every manifest file under the given folders, in a stable order. A file
 * reached twice (named twice, named inside a given folder, or through a symbolic link) is read once:
 * loading it again would report each of its objects as "defined twice". Standard input is read once too.
 */
export function readSources(paths: readonly string[], cwd: string, io: InputIo = {}): ManifestSource[] {
  const entries: ({ shown: string; real: string; stream?: undefined } | { shown: string; real: string; stream: 'stdin' | 'descriptor' })[] = [];
  for (const given of paths) {
    if (STDIN_PATHS.has(given)) {
      entries.push({ shown: given === '-' ? STDIN_NAME : given, real: '\u0000stdin', stream: 'stdin' });
      continue;
    }
    if (DESCRIPTOR_PATH.test(given)) {
      entries.push({ shown: given, real: `\u0000${given}`, stream: 'descriptor' });
      continue;
    }
    const absolute = path.resolve(cwd, given);
    const stat = statOrFail(absolute, given);
    if (stat.isDirectory()) {
      entries.push(...walk(absolute, given, new Set([realPath(absolute, given)])));
    } else if (stat.isFile()) {
      entries.push({ shown: given, real: realPath(absolute, given) });
    } else {
      // Reading a pipe nobody writes to would hang, and a device may never end: refuse before opening it.
      const fix = stat.isFIFO() ? `read it as standard input instead: netpol … - < ${given}` : 'give a manifest file or folder';
      throw new AnalyzerError(`Path ${given} is ${specialKind(stat)}, not a file or folder; ${fix}.`);
    }
  }
  const seen = new Set<string>();
  const sources: ManifestSource[] = [];
  for (const entry of entries) {
    if (seen.has(entry.real)) continue;
    seen.add(entry.real);
    let bytes: Uint8Array;
    if (entry.stream === 'stdin') {
      if (io.stdin === undefined) throw new AnalyzerError(`Standard input ("${entry.shown}") cannot be read here; give a file or folder instead.`);
      bytes = io.stdin();
      if (bytes.byteLength > MAX_INPUT_BYTES) throw tooLarge(entry.shown, bytes.byteLength);
    } else {
      bytes = readCapped(entry.stream === 'descriptor' ? entry.shown : entry.real, entry.shown);
    }
    const text = decodeManifest(bytes, entry.shown);
    // One byte per character (UTF-8 sequences never take fewer bytes than UTF-16 units): the JSON
    // reader may read positions in the bytes.
    sources.push(bytes.byteLength === text.length ? { path: entry.shown, text, bytes } : { path: entry.shown, text });
  }
  return sources;
}

/** Reads all of `file` (a regular file or a pipe), refusing more than MAX_INPUT_BYTES without reading further. */
export function readCapped(file: string, shown: string): Uint8Array {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw unreadable(shown, error, 'file');
  }
  try {
    return readDescriptor(fd, shown);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads an open descriptor to its end (standard input is descriptor 0), refusing more than
 * MAX_INPUT_BYTES. A non-blocking descriptor (some parents leave standard input so) is waited on.
 */
export function readDescriptor(fd: number, shown: string): Uint8Array {
  let size = 0;
  try {
    size = fs.fstatSync(fd).size;
  } catch {
    // Sockets and some pipes say nothing; read until the end.
  }
  if (size > MAX_INPUT_BYTES) throw tooLarge(shown, size);
  const chunks: Buffer[] = [];
  let total = 0;
  let chunk = Buffer.allocUnsafe(size > 0 ? size + 1 : 1 << 16);
  for (;;) {
    let read: number;
    try {
      read = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw unreadable(shown, error, 'file');
    }
    if (read === 0) break;
    total += read;
    if (total > MAX_INPUT_BYTES) throw tooLarge(shown, total);
    chunks.push(chunk.subarray(0, read));
    chunk = Buffer.allocUnsafe(1 << 16);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

function tooLarge(shown: string, bytes: number): AnalyzerError {
  return new AnalyzerError(`The input is larger than ${MAX_INPUT_BYTES / 2 ** 20} MB (${bytes > MAX_INPUT_BYTES * 4 ? 'far more' : `${Math.round(bytes / 2 ** 20)} MB`}); split it into several files (kubectl get per namespace or per kind), or check that it is the file you meant.`, { source: { file: shown } });
}

function statOrFail(absolute: string, given: string): fs.Stats {
  try {
    return fs.statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new AnalyzerError(`Path ${given} is a loop of symbolic links (each points on to the next and back); fix or remove the links.`);
    if (code === 'EACCES') throw new AnalyzerError(`Path ${given} cannot be reached (permission denied on a folder on the way); check the permissions, or give another path.`);
    throw new AnalyzerError(`Path ${given} does not exist; pass manifest files or folders.`);
  }
}

function realPath(absolute: string, shown: string): string {
  try {
    return fs.realpathSync(absolute);
  } catch (error) {
    throw unreadable(shown, error, 'path');
  }
}

function unreadable(shown: string, error: unknown, what: 'file' | 'folder' | 'path'): AnalyzerError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ELOOP' ? 'a loop of symbolic links' : code === 'EISDIR' ? 'it is a folder' : code;
  return new AnalyzerError(`The ${what} cannot be read (${why}); check its permissions, or leave it out of the paths.`, { source: { file: shown } });
}

function specialKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * The manifest files under `directory`, in name order. Symbolic links are followed, as kubectl does
 * (a folder of links must not silently read as empty); `ancestors` holds the real paths of the folders
 * being walked, so a link back up the tree is not followed round in circles.
 */
function walk(directory: string, shown: string, ancestors: ReadonlySet<string>): { shown: string; real: string }[] {
  const result: { shown: string; real: string }[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw unreadable(shown, error, 'folder');
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Hidden files and folders (.git, .github, ConfigMap mounts' ..data) hold no cluster manifests.
    if (entry.name.startsWith('.')) continue;
    const full = path.join(directory, entry.name);
    const shownFull = path.join(shown, entry.name);
    const manifest = MANIFEST_EXTENSION.test(entry.name);
    let stat: { isDirectory(): boolean; isFile(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      try {
        stat = fs.statSync(full);
      } catch (error) {
        if (!manifest) continue;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') throw new AnalyzerError(`The symbolic link ${shownFull} is part of a loop of links; fix or remove it.`);
        if (code === 'EACCES') throw new AnalyzerError(`The symbolic link ${shownFull} points where netpol may not look (permission denied); check the permissions, or remove the link.`);
        throw new AnalyzerError(`The symbolic link ${shownFull} points to ${fs.readlinkSync(full)}, which does not exist; fix or remove the link.`);
      }
    }
    if (stat.isDirectory()) {
      const real = realPath(full, shownFull);
      if (ancestors.has(real)) continue;
      result.push(...walk(full, shownFull, new Set([...ancestors, real])));
    } else if (stat.isFile()) {
      if (manifest) result.push({ shown: shownFull, real: realPath(full, shownFull) });
    } else if (manifest) {
      // A pipe or device with a manifest's name would hang or never end: say so rather than skip it.
      throw new AnalyzerError(`${shownFull} is ${specialKind(fs.statSync(full))}, not a file; move it out of the folder, or read it as standard input ("-").`);
    }
  }
  return result;
}
