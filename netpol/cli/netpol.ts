import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readSources, type InputIo } from './input';
import { diskYamlCache } from './yaml-cache';
// The modules each command needs, not the analyzer's index: `list` loads neither explain nor diff.
import { AnalyzerError } from '../analyzer/errors';
import { analysisNotes, formatNote } from '../analyzer/calico/notes';
import { listConnections } from '../analyzer/connectivity';
import { formatConnections, OUTPUT_FORMATS, type OutputFormat } from '../analyzer/format';
import { loadManifests } from '../analyzer/load';
import type { Model } from '../analyzer/types';
import type { ExplainProtocol } from '../analyzer/explain';
import type { Finding } from '../lint';

/** The linter, loaded by the commands that use it (a tenth of the CLI's start-up otherwise). */
function lint(): typeof import('../lint') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../lint') as typeof import('../lint');
}

/** explain and its Calico trace, loaded by `explain` only. */
function explainModule(): typeof import('../analyzer/explain') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../analyzer/explain') as typeof import('../analyzer/explain');
}

/** `netpol diff`, loaded by that command only. */
function runDiff(args: readonly string[], io: CliIo, cwd: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./diff') as typeof import('./diff')).runDiff(args, io, cwd);
}

/** Exit statuses; documented in every help text and in docs/analyzer.md. */
export const EXIT = { ok: 0, inputError: 1, usageError: 2, denied: 3, lintErrors: 1, differs: 1 } as const;

/** Where the CLI writes (and reads standard input from); tests pass collectors, bin/netpol.js the process streams. */
export interface CliIo extends InputIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export { readSources };

