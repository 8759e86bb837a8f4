import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/**
 * Runs a repository script (scripts/*.js) inside the test process, as `node script args…` would run
 * it, but with its own argv, its output collected and process.exit turned into a return value. Its
 * requires go through the test file's own module registry (jest's, which also stands behind
 * createRequire there), so the modules it shares with other runs (dist-layout.js, which builds the
 * app to learn the chart names, and the app itself) load once per test file rather than once per
 * run: a child process per case spent most of its time building the same app again.
 * `overrides` replaces modules the script asks for by name; so do the sibling scripts named in
 * `through`, which are loaded the same way (the rest, dist-layout.js included, through that registry, once).
 */
export interface ScriptResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

export const ROOT = path.resolve(__dirname, '..', '..');

export function runScript(file: string, argv: readonly string[], options: { overrides?: Record<string, unknown>; through?: readonly string[] } = {}): ScriptResult {
  let stdout = '';
  let stderr = '';
  const fakeProcess = Object.create(process, {
    argv: { value: [process.execPath, file, ...argv] },
    exit: {
      value: (code?: number) => {
        throw new Exit(code ?? 0);
      },
    },
    stdout: { value: { write: (text: string) => ((stdout += text), true) } },
    stderr: { value: { write: (text: string) => ((stderr += text), true) } },
  }) as NodeJS.Process;
  let status = 0;
  try {
    loadScript(file, fakeProcess, options.overrides ?? {}, options.through ?? []);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    status = error.code;
  }
  return { status, stdout, stderr };
}

/** Compiles and runs one script with `proc` as its `process`; scripts it requires from the same folder get the same treatment. */
function loadScript(file: string, proc: NodeJS.Process, overrides: Record<string, unknown>, through: readonly string[]): unknown {
  const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const nodeRequire = createRequire(file);
  const scriptModule = { exports: {} as unknown };
  const scriptRequire = (id: string): unknown => {
    if (Object.prototype.hasOwnProperty.call(overrides, id)) return overrides[id];
    const resolved = nodeRequire.resolve(id);
    if (path.dirname(resolved) === path.dirname(file) && through.includes(path.basename(resolved))) return loadScript(resolved, proc, overrides, through);
    return nodeRequire(id);
  };
  const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', 'process', source) as (...args: unknown[]) => void;
  wrapper(scriptModule.exports, Object.assign(scriptRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache }), scriptModule, file, path.dirname(file), proc);
  return scriptModule.exports;
}

/**
 * A require from the repository root, for the app and the scripts' modules as the scripts load them
 * (under jest, createRequire hands out the test file's registry: modules load once per test file).
 */
export const nativeRequire = createRequire(path.join(ROOT, 'package.json'));
