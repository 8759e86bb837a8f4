#!/usr/bin/env node
'use strict';
// CI check on the committed dist/: every chart main.ts defines is there, and ArgoCD's
// include/exclude (read from the committed Application) syncs exactly the namespace and
// cluster-wide manifests.
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { ROOT, NAMESPACES, CLUSTER_CHARTS, SYNCED_CHARTS, APPLICATION_CHART, missingCharts, listFiles } = require('./dist-layout');
const { argoSyncsFile } = require(path.join(ROOT, 'netpol', 'argocd-glob'));

// The folder to check; tests pass a synthesized copy.
const DIST = process.argv[2] === undefined ? path.join(ROOT, 'dist') : path.resolve(process.argv[2]);
const problems = [];

if (!fs.existsSync(DIST)) {
  problems.push('dist/ does not exist. Run `npm run synth` and commit dist/.');
} else {
  for (const chart of missingCharts(DIST)) {
    problems.push(`dist/${chart}/ has no manifest, but main.ts defines the chart. Run \`npm run synth\` and commit dist/.`);
  }
  const applicationFile = path.join(DIST, APPLICATION_CHART, 'Application.network-policies.k8s.yaml');
  if (fs.existsSync(applicationFile)) {
    const directory = YAML.parse(fs.readFileSync(applicationFile, 'utf-8')).spec.source.directory;
    for (const file of listFiles(DIST)) {
      const chart = file.split('/')[0];
      const synced = argoSyncsFile(file, directory);
      if (chart === APPLICATION_CHART && synced) {
        problems.push(`ArgoCD would sync dist/${file}: the Application would manage itself. Fix directory.exclude ("${directory.exclude}").`);
      } else if (SYNCED_CHARTS.includes(chart) && !synced) {
        problems.push(`ArgoCD would skip dist/${file}. Fix directory.include ("${directory.include}") or exclude ("${directory.exclude}").`);
      } else if (!SYNCED_CHARTS.includes(chart) && chart !== APPLICATION_CHART && synced) {
        problems.push(`ArgoCD would sync dist/${file}, which no chart of main.ts writes. Delete it or run \`npm run synth\`.`);
      }
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`check-dist: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`check-dist: dist/ has all ${NAMESPACES.length} namespaces, the cluster-wide charts (${CLUSTER_CHARTS.join(', ')}) `
  + 'and the Application; ArgoCD syncs exactly the namespace and cluster-wide manifests.\n');
