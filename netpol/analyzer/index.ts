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
export { loadManifests, type LoadOptions, type ParsedYamlDocument, type YamlDocumentCache } from './load';
export { listConnections, externalAtoms, workloadLabel, externalLabel } from './connectivity';
export type { Connection, Peer, WorkloadPeer, ExternalPeer } from './connectivity';
export { explain, formatExplanation, resolvePeer, calicoNote, QueryError } from './explain';
export type { Explanation, ExplainProtocol, ExplainQuery, PolicyReference, ResolvedPeer, RuleReference, SideExplanation } from './explain';
export { analysisNotes, formatNote } from './calico/notes';
export type { AnalysisNote } from './calico/notes';
export type { CalicoSideTrace, PolicyTrace, RuleHit, TierTrace } from './calico/explain';
export type { CalicoObjects, CalicoPolicy, CalicoRule, CalicoTier, CalicoNetworkSet, EntityRule } from './calico/model';
export { parseSelector as parseCalicoSelector, evaluateSelector as evaluateCalicoSelector, SelectorSyntaxError } from './calico/selector';
export type { CalicoSelector, SelectorNode } from './calico/selector';
export { ALL_CONNS, NO_CONNS, formatConnSet, fromPortSet, intersectConns, isEmptyConns, subtractConns, toPortSet, unionConns } from './conn-set';
export type { ConnSet } from './conn-set';
export { formatConnections, OUTPUT_FORMATS } from './format';
export { diffConnections, diffModels, DIFF_TYPES } from './diff';
export type { ConnectionDiff, DiffSide, DiffType } from './diff';
export { formatDiff, DIFF_OUTPUT_FORMATS, REF_NAMES, sideCalicoNote } from './format/diff';
export type { DiffFormatOptions, DiffOutputFormat } from './format/diff';
export type { FormatOptions, OutputFormat } from './format';
export { ALL_PORTS, NO_PORTS, contains, formatPortSet, intersect, isAll, isEmpty, portRange, union, wholeProtocol } from './ports';
export type { PortSet } from './ports';
export { matches as selectorMatches, formatSelector } from './selectors';