/** The package's version, as package.json says. */
export function version(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

const MAIN_HELP = `Usage: netpol <command> [options] <path>...

Offline reachability analysis of Kubernetes NetworkPolicies (networking.k8s.io/v1) and Calico
policies (projectcalico.org/v3: tiers, NetworkPolicy, GlobalNetworkPolicy, NetworkSets), evaluated as
Calico's Felix does. Paths are files or folders (searched recursively for .yaml, .yml and .json).

Commands:
  list      Print every allowed connection (np-guard netpol-analyzer txt format by default)
  diff      Compare two states: the connections a change adds, removes or changes
  explain   Say whether one connection is allowed, and which policies and rules decide it
  lint      Check policies for known mistakes (split peers, missing DNS or default deny, ...)

Paths: files or folders; "-" (or /dev/stdin) reads standard input, and the /dev/fd/N paths of
process substitution work too: netpol list <(kubectl get networkpolicies,pods -A -o yaml).

Options:
  -h, --help   Show help (also: netpol <command> --help)
  --version    Print the version

Exit status: 0 success (explain: allowed), 1 invalid input (lint: also error findings; diff --exit-code:
also differences), 2 usage error, 3 explain: denied.

Parsed YAML files are kept in node_modules/.cache/netpol-yaml, so a run after a change parses only the
files that changed; NETPOL_YAML_CACHE=0 turns that off.
`;

const LIST_HELP = `Usage: netpol list [--output FORMAT] <path>...

Prints one line per ordered pair of workloads or external IPv4 ranges with at least one allowed
connection: "src => dst : conns", sorted by src then dst.

Options:
  -o, --output FORMAT   ${OUTPUT_FORMATS.join(' | ')} (default txt)
                          txt      np-guard netpol-analyzer connlist, byte for byte
                          json     {connections: [{src, dst, conn, ports}], calicoPoliciesNotEvaluated: [...]}
                          md       Markdown table
                          csv      src,dst,conn (RFC 4180)
                          dot      Graphviz digraph, one cluster per namespace
                          mermaid  Mermaid flowchart for GitHub Markdown
  -h, --help            Show this help

Calico policies (projectcalico.org) are evaluated tier by tier as Felix does; the conns then name
every protocol Calico allows: "ICMP" (every type), "ICMP 8/0" (type/code), "Protocol 47" (other IP
protocols), "TCP 80", … and "All Connections" for all of them. What the analysis cannot decide
(AdminNetworkPolicy and BaselineAdminNetworkPolicy, which are not evaluated; staged policies; HTTP
matches; host-only policies; Services missing from the input) is said as notes: on stderr for txt
and csv, in the output itself for the other formats (json: "notes").

Exit status: 0 success, 1 invalid input (nothing on stdout), 2 usage error.
`;

const EXPLAIN_HELP = `Usage: netpol explain <path>... --from PEER --to PEER --port PORT[/PROTOCOL] [--output txt|json]

Says whether the policies allow one connection, and why: for the source's egress and the
destination's ingress, either "not isolated" (no policy selects it, so allowed by default), the policy
and rule that admit the connection, or the policies that isolate it with no admitting rule. With
Calico policies in the input, each side is Felix's path instead: the tiers and their policies in
evaluation order, the rule that decided (with the Log rules that fired) or the tier's end, each with
its file and line.

Options:
  --from PEER        ns/name, ns/name[Kind] (when several kinds share the name), or an IPv4 address
  --to PEER          as --from
  --port PORT        a port number with an optional protocol: 443, 443/TCP, 53/udp, 9090/sctp
                     (TCP when omitted; named ports are not accepted, give the number);
                     icmp/TYPE[/CODE] for an ICMP message (code 0 when omitted), e.g. icmp/8/0;
                     ip/NUMBER for another IP protocol, e.g. ip/47
  -o, --output FMT   txt (default) or json
  -h, --help         Show this help

Exit status: 0 allowed, 3 denied, 1 invalid input, 2 usage error (including an unknown workload).
`;

const lintHelp = ({ RULES, DEFAULT_LINT_OPTIONS } = lint()) => `Usage: netpol lint [options] <path>...

Checks NetworkPolicies (networking.k8s.io/v1) and Calico policies for known mistakes. Pass the workloads too (e.g.
inventory/workloads.yaml) to check selectors, named ports and hostNetwork pods against them.
One line per finding: "severity  rule  file:line  object  message", then a summary line.

Rules (docs/lint.md explains each, with the fix):
${RULES.map((rule) => `  ${rule.id.padEnd(28)}${rule.severity.padEnd(9)}${rule.description}`).join('\n')}

Options:
  -o, --output FORMAT    txt (default) or json ({findings, summary, calicoPoliciesNotEvaluated, notes})
  --api-service-ip IP    ClusterIP of the kubernetes Service (default ${DEFAULT_LINT_OPTIONS.apiServiceIp})
  --pod-cidr CIDR        the cluster's pod CIDR (default ${DEFAULT_LINT_OPTIONS.podCidr}, Calico's default pool)
  --service-cidr CIDR    the cluster's Service CIDR (default ${DEFAULT_LINT_OPTIONS.serviceCidr}, kubeadm's default)
  --namespace NS         also require default deny in NS, even without policies there (repeatable)
  --disable RULE         skip a rule (repeatable)
  -h, --help             Show this help

Exit status: 0 no error findings (warnings and info do not fail), 1 error findings or invalid input,
2 usage error.
`;

export class UsageError extends Error {}

/** Runs the CLI and returns the exit status; never calls process.exit, so output can flush. */
export function main(argv: readonly string[], io: CliIo, cwd: string = process.cwd()): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) throw new UsageError('No command given.');
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout(MAIN_HELP);
      return EXIT.ok;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout(`netpol ${version()}\n`);
      return EXIT.ok;
    }
    if (command === 'list') return runList(rest, io, cwd);
    if (command === 'diff') return runDiff(rest, io, cwd);
    if (command === 'explain') return runExplain(rest, io, cwd);
    if (command === 'lint') return runLint(rest, io, cwd);
    throw new UsageError(command.startsWith('-') ? `Unknown option "${command}"; give a command first: list, diff, explain or lint (or --help, --version).` : `Unknown command "${command}"; use list, diff, explain or lint.`);
  } catch (error) {
    if (error instanceof AnalyzerError) {
      io.stderr(`Error: ${error.message}\n`);
      return EXIT.inputError;
    }
    // By name: the classes are in modules only some commands load (explain's QueryError, lint's LintOptionsError).
    if (error instanceof UsageError || (error instanceof Error && (error.name === 'QueryError' || error.name === 'LintOptionsError'))) {
      const help = command === 'list' || command === 'diff' || command === 'explain' || command === 'lint' ? `netpol ${command} --help` : 'netpol --help';
      io.stderr(`Error: ${error.message}\nRun "${help}" for usage.\n`);
      return EXIT.usageError;
    }
    throw error;
  }
}

