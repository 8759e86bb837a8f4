'use strict';
// The linter as a cdk8s validation plugin, declared in cdk8s.yaml (`validations:`), so `cdk8s synth`
// (and `npm run synth`) fails on error findings in what the app just wrote. Warnings are shown in
// the report but do not fail synth. Plain JavaScript because cdk8s-cli loads plugins with `require`;
// the lint code itself is TypeScript, compiled on first use with @swc/core.
//
// properties (all optional):
//   inventory:      a path or list of paths of workload manifests (e.g. inventory/workloads.yaml),
//                   relative to the directory synth runs in, for the rules that need workloads
//   apiServiceIp, podCidr, serviceCidr, namespaces, disable: the lint options (docs/lint.md)
//   cacheDirectory: where compiled modules and the last result are kept
//                   (default node_modules/.cache/netpol-lint)
//
// Synth time matters (docs/app.md), and parsing the YAML is most of the cost, so the plugin keeps the
// findings of its last run keyed by a hash of everything they depend on: the manifests (paths relative
// to the output folder, and contents), the inventory, the options and the lint and analyzer sources.
// An unchanged synth reuses them without loading the linter at all.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const OPTION_KEYS = ['apiServiceIp', 'podCidr', 'serviceCidr', 'namespaces', 'disable'];
const PROPERTY_KEYS = ['inventory', 'cacheDirectory', ...OPTION_KEYS];
const SWC_OPTIONS = {
  swcrc: false,
  configFile: false,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

class NetpolLintValidation {
  constructor(properties = {}) {
    const unknown = Object.keys(properties).filter((key) => !PROPERTY_KEYS.includes(key));
    if (unknown.length > 0) {
      throw new Error(`NetpolLintValidation: Unknown propert${unknown.length === 1 ? 'y' : 'ies'} ${unknown.join(', ')} in cdk8s.yaml; use ${PROPERTY_KEYS.join(', ')}.`);
    }
    this.inventory = properties.inventory === undefined ? [] : [].concat(properties.inventory);
    this.options = Object.fromEntries(OPTION_KEYS.filter((key) => properties[key] !== undefined).map((key) => [key, properties[key]]));
    this.cacheDirectory = path.resolve(properties.cacheDirectory ?? path.join(ROOT, 'node_modules', '.cache', 'netpol-lint'));
  }

  async validate(context) {
    const cwd = process.cwd();
    const read = (file) => ({ path: path.relative(cwd, path.resolve(cwd, file)), text: fs.readFileSync(path.resolve(cwd, file), 'utf8') });
    const sources = [...context.manifests.map(read), ...this.inventory.map(read)];
    const key = this.resultKey(sources, context.manifests.length);
    let outcome = this.cachedOutcome(key);
    if (outcome === undefined) {
      outcome = this.lint(sources);
      this.storeOutcome(key, outcome, sources);
    } else {
      outcome = { ...outcome, findings: outcome.findings.map((f) => ({ ...f, file: f.file === undefined ? undefined : sources[f.file].path })) };
    }
    if (outcome.invalid !== undefined) {
      // An invalid manifest or option: a failed validation carrying the analyzer's file:line message.
      context.report.addViolation({ ruleName: 'invalid-input', recommendation: outcome.invalid, fix: 'Fix the manifest, or the plugin properties in cdk8s.yaml.', violatingResources: [] });
      context.report.submit('failure');
      return;
    }
    const counts = { error: 0, warning: 0, info: 0 };
    for (const finding of outcome.findings) {
      counts[finding.severity]++;
      const where = finding.file === undefined ? '-' : finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
      context.report.addViolation({
        ruleName: `${finding.ruleId} (${finding.severity})`,
        recommendation: finding.message,
        fix: `See docs/lint.md#${finding.ruleId}; to skip the rule, add it to "disable" in the plugin properties in cdk8s.yaml.`,
        violatingResources: [{ resourceName: finding.object, locations: [where], manifestPath: finding.file ?? '' }],
      });
    }
    context.report.submit(counts.error > 0 ? 'failure' : 'success', { errors: String(counts.error), warnings: String(counts.warning), info: String(counts.info) });
  }

  /** Runs the linter; {findings} or {invalid: message}. */
  lint(sources) {
    registerTypeScript(path.join(this.cacheDirectory, 'modules'));
    const { loadManifests } = require('../analyzer/load.ts');
    const { lintModel } = require('./index.ts');
    try {
      return { findings: lintModel(loadManifests(sources), this.options) };
    } catch (error) {
      if (error.name !== 'AnalyzerError' && error.name !== 'LintOptionsError') throw error;
      return { invalid: error.message, findings: [] };
    }
  }

  resultKey(sources, manifestCount) {
    const hash = crypto.createHash('sha256');
    const outdir = commonDirectory(sources.slice(0, manifestCount).map((s) => s.path));
    hash.update(JSON.stringify(this.options));
    sources.forEach((source, index) => hash.update(`\0${index < manifestCount ? path.relative(outdir, source.path) : source.path}\0${source.text}`));
    for (const file of [...walk(path.join(ROOT, 'netpol', 'lint')), ...walk(path.join(ROOT, 'netpol', 'analyzer'))]) hash.update(`\0${file}\0${fs.readFileSync(file, 'utf8')}`);
    return hash.digest('hex');
  }

  cachedOutcome(key) {
    try {
      const cached = JSON.parse(fs.readFileSync(path.join(this.cacheDirectory, 'last-result.json'), 'utf8'));
      return cached.key === key ? cached.outcome : undefined;
    } catch {
      return undefined;
    }
  }

  storeOutcome(key, outcome, sources) {
    const byPath = new Map(sources.map((source, index) => [source.path, index]));
    // Files by index, since the output folder's name changes from one synth to the next.
    const stored = { ...outcome, findings: outcome.findings.map((f) => ({ ...f, file: f.file === undefined ? undefined : byPath.get(f.file) })) };
    writeAtomically(path.join(this.cacheDirectory, 'last-result.json'), JSON.stringify({ key, outcome: stored }));
  }
}

/** A require hook for .ts like scripts/ts-register.js, caching compiled code; a no-op where .ts already loads (jest). */
function registerTypeScript(moduleCache) {
  if (require.extensions === undefined || require.extensions['.ts'] !== undefined) return;
  let swc;
  require.extensions['.ts'] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const cached = path.join(moduleCache, `${crypto.createHash('sha256').update(`${filename}\0${source}`).digest('hex')}.js`);
    let code;
    try {
      code = fs.readFileSync(cached, 'utf8');
    } catch {
      swc = swc ?? require('@swc/core');
      code = swc.transformSync(source, { ...SWC_OPTIONS, filename }).code;
      writeAtomically(cached, code);
    }
    module._compile(code, filename);
  };
}

/** Write then rename, so a concurrent synth never reads half a file; a read-only checkout only loses the cache. */
function writeAtomically(file, text) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch {
    // Nothing to do: the next run computes the result again.
  }
}

function walk(directory) {
  const result = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) result.push(...walk(full));
    else if (/\.(ts|js)$/.test(entry.name)) result.push(full);
  }
  return result;
}

function commonDirectory(files) {
  if (files.length === 0) return '';
  let common = path.dirname(files[0]);
  for (const file of files) {
    while (common !== '.' && common !== path.dirname(common) && !file.startsWith(`${common}${path.sep}`)) common = path.dirname(common);
  }
  return common;
}

module.exports = { NetpolLintValidation };
