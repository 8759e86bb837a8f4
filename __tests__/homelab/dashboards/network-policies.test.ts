import * as fs from 'fs';
import * as path from 'path';
import {
  CALICO_LOG_PREFIX, FELIX_METRICS, FELIX_SCRAPE_JOB, KERNEL_LOG_STREAM, PROMETHEUS_METRICS, networkPoliciesDashboard, promtailKernelScrapeConfig,
} from '../../../homelab/dashboards/network-policies';
import { Panel } from '../../../homelab/dashboards/grafana';

// PromQL/LogQL words that are not metric names.
const FUNCTIONS = new Set(['sum', 'max', 'count', 'topk', 'rate', 'by', 'or', 'vector', 'count_over_time', 'regexp']);

/** Metric names a PromQL query reads: identifiers outside label matchers, by(...), ranges and strings. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\bby\s*\([^)]*\)/g, ' ');
  return (stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter((word) => !FUNCTIONS.has(word));
}

const dashboard = networkPoliciesDashboard();
const queryPanels = dashboard.panels.filter((panel): panel is Panel & { targets: NonNullable<Panel['targets']> } => panel.targets !== undefined);

describe('the network policies dashboard', () => {
  test('is valid JSON that round-trips, and the same on every build', () => {
    const json = JSON.stringify(dashboard);
    expect(JSON.parse(json)).toEqual(dashboard);
    expect(JSON.stringify(networkPoliciesDashboard())).toBe(json);
  });

  test('has unique panel ids, fits the 24-column grid and asks for its two datasources as variables', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    }
    expect(dashboard.templating.list.map((variable) => `${variable.name}:${variable.query}`)).toEqual(['prometheus:prometheus', 'loki:loki']);
    for (const panel of queryPanels) {
      expect(panel.datasource?.uid).toBe(`\${${panel.datasource?.type}}`);
    }
  });

  test('every Prometheus query reads only verified Felix metrics (or up for the Felix job), at least one each', () => {
    const allowed = new Set<string>([...FELIX_METRICS, ...PROMETHEUS_METRICS]);
    const prometheus = queryPanels.filter((panel) => panel.datasource?.type === 'prometheus');
    expect(prometheus.length).toBeGreaterThanOrEqual(6);
    const used = new Set<string>();
    for (const panel of prometheus) {
      for (const target of panel.targets) {
        const names = metricNames(target.expr);
        expect({ expr: target.expr, names: names.filter((name) => !allowed.has(name)) }).toEqual({ expr: target.expr, names: [] });
        expect(names.length).toBeGreaterThan(0);
        names.forEach((name) => used.add(name));
        if (names.includes('up')) expect(target.expr).toContain(`up{job="${FELIX_SCRAPE_JOB}"}`);
      }
    }
    // The list holds exactly what the dashboard uses: nothing listed "just in case".
    expect([...used].sort()).toEqual([...allowed].sort());
  });

  test('every Loki query selects the kernel log stream the promtail job labels, filtered to Calico\'s prefix', () => {
    const loki = queryPanels.filter((panel) => panel.datasource?.type === 'loki');
    expect(loki.length).toBe(4);
    for (const panel of loki) {
      for (const target of panel.targets) {
        expect(target.expr).toContain(`{job="${KERNEL_LOG_STREAM.job}"} |= "${CALICO_LOG_PREFIX}"`);
        // Only the labels the promtail job sets may be aggregated on, besides the ones the query extracts.
        const byLabels = [...target.expr.matchAll(/by \(([^)]*)\)/g)].flatMap((match) => match[1]!.split(',').map((label) => label.trim()));
        const extracted = [...target.expr.matchAll(/\?P<([a-z]+)>/g)].map((match) => match[1]);
        for (const label of byLabels) expect(['node', ...extracted]).toContain(label);
      }
    }
  });

  test('the promtail job sets the labels the queries select on, and docs/calico.md shows exactly that job', () => {
    const config = promtailKernelScrapeConfig();
    expect(config).toContain(`      job: ${KERNEL_LOG_STREAM.job}\n`);
    expect(config).toContain('      target_label: node\n');
    const docs = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'calico.md'), 'utf-8');
    expect(docs).toContain(config.split('\n').map((line) => (line === '' ? '' : `      ${line}`)).join('\n'));
  });
});
