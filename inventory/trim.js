#!/usr/bin/env node
// Trim a live cluster dump (or any inventory file) down to what the
// NetworkPolicy analyzer reads, in the same shape as inventory/workloads.yaml,
// or print a one-line-per-workload summary for diffing.
//
//   node inventory/trim.js [--format yaml|tsv] [--namespaces a,b,c] FILE...
//
// Input: multi-document YAML, where a document may be a single object or a
// `List` (as `kubectl get ... -o yaml` prints). Output keeps Namespaces and
// Deployments/StatefulSets/DaemonSets/Pods in the chosen namespaces (default:
// the namespaces declared in inventory/workloads.yaml), drops Pods that have
// an owner other than a Node (their controller already carries the template
// labels, and the pod names and pod-template-hash change on every rollout;
// the mirror pods of static pods, owned by their Node, are kept), and drops labels
// that change on every rollout or upgrade so that a diff shows real changes.
'use strict';
const fs = require('fs');
const path = require('path');
const { parseAllDocuments, stringify } = require('yaml');

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod']);
// Set by controllers or Helm and different after every rollout or chart bump.
const VOLATILE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'helm.sh/chart',
  'app.kubernetes.io/version',
  'chart',
  'heritage',
]);

function readObjects(file) {
  const out = [];
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj == null) continue;
    if (Array.isArray(obj.items) && /List$/.test(obj.kind || '')) out.push(...obj.items);
    else out.push(obj);
  }
  return out;
}

function stableLabels(labels) {
  const out = {};
  for (const key of Object.keys(labels || {}).sort()) {
    if (!VOLATILE_LABELS.has(key)) out[key] = String(labels[key]);
  }
  return out;
}

function trimContainers(containers) {
  return (containers || []).map((c) => {
    const t = { name: c.name };
    if (c.ports && c.ports.length > 0) {
      t.ports = c.ports.map((p) => {
        const port = {};
        if (p.name) port.name = p.name;
        port.containerPort = p.containerPort;
        port.protocol = p.protocol || 'TCP';
        return port;
      });
    }
    return t;
  });
}

function trim(obj) {
  const meta = { name: obj.metadata.name };
  if (obj.kind === 'Namespace') {
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { ...meta, labels: stableLabels(obj.metadata.labels) } };
  }
  meta.namespace = obj.metadata.namespace;
  if (obj.kind === 'Pod') {
    const spec = { containers: trimContainers(obj.spec.containers) };
    if (obj.spec.hostNetwork) spec.hostNetwork = true;
    return { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta, labels: stableLabels(obj.metadata.labels) }, spec };
  }
  const podSpec = obj.spec.template.spec;
  const spec = { containers: trimContainers(podSpec.containers) };
  if (podSpec.hostNetwork) spec.hostNetwork = true;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: meta,
    spec: {
      selector: { matchLabels: stableLabels(obj.spec.selector && obj.spec.selector.matchLabels) },
      template: { metadata: { labels: stableLabels(obj.spec.template.metadata.labels) }, spec },
    },
  };
}

function select(objects, namespaces) {
  return objects.filter((o) => {
    if (o.kind === 'Namespace') return namespaces.has(o.metadata.name);
    if (!WORKLOAD_KINDS.has(o.kind) || !namespaces.has(o.metadata.namespace)) return false;
    // A pod owned by a controller is described by that controller. A static pod's mirror (the control
    // plane's, owned by its Node) has no controller object, so it stays, as a bare Pod.
    return !(o.kind === 'Pod' && (o.metadata.ownerReferences || []).some((owner) => owner.kind !== 'Node'));
  });
}

function summaryLine(t) {
  if (t.kind === 'Namespace') return null;
  const labels = t.kind === 'Pod' ? t.metadata.labels : t.spec.template.metadata.labels;
  const spec = t.kind === 'Pod' ? t.spec : t.spec.template.spec;
  const ports = spec.containers
    .flatMap((c) => c.ports || [])
    .sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol))
    .map((p) => `${p.containerPort}/${p.protocol}`);
  return [
    t.metadata.namespace,
    t.kind,
    t.metadata.name,
    Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(','),
    ports.join(','),
    spec.hostNetwork ? 'hostNetwork' : '',
  ].join('\t');
}

function main(argv) {
  let format = 'yaml';
  let namespaces = null;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--format') format = argv[++i];
    else if (argv[i] === '--namespaces') namespaces = new Set(argv[++i].split(',').filter(Boolean));
    else files.push(argv[i]);
  }
  if (files.length === 0 || !['yaml', 'tsv'].includes(format)) {
    process.stderr.write('usage: node inventory/trim.js [--format yaml|tsv] [--namespaces a,b,c] FILE...\n');
    return 2;
  }
  if (!namespaces) {
    const declared = readObjects(path.join(__dirname, 'workloads.yaml')).filter((o) => o.kind === 'Namespace');
    namespaces = new Set(declared.map((o) => o.metadata.name));
  }
  const trimmed = select(files.flatMap(readObjects), namespaces).map(trim);
  if (format === 'tsv') {
    const lines = trimmed.map(summaryLine).filter((l) => l !== null).sort();
    process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
  } else {
    process.stdout.write(stringify({ apiVersion: 'v1', kind: 'List', items: trimmed }));
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
module.exports = { readObjects, select, trim, summaryLine };
