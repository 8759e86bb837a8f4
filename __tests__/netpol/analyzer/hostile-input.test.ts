import { AnalyzerError, explain, formatConnections, formatExplanation, listConnections, loadManifests, type Model } from '../../../netpol/analyzer';
import { lintModel } from '../../../netpol/lint';
import { MAX_NESTING } from '../../../netpol/analyzer/load';
import { goYamlPlain } from '../../../netpol/analyzer/yaml-scalars';

/**
 * Hostile and odd input (issue 13), each refused with file, line and the fix, or read as the cluster
 * reads it; never a stack trace, never minutes or gigabytes.
 */
const load = (text: string, file = 'test.yaml'): Model => loadManifests([{ path: file, text }]);

function refusal(text: string, file = 'test.yaml'): AnalyzerError {
  let error: unknown;
  try {
    load(text, file);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(AnalyzerError);
  return error as AnalyzerError;
}

/** A billion-laughs document: nine levels of nine aliases each, used at `use`. */
function aliasBomb(use: (alias: string) => string): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n---\n${use('*i')}`;
}

describe('YAML alias bombs', () => {
  it.each([
    ['a label', (alias: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: ${alias}\n`],
    ['a port', (alias: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: ${alias}}]}]\n`],
  ])('refuse %s quickly, naming the first alias, with a short message', (_name, use) => {
    const started = Date.now();
    const error = refusal(aliasBomb(use));
    expect(error.message).toBe(
      'test.yaml:6: The document resolves its YAML aliases more than 10,000 times (aliases of anchors that hold aliases, as in a "billion laughs" attack), which no manifest needs. Write the values out, or alias fewer levels deep.',
    );
    // Not a timed test: a bound that only an expansion of the bomb would break.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('quotes only the start of a huge bad value', () => {
    const huge = 'x'.repeat(5_000_000);
    const error = refusal(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: [${huge}]\n`);
    expect(error.message).toMatch(/^test\.yaml:6: Pod default\/p: Field metadata\.labels\.app is \["x{70,90}…"\]; label values are strings, not maps or lists/);
    expect(error.message.length).toBeLessThan(400);
  });

  it('still reads the anchors and aliases manifests use', () => {
    const model = load('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p, labels: &common {app: web}}}\n- {apiVersion: v1, kind: Pod, metadata: {name: q, labels: *common}}\n');
    expect(model.workloads.map((w) => w.labels)).toEqual([{ app: 'web' }, { app: 'web' }]);
  });
});

describe('deep nesting', () => {
  const deepFlow = (depth: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  const TOO_DEEP = `The document nests values more than ${MAX_NESTING} levels deep; Kubernetes objects nest a few dozen at most. Check for brackets or indentation that run away, or leave the file out of the paths.`;

  it.each([
    ['1,000 levels of YAML flow nesting', deepFlow(1000), 6],
    ['10,000 levels of YAML flow nesting', deepFlow(10_000), 6],
    ['1,000 levels of block nesting', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i + 1)}- `).join('\n')}x\n`, undefined],
  ])('refuses %s with the reason, not "Maximum call stack size exceeded"', (_name, text, line) => {
    const error = refusal(text);
    expect(error.detail).toBe(TOO_DEEP);
    if (line !== undefined) expect(error.line).toBe(line);
    else expect(error.line).toBeGreaterThan(5);
  });

  it('refuses 10,000 levels of JSON nesting at the line of the deep value', () => {
    const error = refusal(`{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "p", "labels":\n {"a": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`, 'p.json');
    expect([error.file, error.line, error.detail]).toEqual(['p.json', 3, TOO_DEEP]);
  });

  it('reads values nested deeper than any manifest but within the limit', () => {
    expect(() => load(deepFlow(50).replace('a: ', 'x: '))).toThrow(/label values are strings/);
  });
});

