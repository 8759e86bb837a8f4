import { evaluateSelector, parseSelector, selectorLabels, SelectorSyntaxError } from '../../../../netpol/analyzer/calico/selector';

const POD = { app: 'web', tier: 'front-end', 'projectcalico.org/namespace': 'shop', empty: '' };
const matches = (selector: string, labels: Record<string, string> = POD) => evaluateSelector(parseSelector(selector).root, { labels });

describe('Calico selectors: one row per construct of the language (libcalico-go selector/parser)', () => {
  // GIVEN a pod labelled app=web, tier=front-end, empty="" in namespace shop WHEN the selector is evaluated THEN it matches as stated
  it.each<[string, boolean]>([
    ['', true],
    ['all()', true],
    ["app == 'web'", true],
    ['app == "web"', true],
    ["app == 'db'", false],
    ["missing == ''", false],
    ["empty == ''", true],
    ["app != 'db'", true],
    ["app != 'web'", false],
    ["missing != 'x'", true],
    ["app in {'db', 'web'}", true],
    ["app in {'db'}", false],
    ['app in {}', false],
    ["missing in {'x'}", false],
    ["app not in {'db'}", true],
    ["app not in {'web', 'db'}", false],
    ["missing not in {'x'}", true],
    ['has(app)', true],
    ['has( app )', true],
    ['has(missing)', false],
    ['!has(missing)', true],
    ['!has(app)', false],
    ['!!has(app)', true],
    ["tier contains 'end'", true],
    ["tier contains 'back'", false],
    ["tier starts with 'front'", true],
    ["tier startswith 'front'", true],
    ["tier starts  with 'end'", false],
    ["tier ends with 'end'", true],
    ["tier ends with 'front'", false],
    ["missing contains ''", false],
    ["app == 'web' && tier == 'front-end'", true],
    ["app == 'web' && tier == 'x'", false],
    ["app == 'x' || tier == 'front-end'", true],
    ["app == 'x' || tier == 'y'", false],
    ["app == 'x' || app == 'web' && tier == 'y'", false],
    ["(app == 'x' || app == 'web') && tier == 'front-end'", true],
    ["!(app == 'x' || app == 'y')", true],
    ["! app == 'web'", false],
    ["projectcalico.org/namespace == 'shop'", true],
    ["global()", true],
  ])('%s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it('all() and global() in a namespaceSelector mean "in a namespace" and "in none", as Calico rewrites them', () => {
    const namespaced = { labels: {}, namespaced: true };
    const global = { labels: {}, namespaced: false };
    const all = parseSelector('all()').root;
    const glob = parseSelector('global()').root;
    expect([evaluateSelector(all, namespaced, true), evaluateSelector(all, global, true), evaluateSelector(glob, namespaced, true), evaluateSelector(glob, global, true)]).toEqual([true, false, false, true]);
  });

  it('collects the label names it looks at', () => {
    expect([...selectorLabels(parseSelector("a == 'x' && !(has(b) || c in {'1'}) && all()").root)].sort()).toEqual(['a', 'b', 'c']);
  });

  it.each<[string, string, number]>([
    ["app = 'web'", 'expected "==" (a single "=" is not an operator)', 4],
    ["app == web", 'expected a quoted string after "==", found the label "web"', 7],
    ["app == 'web", 'the string starting here has no closing \'', 7],
    ["app 'web'", 'expected an operator after the label "app", found the string "web"', 4],
    ['app web', 'expected an operator (==, !=, in, not in, contains, starts with, ends with) after the label "app"', 4],
    ["app in ('a')", 'expected a set literal such as {\'a\', \'b\'} after "in"', 7],
    ["app in {'a'", 'expected "}" to close the set, found the end of the selector', 11],
    ["has(app", 'expected ")" to close has(', 7],
    ["(app == 'a'", 'expected ")", found the end of the selector', 11],
    ["app == 'a' app == 'b'", 'unexpected the label "app" after a complete expression; join expressions with && or ||', 11],
    ["app == 'a' & b == 'c'", 'expected "&&" (a single "&" is not an operator)', 11],
    ["app == 'a' &&", 'unexpected the end of the selector; expected a label, has(), all(), global(), "!" or "("', 13],
    ['all(x)', 'expected ")" right after all(', 4],
  ])('refuses %s: %s', (selector, reason, offset) => {
    let error: unknown;
    try {
      parseSelector(selector);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SelectorSyntaxError);
    expect([(error as SelectorSyntaxError).reason, (error as SelectorSyntaxError).offset]).toEqual([reason, offset]);
  });
});

describe('parsed selectors, shared by text', () => {
  it('parses a text once: every policy with it gets the same frozen selector', () => {
    const text = "app == 'shared' && tier in {'b', 'a'} && !(has(x) || role starts with 'db')";
    const first = parseSelector(text);
    expect(parseSelector(text)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.root)).toBe(true);
    expect(() => (first.root as { op: string }).op = '||').toThrow(TypeError);
    expect(evaluateSelector(first.root, { labels: { app: 'shared', tier: 'a' } })).toBe(true);
  });

  it('refuses a bad text every time it is given', () => {
    for (let attempt = 0; attempt < 2; attempt++) expect(() => parseSelector("app == 'x' &")).toThrow(SelectorSyntaxError);
  });
});
