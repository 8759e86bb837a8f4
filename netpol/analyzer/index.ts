/**
 * Offline NetworkPolicy reachability analysis: plain objects in, plain objects out. Nothing here reads
 * files, prints or knows about cdk8s, so a CLI, a linter, jest matchers or a docs generator can share it.
 */
export { AnalyzerError } from './errors';
export type {
  ContainerPort,
  Direction,
  IpBlockPeer,
  IpInterval,
  Labels,
  LabelSelector,
  LabelSelectorRequirement,
  ManifestSource,
  Model,
  Namespace,
  NetworkPolicy,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Protocol,
  SelectorPeer,
  SourceLocation,
  UnevaluatedPolicy,
  Warning,
  Workload,
} from './types';
export { loadManifests } from './load';
export { listConnections, externalAtoms, workloadLabel, externalLabel } from './connectivity';
export type { Connection, Peer, WorkloadPeer, ExternalPeer } from './connectivity';
export { explain, formatExplanation, resolvePeer, calicoNote, QueryError } from './explain';
export type { Explanation, ExplainQuery, PolicyReference, ResolvedPeer, RuleReference, SideExplanation } from './explain';
export { formatConnections, OUTPUT_FORMATS } from './format';
export { diffConnections, diffModels, DIFF_TYPES } from './diff';
export type { ConnectionDiff, DiffSide, DiffType } from './diff';
export { formatDiff, DIFF_OUTPUT_FORMATS, REF_NAMES, sideCalicoNote } from './format/diff';
export type { DiffFormatOptions, DiffOutputFormat } from './format/diff';
export type { FormatOptions, OutputFormat } from './format';
export { ALL_PORTS, NO_PORTS, contains, formatPortSet, intersect, isAll, isEmpty, portRange, union, wholeProtocol } from './ports';
export type { PortSet } from './ports';
export { matches as selectorMatches, formatSelector } from './selectors';
