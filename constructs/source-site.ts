import * as fs from 'fs';
import * as path from 'path';

/** Where a value was written: a file relative to the working directory, and a line when known. */
export interface SourceSite {
  readonly file: string;
  readonly line?: number;
}

const CONSTRUCTS_DIR = __dirname + path.sep;
const SOURCE_FILE = /\.[cm]?[jt]sx?$/;

/**
 * The first file outside constructs/ (and node_modules) on the current call stack: the app's file
 * that called the construct or factory, e.g. homelab/namespaces/loki.ts. The stack's line numbers
 * are those of the compiled code (the type-stripping hooks keep no source maps), so only the file
 * is taken from it; `locate` finds the line of the bad value in that file's source.
 *
 * The frames are read as V8's call sites, not from the formatted `stack` text: formatting runs every
 * frame through whatever Error.prepareStackTrace is installed (under jest, source-map-support, which
 * maps each frame through a source map), and the app asks this for every construct and selector.
 */
export function callerSite(): SourceSite | undefined {
  for (const file of stackFiles()) {
    if (!SOURCE_FILE.test(file) || file.startsWith(CONSTRUCTS_DIR) || file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith('node:')) continue;
    return { file: path.relative(process.cwd(), file) || file };
  }
  return undefined;
}

/** The file of each frame of the current call stack above callerSite (as many as Error.stackTraceLimit allows). */
function stackFiles(): string[] {
  const installed = Error.prepareStackTrace;
  const holder: { stack?: unknown } = {};
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.captureStackTrace(holder, callerSite);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    return (sites ?? []).map((site) => site.getFileName() ?? '').filter((file) => file !== '');
  } finally {
    Error.prepareStackTrace = installed;
  }
}

/**
 * `site` with the line of the first occurrence of any of `needles` in its file, searched from the
 * top, preferring a line that also holds one of `hints` (e.g. `from:` for a flow entry); `site`
 * unchanged when the file cannot be read or holds none of them.
 */
export function locate(site: SourceSite | undefined, needles: readonly string[], hints: readonly string[] = []): SourceSite | undefined {
  if (site === undefined || needles.length === 0) return site;
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(process.cwd(), site.file), 'utf-8');
  } catch {
    return site;
  }
  const lines = text.split('\n');
  for (const needle of hints.length === 0 ? [] : needles) {
    const index = lines.findIndex((line) => line.includes(needle) && hints.some((hint) => line.includes(hint)));
    if (index >= 0) return { file: site.file, line: index + 1 };
  }
  for (const needle of needles) {
    const index = lines.findIndex((line) => line.includes(needle));
    if (index >= 0) return { file: site.file, line: index + 1 };
  }
  return site;
}

/** `file:line`, or `file` when the line is unknown. */
export function formatSite(site: SourceSite): string {
  return site.line === undefined ? site.file : `${site.file}:${site.line}`;
}