export function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(optionMessage(error as NodeJS.ErrnoException, options));
  }
}

/** parseArgs' complaint in our words (its own leaves a quote open), naming the options there are. */
function optionMessage(error: NodeJS.ErrnoException, options: NonNullable<ParseArgsConfig['options']>): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const name = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
  const known = Object.entries(options).map(([long, o]) => `${o.short === undefined ? '' : `-${o.short}/`}--${long}`).join(', ');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option "${name}"; the options are ${known}. A path that starts with "-" goes after "--", as in: -- ${JSON.stringify(name)}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message) ? `Option "${name}" needs a value, e.g. ${name} ${name === '--output' ? 'json' : 'VALUE'}.` : `Option "${name}" takes no value.`;
    default:
      return error.message;
  }
}

function runList(args: readonly string[], io: CliIo, cwd: string): number {
  const { values, positionals } = parse(args, { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(LIST_HELP);
    return EXIT.ok;
  }
  const format = (values.output ?? 'txt') as string;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`Unknown output format "${format}"; use one of ${OUTPUT_FORMATS.join(', ')}.`);
  }
  const model = load(positionals, io, cwd);
  const notes = analysisNotes(model);
  const output = formatConnections(listConnections(model), format as OutputFormat, { calicoPolicies: model.calicoPolicies, notes });
  if (format === 'txt' || format === 'csv') for (const note of notes) io.stderr(`${formatNote(note)}\n`);
  if (model.workloads.length === 0) {
    // Policies alone (e.g. dist/) select nothing; an empty list must not read as "everything is blocked".
    io.stderr('Warning: The input has no workloads (Pods, Deployments, StatefulSets, …), so there are no connections to list. Add the workload manifests next to the policies.\n');
  }
  io.stdout(output);
  return EXIT.ok;
}

