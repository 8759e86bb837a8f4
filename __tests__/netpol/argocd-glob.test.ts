import { argoSyncsFile, compileArgoGlob } from '../../netpol/argocd-glob';

describe('compileArgoGlob (gobwas/glob without separators)', () => {
  test.each([
    ['*.yaml', 'velero/NetworkPolicy.x.yaml', true],
    ['*.yaml', 'a.yml', false],
    ['argocd-application/*', 'argocd-application/Application.x.k8s.yaml', true],
    ['argocd-application/*', 'argocd-application-2/x.yaml', false],
    ['argocd-application/*', 'sub/argocd-application/x.yaml', false],
    ['{*.yml,*.yaml}', 'x.yml', true],
    ['{*.yml,*.yaml}', 'x.json', false],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', true],
    ['[!a-c]x', 'dx', true],
    ['[!a-c]x', 'bx', false],
    ['\\*.yaml', '*.yaml', true],
    ['\\*.yaml', 'x.yaml', false],
    ['a.b', 'aXb', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(compileArgoGlob(pattern).test(text)).toBe(expected);
  });

  test('refuses an unclosed class', () => {
    expect(() => compileArgoGlob('[ab')).toThrow('Glob "[ab" has a "[" without "]". Close the class or escape it as "\\[".');
  });

  test('refuses unclosed alternatives', () => {
    expect(() => compileArgoGlob('{a,b')).toThrow('Glob "{a,b" has a "{" without "}". Close the alternatives or escape it as "\\{".');
  });
});

describe('argoSyncsFile', () => {
  test('reads only manifest extensions, even without include', () => {
    expect(argoSyncsFile('README.md', {})).toBe(false);
    expect(argoSyncsFile('x/construct-metadata.json', {})).toBe(true);
  });

  test('exclude wins over include', () => {
    expect(argoSyncsFile('a/x.k8s.yaml', { include: '*.k8s.yaml', exclude: 'a/*' })).toBe(false);
  });
});
