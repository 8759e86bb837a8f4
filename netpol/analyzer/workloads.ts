import { AnalyzerError, describeObject, excerpt, formatLocation } from './errors';
import { readLabels, readProtocol } from './policies';
import { formatPath, identifyObject, isRecord, metadataOf, ObjectReader, type PathSegment, type RawObject } from './raw';
import { formatSelector, matches, sameLabels } from './selectors';
import type { ContainerPort, Labels, LabelSelector, NetworkPolicy, SourceLocation, Warning, Workload } from './types';

/** Kinds whose manifests are workloads in their own right, with the path to their pod template. */
export const WORKLOAD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

interface Member {
  readonly podName: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  readonly serviceAccount?: string;
  readonly source: SourceLocation;
}

interface Entry {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly members: Member[];
  /** Set when a manifest or an owner-less pod defines the workload itself (so a second one is a duplicate). */
  definedAt?: SourceLocation;
}

/**
 * Collects workload manifests and pods into workloads, np-guard style: pods with a controller owner
 * collapse into `ns/owner[OwnerKind]`, other pods are `ns/pod[Pod]`.
 */
export class WorkloadCollector {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly warnings: Warning[]) {}

  /** Adds a Deployment, StatefulSet, … manifest. */
  addWorkloadManifest(raw: RawObject): void {
    const { namespace, name, reader } = identifyObject(raw, true, this.warnings);
    const templatePath = WORKLOAD_TEMPLATE_PATHS[raw.kind];
    const template = dig(raw.value, templatePath);
    const templateMetadata = isRecord(template) && isRecord(template.metadata) ? template.metadata : {};
    const labels = readLabels(reader, [...templatePath, 'metadata', 'labels'], templateMetadata.labels, false);
    const templateSpec = isRecord(template) ? template.spec : undefined;
    const ports = readContainerPorts(reader, [...templatePath, 'spec'], templateSpec, this.warnings);
    this.define(reader, namespace, name, raw.kind, { podName: name, labels, ports, hostNetwork: usesHostNetwork(templateSpec), serviceAccount: serviceAccountOf(templateSpec), source: reader.source });
  }

  /** Adds a Pod; it joins its controller owner's workload when it has one. */
  addPod(raw: RawObject): void {
    const { namespace, name, reader } = identifyObject(raw, true, this.warnings);
    const metadata = metadataOf(raw);
    const labels = readLabels(reader, ['metadata', 'labels'], metadata.labels, false);
    const ports = readContainerPorts(reader, ['spec'], raw.value.spec, this.warnings);
    const member: Member = { podName: name, labels, ports, hostNetwork: usesHostNetwork(raw.value.spec), serviceAccount: serviceAccountOf(raw.value.spec), source: reader.source };
    const owners = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : [];
    // Static pods are "owned" by their Node, which is no workload.
    const owner = owners.find((o) => isRecord(o) && o.controller === true && o.kind !== 'Node' && typeof o.name === 'string');
    if (isRecord(owner)) {
      const kind = typeof owner.kind === 'string' && owner.kind !== '' ? owner.kind : 'Pod';
      this.entry(namespace, owner.name as string, kind).members.push(member);
    } else {
      this.define(reader, namespace, name, 'Pod', member);
    }
  }

  /**
   * The workloads, after checking that no policy selector tells apart pods collapsed into one workload
   * (the analysis would otherwise silently pick one pod's labels).
   */
  workloads(policies: readonly NetworkPolicy[], namespaceLabels: (namespace: string) => Labels): Workload[] {
    const result: Workload[] = [];
    for (const entry of this.entries.values()) {
      const first = representative(entry);
      checkLabelGap(entry, policies, namespaceLabels);
      const firstPorts = entry.members.length > 1 ? JSON.stringify(first.ports) : '';
      const differing = entry.members.length > 1 ? entry.members.find((member) => member !== first && JSON.stringify(member.ports) !== firstPorts) : undefined;
      if (differing !== undefined) {
        // Named ports resolve against one set of container ports per workload; say which one was used.
        this.warnings.push({
          message: `${entry.kind} ${entry.namespace}/${entry.name}: Pods ${first.podName} and ${differing.podName} of this workload declare different container ports; `
            + `named ports are resolved against ${first.podName}'s. Check that the pods run the same version.`,
          source: differing.source,
        });
      }
      result.push({
        namespace: entry.namespace,
        name: entry.name,
        kind: entry.kind,
        labels: first.labels,
        ports: first.ports,
        // Only when set, so JSON outputs of ordinary workloads stay as they were.
        ...(first.hostNetwork ? { hostNetwork: true } : {}),
        ...(first.serviceAccount !== undefined ? { serviceAccount: first.serviceAccount } : {}),
        source: entry.definedAt ?? first.source,
      });
    }
    return result;
  }

  /** Namespaces that workloads live in. */
  namespaces(): Set<string> {
    return new Set([...this.entries.values()].map((e) => e.namespace));
  }

  private define(reader: ObjectReader, namespace: string, name: string, kind: string, member: Member): void {
    const entry = this.entry(namespace, name, kind);
    if (entry.definedAt !== undefined) {
      throw new AnalyzerError(
        `${kind} ${namespace}/${name} is defined twice (first at ${formatLocation(entry.definedAt)}); give one of them another name or remove the copy.`,
        { source: reader.source, object: reader.description },
      );
    }
    entry.definedAt = member.source;
    entry.members.unshift(member);
  }

  private entry(namespace: string, name: string, kind: string): Entry {
    const key = `${namespace}/${name}[${kind}]`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { namespace, name, kind, members: [] };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

/**
 * The member whose labels and ports stand for the workload: the manifest (or bare pod) that defines
 * it, else the owned pod with the smallest name, so the answer does not depend on file order.
 */
function representative(entry: Entry): Member {
  if (entry.definedAt !== undefined) return entry.members[0];
  return entry.members.reduce((best, member) => (member.podName < best.podName ? member : best));
}


/** spec.serviceAccountName (or the deprecated spec.serviceAccount); undefined: the namespace's `default`. */
function serviceAccountOf(spec: unknown): string | undefined {
  if (!isRecord(spec)) return undefined;
  const name = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '' ? spec.serviceAccountName : spec.serviceAccount;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function usesHostNetwork(spec: unknown): boolean {
  return isRecord(spec) && spec.hostNetwork === true;
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function readContainerPorts(reader: ObjectReader, specPath: PathSegment[], spec: unknown, warnings: Warning[]): ContainerPort[] {
  const containers = isRecord(spec) && Array.isArray(spec.containers) ? spec.containers : [];
  const ports: ContainerPort[] = [];
  containers.forEach((container, containerIndex) => {
    if (!isRecord(container) || !Array.isArray(container.ports)) return;
    container.ports.forEach((port, portIndex) => {
      if (!isRecord(port)) return;
      const path = (): PathSegment[] => [...specPath, 'containers', containerIndex, 'ports', portIndex];
      let number = port.containerPort;
      if (number === undefined) {
        // Go's JSON decoding (and so np-guard) matches field names case-insensitively; follow it, but say so.
        const misspelt = Object.keys(port).find((key) => key.toLowerCase() === 'containerport');
        if (misspelt !== undefined) {
          number = port[misspelt];
          warnings.push({
            message: `${reader.description}: Field "${misspelt}" is read as "containerPort" (${excerpt(number)}); kubectl would reject the misspelling.`,
            source: reader.sourceAt([...path(), misspelt]),
          });
        }
      }
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
        reader.fail([...path(), 'containerPort'], `Field ${formatPath([...path(), 'containerPort'])} is ${excerpt(number)}; it must be a whole number from 1 to 65535.`);
      }
      const protocol = port.protocol === 'TCP' ? 'TCP' : readProtocol(reader, [...path(), 'protocol'], port.protocol);
      ports.push({ name: typeof port.name === 'string' && port.name !== '' ? port.name : undefined, containerPort: number, protocol });
    });
  });
  return ports;
}

function checkLabelGap(entry: Entry, policies: readonly NetworkPolicy[], namespaceLabels: (namespace: string) => Labels): void {
  const first = entry.members[0];
  const different = entry.members.find((m) => !sameLabels(m.labels, first.labels));
  if (different === undefined) return;
  for (const policy of policies) {
    for (const { selector, field } of podSelectorsReaching(policy, entry.namespace, namespaceLabels)) {
      const outlier = entry.members.find((m) => matches(selector, m.labels) !== matches(selector, first.labels));
      if (outlier === undefined) continue;
      throw new AnalyzerError(
        `Pods ${first.podName} and ${outlier.podName} share the owner ${entry.namespace}/${entry.name}[${entry.kind}] but carry different labels ` +
          `(${formatLabels(first.labels)} vs ${formatLabels(outlier.labels)}), and the selector "${formatSelector(selector)}" in ${field} of ` +
          `NetworkPolicy ${policy.namespace}/${policy.name} (${formatLocation(policy.source)}) selects only one of them, so they cannot be analysed as one workload. ` +
          'Give the pods of one owner the same values for the label keys that policies select on.',
        { source: outlier.source, object: describeObject('Pod', outlier.podName, entry.namespace) },
      );
    }
  }
}

/** The pod selectors of a policy that can apply to pods in `namespace`, with their field paths. */
function podSelectorsReaching(policy: NetworkPolicy, namespace: string, namespaceLabels: (namespace: string) => Labels): { selector: LabelSelector; field: string }[] {
  const result: { selector: LabelSelector; field: string }[] = [];
  if (policy.namespace === namespace) result.push({ selector: policy.podSelector, field: 'spec.podSelector' });
  for (const [direction, rules] of [['ingress', policy.ingress], ['egress', policy.egress]] as const) {
    // Rules of a direction the policy does not isolate (an ingress rule of an Egress-only policy) select nothing.
    if (!policy.policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
    rules.forEach((rule, ruleIndex) =>
      rule.peers?.forEach((peer, peerIndex) => {
        if (peer.type !== 'selector' || peer.podSelector === undefined) return;
        const reaches = peer.namespaceSelector === undefined ? policy.namespace === namespace : matches(peer.namespaceSelector, namespaceLabels(namespace));
        if (reaches) {
          result.push({ selector: peer.podSelector, field: `spec.${direction}[${ruleIndex}].${direction === 'ingress' ? 'from' : 'to'}[${peerIndex}].podSelector` });
        }
      }),
    );
  }
  return result;
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'no labels' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}