function runExplain(args: readonly string[], io: CliIo, cwd: string): number {
  const { values, positionals } = parse(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    port: { type: 'string' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(EXPLAIN_HELP);
    return EXIT.ok;
  }
  const missing = (['from', 'to', 'port'] as const).filter((name) => typeof values[name] !== 'string');
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map((name) => `--${name}`).join(', ')}.`);
  const format = (values.output ?? 'txt') as string;
  if (format !== 'txt' && format !== 'json') throw new UsageError(`Unknown output format "${format}" for explain; use txt or json.`);
  const { port, protocol, icmpCode } = parsePort(values.port as string);
  const model = load(positionals, io, cwd);
  const { explain, formatExplanation } = explainModule();
  const explanation = explain(model, { from: values.from as string, to: values.to as string, port, protocol, icmpCode });
  if (format === 'json') {
    io.stdout(`${JSON.stringify(explanation, null, 2)}\n`);
  } else {
    // The explanation itself ends with the notes, so stderr need not repeat them.
    io.stdout(formatExplanation(explanation));
  }
  return explanation.allowed ? EXIT.ok : EXIT.denied;
}

function runLint(args: readonly string[], io: CliIo, cwd: string): number {
  const { values, positionals } = parse(args, {
    output: { type: 'string', short: 'o' },
    'api-service-ip': { type: 'string' },
    'pod-cidr': { type: 'string' },
    'service-cidr': { type: 'string' },
    namespace: { type: 'string', multiple: true },
    disable: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(lintHelp());
    return EXIT.ok;
  }
  const format = (values.output ?? 'txt') as string;
  if (format !== 'txt' && format !== 'json') throw new UsageError(`Unknown output format "${format}" for lint; use txt or json.`);
  const options = {
    apiServiceIp: values['api-service-ip'] as string | undefined,
    podCidr: values['pod-cidr'] as string | undefined,
    serviceCidr: values['service-cidr'] as string | undefined,
    namespaces: values.namespace as string[] | undefined,
    disable: values.disable as string[] | undefined,
  };
  // Checked before reading files, so a typo in an option is a usage error even when the input is bad too.
  const { countBySeverity, lintModel, resolveLintOptions } = lint();
  resolveLintOptions(options);
  const model = load(positionals, io, cwd);
  const findings = lintModel(model, options);
  const counts = countBySeverity(findings);
  if (model.workloads.length === 0) {
    io.stderr('Note: The input has no workloads (Pods, Deployments, StatefulSets, …), so selector-matches-nothing, unknown-named-port and host-network-selected had nothing to check. Add the workload manifests (e.g. inventory/workloads.yaml).\n');
  }
  const notes = analysisNotes(model);
  if (format === 'json') {
    const calicoPoliciesNotEvaluated = model.calicoPolicies.map((p) => ({ apiVersion: p.apiVersion, kind: p.kind, ...(p.namespace === undefined ? {} : { namespace: p.namespace }), name: p.name, file: p.source.file, line: p.source.line }));
    io.stdout(`${JSON.stringify({ findings, summary: counts, calicoPoliciesNotEvaluated, ...(notes.length > 0 ? { notes } : {}) }, null, 2)}\n`);
  } else {
    for (const note of notes) io.stderr(`${formatNote(note)}\n`);
    io.stdout(findings.map((finding) => `${formatFinding(finding)}\n`).join(''));
    io.stdout(`${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info.\n`);
  }
  return counts.error > 0 ? EXIT.lintErrors : EXIT.ok;
}

/** `error  split-peer  dist/loki/x.yaml:12  NetworkPolicy loki/allow-dns-egress  Rule …`. */
export function formatFinding(finding: Finding): string {
  const where = finding.file === undefined ? '-' : finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
  return [finding.severity, finding.ruleId, where, finding.object, finding.message].join('  ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `443`, `443/TCP`, `53/udp`, `icmp/8/0`, `icmp/3`, `icmp` (8/0, echo request), `ip/47`. */
export function parsePort(text: string): { port: number; protocol: ExplainProtocol; icmpCode?: number } {
  const icmp = /^icmp(?:\/(\d{1,3})(?:\/(\d{1,3}))?)?$/i.exec(text.trim());
  if (icmp !== null) {
    const type = icmp[1] === undefined ? 8 : Number(icmp[1]);
    const code = icmp[2] === undefined ? 0 : Number(icmp[2]);
    if (type > 255 || code > 255) throw new UsageError(`Invalid --port "${text}"; an ICMP type and code are numbers from 0 to 255, e.g. icmp/8/0 (echo request) or icmp/3/4.`);
    return { port: type, protocol: 'ICMP', icmpCode: code };
  }
  const ip = /^ip\/(\d{1,3})$/i.exec(text.trim());
  if (ip !== null) {
    if (Number(ip[1]) > 255) throw new UsageError(`Invalid --port "${text}"; an IP protocol number is from 0 to 255, e.g. ip/47.`);
    return { port: Number(ip[1]), protocol: 'IP' };
  }
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  const port = match === null ? NaN : Number(match[1]);
  if (match === null || port < 1 || port > 65535) {
    const named = /^[a-z][-a-z0-9]*(\/\w+)?$/i.test(text) ? ' Named ports are not accepted; give the number the container declares.' : '';
    throw new UsageError(`Invalid --port "${text}"; expected a number from 1 to 65535 with an optional protocol, e.g. 443, 443/TCP or 53/udp (or icmp/8/0, ip/47).${named}`);
  }
  return { port, protocol: (match[2]?.toUpperCase() ?? 'TCP') as ExplainProtocol };
}

function load(paths: readonly string[], io: CliIo, cwd: string): Model {
  if (paths.length === 0) throw new UsageError('No input paths given; pass manifest files or folders.');
  const model = loadManifests(readSources(paths, cwd, io), { yamlCache: diskYamlCache() });
  for (const warning of model.warnings) {
    const where = warning.source === undefined ? '' : `${warning.source.file}${warning.source.line === undefined ? '' : `:${warning.source.line}`}: `;
    io.stderr(`Warning: ${where}${warning.message}\n`);
  }
  return model;
}