describe('CIDRs as the API server reads them', () => {
  const egressTo = (ipBlock: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: ops}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: ${ipBlock}}], ports: [{port: 443}]}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ops}\n`;
  const destinations = (text: string) => listConnections(load(text)).filter((c) => c.src.label === 'ops/p[Pod]').map((c) => c.dst.label);

  it('accepts host bits and drops them, as ParseCIDRSloppy and the cluster do, for cidr and except', () => {
    expect(destinations(egressTo('{cidr: 10.1.2.3/8}'))).toEqual(['10.0.0.0-10.255.255.255[External]']);
    expect(destinations(egressTo('{cidr: 10.0.0.0/8, except: [10.1.2.3/16]}'))).toEqual(['10.0.0.0-10.0.255.255[External]', '10.2.0.0-10.255.255.255[External]']);
    expect(lintModel(load(egressTo('{cidr: 10.1.2.3/8}'))).map((f) => f.ruleId)).toContain('ipblock-host-bits');
  });

  it('refuses an except outside its cidr once host bits are dropped, as ValidateIPBlock does', () => {
    expect(refusal(egressTo('{cidr: 10.1.0.0/16, except: [10.2.3.4/8]}')).detail).toBe(
      'Field spec.egress[0].to[0].ipBlock.except[0] is "10.2.3.4/8", which is not strictly inside the cidr "10.1.0.0/16"; every except must be a smaller block within the cidr.',
    );
  });
});

describe('YAML 1.1 scalars, as kubectl and the API server read them (sigs.k8s.io/yaml over go-yaml v2)', () => {
  it.each<[string, unknown]>([
    ['010', 8], ['-010', -8], ['08', 8], ['0x1F', 31], ['0X1f', 31], ['0o17', 15], ['0b101', 5], ['1_000', 1000], ['0_10', 8],
    ['yes', true], ['Y', true], ['on', true], ['NO', false], ['off', false], ['10', 10], ['1e3', 1000], ['.5', 0.5], ['12:30', '12:30'], ['web', 'web'], ['~', null],
  ])('reads the plain scalar %s as %p', (text, value) => {
    expect(goYamlPlain(text)).toEqual(value);
  });

  const policy = (port: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ops}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: ${port}\n`;

  it('reads port: 010 as port 8 (octal), with a warning that says how to write it', () => {
    const model = load(policy('010'));
    expect(model.policies[0].ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8 }]);
    expect(model.warnings.map((w) => `${w.source?.file}:${w.source?.line}: ${w.message}`)).toEqual([
      'test.yaml:8: The plain value 010 is read as the number 8, as kubectl and the API server read YAML (go-yaml, YAML 1.1 rules), where YAML 1.2 tools read the number 10. Write the number 8 to say so plainly, or quote it if the text is meant.',
    ]);
  });

  it('reads the same in JSON, which has no octal numbers, without a warning', () => {
    const model = load('{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "p"}, "spec": {"ingress": [{"ports": [{"port": 10}]}]}}', 'p.json');
    expect([model.policies[0].ingress[0].ports, model.warnings]).toEqual([[{ protocol: 'TCP', port: 10 }], []]);
  });

  it('keeps quoted and tagged scalars as written', () => {
    expect(refusal(policy('"010"')).detail).toMatch(/is the string "010", which Kubernetes reads as a port name/);
    expect(load(policy('!!int 10')).policies[0].ingress[0].ports).toEqual([{ protocol: 'TCP', port: 10 }]);
  });

  it('reads hostNetwork: yes as true', () => {
    const model = load('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: yes\n  containers: [{name: c}]\n');
    expect(model.workloads[0].hostNetwork).toBe(true);
  });

  it('refuses a label y, which kubectl reads as a boolean, saying what was written', () => {
    expect(refusal('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  labels:\n    team: y\n').message).toBe(
      'test.yaml:6: Namespace b: Field metadata.labels.team is true; label values are strings, so quote it: "true". (The plain y on that line is the boolean true to kubectl and the API server, which read YAML 1.1; write "y" in quotes if the text is meant.)',
    );
  });

  it('warns only about documents the analysis reads', () => {
    expect(load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {enabled: "x", mode: 0644}\n').warnings).toEqual([]);
  });
});

describe('control characters in names', () => {
  // GIVEN a Deployment whose name holds a newline (the API server refuses it; the analyzer warns and goes on)
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "web\\nx", namespace: shop}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: client, namespace: shop}\n';

  it('never splits a listed connection over two lines', () => {
    const model = load(text);
    const lines = formatConnections(listConnections(model), 'txt').trimEnd().split('\n');
    expect(lines).toEqual([
      '0.0.0.0-255.255.255.255[External] => shop/client[Pod] : All Connections',
      '0.0.0.0-255.255.255.255[External] => shop/web\\nx[Deployment] : All Connections',
      'shop/client[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/client[Pod] => shop/web\\nx[Deployment] : All Connections',
      'shop/web\\nx[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/web\\nx[Deployment] => shop/client[Pod] : All Connections',
    ]);
    expect(model.warnings[0].message).toMatch(/^Deployment shop\/web\\nx: Field metadata\.name "web\nx" is not a valid Deployment name/);
  });

  it('escapes them in explanations and lint findings too', () => {
    const model = load(text);
    const explanation = formatExplanation(explain(model, { from: { type: 'workload', workload: model.workloads[1] }, to: { type: 'workload', workload: model.workloads[0] }, port: 80 }));
    expect(explanation.split('\n')[0]).toBe('ALLOWED: shop/client[Pod] => shop/web\\nx[Deployment] on TCP 80');
    expect(lintModel(load(`${text}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "bad\\tname", namespace: shop}\nspec: {podSelector: {}, ingress: [{}]}\n`)).map((f) => f.object)).toContain('NetworkPolicy shop/bad\\tname');
  });
});

describe('an owner\'s pods that differ in labels', () => {
  const pod = (name: string, app: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app }, ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', controller: true }] } });
  const egressOnly = (ingressSelector: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'out', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: ingressSelector }] }] } });
  const text = (objects: object[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

  it('are one workload when only an inactive rule (an ingress rule of an Egress-only policy) tells them apart', () => {
    expect(load(text([pod('a', 'x'), pod('b', 'y'), egressOnly({ matchLabels: { app: 'x' } })])).workloads.map((w) => w.name)).toEqual(['rs']);
  });

  it('are refused when an active rule tells them apart', () => {
    const active = { ...egressOnly({}), spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' } } }] }] } };
    expect(refusal(text([pod('a', 'x'), pod('b', 'y'), active])).detail).toMatch(/^Pods a and b share the owner default\/rs\[ReplicaSet\] but carry different labels/);
  });
});

describe('a byte order mark in the text', () => {
  it('is not content', () => {
    expect(load('\ufeffapiVersion: v1\nkind: Pod\nmetadata: {name: p}\n').workloads.map((w) => w.name)).toEqual(['p']);
    expect(load('\ufeff{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}', 'p.json').workloads.map((w) => w.name)).toEqual(['p']);
  });
});
