import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../main';
import { EXEMPT_NAMESPACES } from '../../homelab/namespaces/exemptions';
import { DOT, MARKDOWN, ROOT, checkDocs, firstDifference, generateDocs } from '../../scripts/generate-docs';

describe('docs/network-policies.md and .dot', () => {
  // docs/migration.md is migration.test.ts's subject, generated and compared there; generating it here
  // too, unchecked, was half of this file's CPU.
  const generated = generateDocs(ROOT, { migration: false });

  test.each([MARKDOWN, DOT])('%s is what `npm run docs` generates now (else run npm run docs and commit it)', (file) => {
    const committed = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    // Compared as a whole so the failure shows the diff; the hint says how to fix it.
    if (committed !== generated.get(file)) {
      throw new Error(`${file} is stale: run npm run docs and commit it.\n${firstDifference(committed, generated.get(file)!)}`);
    }
  });

  test('the summary covers every protected namespace from the synthesized policies', () => {
    const markdown = generated.get(MARKDOWN)!;
    for (const ns of ['localstack', 'unipoller', 'loki', 'trivy-system', 'velero']) expect(markdown).toContain(`| \`${ns}\` | \`default-deny\``);
    expect(markdown).toContain('`allow-external-https-egress`: 0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 on TCP 443');
    expect(markdown).toContain('`allow-dns-egress`: kube-dns pods (`k8s-app=kube-dns`) in `kube-system` on UDP/TCP 53');
  });

  test('the coverage section accounts for every cluster namespace: the protected ones and each exemption with its reason', () => {
    const markdown = generated.get(MARKDOWN)!;
    for (const ns of buildApp().protectedNamespaceNames) expect(markdown).toMatch(new RegExp(`\\| \`${ns}\` \\| protected \\| \\d+ NetworkPolicies`));
    for (const [ns, { reason }] of Object.entries(EXEMPT_NAMESPACES)) expect(markdown).toContain(`| \`${ns}\` | exempt | ${reason.replace(/\|/g, '\\|')} |`);
    expect(markdown).not.toContain('neither protected nor exempt');
  });

  test('the seed\'s blocked test pod has no flow into a protected namespace', () => {
    expect(generated.get(MARKDOWN)).not.toMatch(/`default\/test-pod\[Pod\]` \| `(localstack|unipoller|loki|trivy-system|velero)\//);
  });
});

describe('checkDocs', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-'));
    fs.mkdirSync(path.join(root, 'docs'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const generated = new Map([[MARKDOWN, '# Title\nline two\n'], [DOT, 'digraph {}\n']]);

  test('passes when the files match', () => {
    fs.writeFileSync(path.join(root, MARKDOWN), '# Title\nline two\n');
    fs.writeFileSync(path.join(root, DOT), 'digraph {}\n');
    expect(checkDocs(generated, root)).toEqual([]);
  });

  test('says which file is stale, how to fix it and where it first differs', () => {
    fs.writeFileSync(path.join(root, MARKDOWN), '# Title\nold line\n');
    fs.writeFileSync(path.join(root, DOT), 'digraph {}\n');
    expect(checkDocs(generated, root)).toEqual([
      'docs/network-policies.md is stale: run npm run docs and commit it (the policies, namespaces, inventory or spec changed since it was generated).\n' +
        'First difference at line 2, column 1:\n  committed: "old line"\n  generated: "line two"',
    ]);
  });

  test('says when a file is missing', () => {
    fs.writeFileSync(path.join(root, MARKDOWN), '# Title\nline two\n');
    expect(checkDocs(generated, root)).toEqual(['docs/network-policies.dot is missing: run npm run docs and commit it.']);
  });

  test('a shorter committed file shows the end of file', () => {
    expect(firstDifference('a\n', 'a\nb\n')).toBe('First difference at line 2, column 1:\n  committed: ""\n  generated: "b"');
    expect(firstDifference('a', 'a\nb')).toBe('First difference at line 2, column 1:\n  committed: (end of file)\n  generated: "b"');
  });

  test('a long line is cut around the first differing character', () => {
    const line = (port: number) => `${'x'.repeat(100)} TCP ${port} ${'y'.repeat(100)}`;
    expect(firstDifference(line(8085), line(8086))).toBe(
      'First difference at line 1, column 109:\n' +
        `  committed: …"${'x'.repeat(32)} TCP 8085 ${'y'.repeat(58)}"…\n` +
        `  generated: …"${'x'.repeat(32)} TCP 8086 ${'y'.repeat(58)}"…`,
    );
  });
});
