'use strict';
// The charts dist/ must hold, for safe-synth.js and check-dist.js: read from the app as main.ts composes
// it (built in this process, not synthesized; building takes well under a second).
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
require('./ts-register');
const { buildApp } = require(path.join(ROOT, 'main'));
const { APPLICATION_CHART, CLUSTER_CHARTS } = require(path.join(ROOT, 'homelab', 'app'));

const NAMESPACES = buildApp({ outdir: path.join(ROOT, 'dist') }).protectedNamespaceNames;
// The charts ArgoCD must sync: one per namespace plus the cluster-wide ones (e.g. calico-global).
const SYNCED_CHARTS = [...NAMESPACES, ...CLUSTER_CHARTS];
const CHARTS = [...SYNCED_CHARTS, APPLICATION_CHART];
const MANIFEST_SUFFIX = '.k8s.yaml';

/** The charts of main.ts that have no manifest in `dir`. */
function missingCharts(dir) {
  return CHARTS.filter((chart) => {
    const folder = path.join(dir, chart);
    return !fs.existsSync(folder) || !fs.readdirSync(folder).some((file) => file.endsWith(MANIFEST_SUFFIX));
  });
}

/** Every file below `dir`, as sorted `/`-separated paths relative to it. */
function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`]))
    .sort();
}

module.exports = { ROOT, NAMESPACES, CLUSTER_CHARTS, SYNCED_CHARTS, CHARTS, APPLICATION_CHART, missingCharts, listFiles };
