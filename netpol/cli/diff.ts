import { AnalyzerError, diffModels, DIFF_OUTPUT_FORMATS, formatDiff, loadManifests, REF_NAMES, sideCalicoNote, type DiffOutputFormat, type ManifestSource, type Model } from '../analyzer';
import { formatLocation } from '../analyzer/errors';
import { EXIT, parse, readSources, UsageError, type CliIo } from './netpol';
import { diskYamlCache } from './yaml-cache';

type Ref = (typeof REF_NAMES)[number];

export const DIFF_HELP = `Usage: netpol diff [options] REF1 REF2
       netpol diff [options] --ref1 PATH... --ref2 PATH...

Compares what two states allow: REF1 the old one, REF2 the new one, each a file or folder (or, with
--ref1/--ref2, several). One line per (source, destination) pair whose allowed connections differ:
"changed" (both allow something, not the same), "added" (only ref2 allows something) or "removed"
(only ref1 does), sorted in that order and then by source and destination. The external address
ranges of both states are cut into common segments and adjacent segments with the same change are
merged, so an ipBlock that only re-cuts the address space is no change. A workload that exists in
one state only is named in workloads-diff-info.

Options:
  --ref1 PATH           a file or folder of the old state (repeatable; then give no REF1 REF2)
  --ref2 PATH           a file or folder of the new state (repeatable)
  -o, --output FORMAT   ${DIFF_OUTPUT_FORMATS.join(' | ')} (default txt)
                          txt   np-guard netpol-analyzer diff, byte for byte; empty when nothing differs
                          md    heading, counts and a table, for a PR comment; empty when nothing differs
                          csv   diff-type,source,destination,ref1,ref2,workloads-diff-info (RFC 4180)
                          json  {diffs: [...], summary: {changed, added, removed}, calicoPoliciesNotEvaluated: {ref1, ref2}}
  --exit-code           exit 1 when something differs (as git diff --exit-code)
  -h, --help            Show this help

Calico policies (projectcalico.org) are evaluated as netpol list evaluates them, so a change in ICMP
or another IP protocol shows too, in list's notation ("ICMP 8/0", "Protocol 47", "All Connections").
AdminNetworkPolicy and BaselineAdminNetworkPolicy are not evaluated; txt and csv output (and md when
empty) say so on stderr, md and json in the output itself.

Exit status: 0 success, whether or not something differs (with --exit-code: 0 nothing differs, 1
something differs), 1 invalid input on either side (nothing on stdout; the error names ref1 or ref2),
2 usage error.
`;

export function runDiff(args: readonly string[], io: CliIo, cwd: string): number {
  const { values, positionals } = parse(args, {
    ref1: { type: 'string', multiple: true },
    ref2: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    'exit-code': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return EXIT.ok;
  }
  const format = (values.output ?? 'txt') as string;
  if (!(DIFF_OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`Unknown output format "${format}" for diff; use one of ${DIFF_OUTPUT_FORMATS.join(', ')}.`);
  }
  const refs = refPaths(values.ref1 as string[] | undefined, values.ref2 as string[] | undefined, positionals);
  const states = REF_NAMES.map((ref, index) => loadRef(ref, refs[index], io, cwd));
  const models = [states[0].model, states[1].model] as [Model, Model];
  warnAboutMissingWorkloads(models, io);

  // The same texts in the same order make the same connections (a pull request that leaves the policies
  // alone): nothing to list. Both states were still read and checked, so their errors and warnings stand.
  const diffs = sameTexts(states[0].sources, states[1].sources) ? [] : diffModels(models[0], models[1]);
  const calicoPolicies = { ref1: models[0].calicoPolicies, ref2: models[1].calicoPolicies };
  const output = formatDiff(diffs, format as DiffOutputFormat, { calicoPolicies });
  // md and json carry the note themselves, except md when there is nothing to report.
  if (format === 'txt' || format === 'csv' || (format === 'md' && output === '')) {
    for (const ref of REF_NAMES) if (calicoPolicies[ref].length > 0) io.stderr(`${sideCalicoNote(ref, calicoPolicies[ref], 'Warning')}\n`);
  }
  io.stdout(output);
  return values['exit-code'] === true && diffs.length > 0 ? EXIT.differs : EXIT.ok;
}

/** The paths of each state, from REF1 REF2 or from --ref1/--ref2. */
function refPaths(ref1: string[] | undefined, ref2: string[] | undefined, positionals: readonly string[]): [string[], string[]] {
  if (ref1 === undefined && ref2 === undefined) {
    if (positionals.length !== 2) {
      throw new UsageError(`Expected two paths, the old state and then the new one, but got ${positionals.length}; for several paths per state use --ref1 PATH... --ref2 PATH...`);
    }
    return [[positionals[0]], [positionals[1]]];
  }
  if (positionals.length > 0) throw new UsageError(`Give the states either as REF1 REF2 or with --ref1/--ref2, not both; "${positionals.join(' ')}" is left over.`);
  if (ref1 === undefined || ref2 === undefined) throw new UsageError(`Missing --${ref1 === undefined ? 'ref1' : 'ref2'}: both states need at least one path.`);
  return [ref1, ref2];
}

/** Whether two states read the same texts, file for file (their paths may differ). */
function sameTexts(a: readonly ManifestSource[], b: readonly ManifestSource[]): boolean {
  return a.length === b.length && a.every((source, index) => source.text === b[index].text);
}

/** Loads one state; its errors and warnings name it, so the reader knows which side to fix. */
function loadRef(ref: Ref, paths: readonly string[], io: CliIo, cwd: string): { model: Model; sources: ManifestSource[] } {
  let model: Model;
  let sources: ManifestSource[];
  try {
    sources = readSources(paths, cwd, io);
    model = loadManifests(sources, { yamlCache: diskYamlCache() });
  } catch (error) {
    if (error instanceof AnalyzerError) throw new AnalyzerError(`${ref}: ${error.message}`);
    throw error;
  }
  for (const warning of model.warnings) {
    const where = warning.source === undefined ? '' : `${formatLocation(warning.source)}: `;
    io.stderr(`Warning: ${ref}: ${where}${warning.message}\n`);
  }
  return { model, sources };
}

/** Policies alone (e.g. dist/) allow no connections; without a warning the diff would read as "everything added". */
function warnAboutMissingWorkloads(models: readonly [Model, Model], io: CliIo): void {
  REF_NAMES.forEach((ref, index) => {
    if (models[index].workloads.length > 0) return;
    const other = models[1 - index].workloads.length > 0 ? `, so every connection of ${REF_NAMES[1 - index]} shows as ${index === 0 ? 'added' : 'removed'}` : '';
    io.stderr(`Warning: ${ref}: The input has no workloads (Pods, Deployments, StatefulSets, …)${other}. Add the workload manifests next to the policies (e.g. inventory/workloads.yaml).\n`);
  });
}
