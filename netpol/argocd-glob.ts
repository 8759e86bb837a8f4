/**
 * ArgoCD's `directory.include` / `directory.exclude` matching, so tests and check-dist can say
 * which files of dist/ ArgoCD would sync.
 *
 * ArgoCD (reposerver findManifests) walks `source.path`, keeps files whose name ends in .yaml,
 * .yml, .json or .jsonnet, and matches each one's path relative to `source.path` with
 * util/glob.Match, which is github.com/gobwas/glob compiled without separators: `*` matches any
 * run of characters including `/`, `?` any one character, `{a,b}` either alternative, `[...]` a
 * character class (`[!...]` negated), and `\` escapes. Exclude wins over include.
 */

const MANIFEST_FILE = /\.(yaml|yml|json|jsonnet)$/;

/** Compiles a gobwas-style glob (no separators) to an anchored regular expression. */
export function compileArgoGlob(pattern: string): RegExp {
  let index = 0;

  function parse(stopAt: string): string {
    let source = '';
    while (index < pattern.length) {
      const char = pattern.charAt(index);
      if (stopAt.includes(char)) {
        return source;
      }
      index++;
      if (char === '*') {
        source += '.*';
      } else if (char === '?') {
        source += '.';
      } else if (char === '\\' && index < pattern.length) {
        source += escapeRegExp(pattern.charAt(index++));
      } else if (char === '[') {
        const close = pattern.indexOf(']', index + 1);
        if (close === -1) {
          throw new Error(`Glob "${pattern}" has a "[" without "]". Close the class or escape it as "\\[".`);
        }
        let body = pattern.slice(index, close);
        index = close + 1;
        const negated = body.startsWith('!');
        if (negated) {
          body = body.slice(1);
        }
        source += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      } else if (char === '{') {
        const alternatives: string[] = [parse(',}')];
        while (pattern.charAt(index) === ',') {
          index++;
          alternatives.push(parse(',}'));
        }
        if (pattern.charAt(index) !== '}') {
          throw new Error(`Glob "${pattern}" has a "{" without "}". Close the alternatives or escape it as "\\{".`);
        }
        index++;
        source += `(?:${alternatives.join('|')})`;
      } else {
        source += escapeRegExp(char);
      }
    }
    return source;
  }

  return new RegExp(`^${parse('')}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export interface DirectorySource {
  /** `spec.source.directory.include`. @default - every manifest file */
  readonly include?: string;
  /** `spec.source.directory.exclude`. @default - nothing excluded */
  readonly exclude?: string;
}

/**
 * Whether ArgoCD would read `relativePath` (relative to `source.path`, `/`-separated) as a
 * manifest, assuming `recurse: true`.
 */
export function argoSyncsFile(relativePath: string, directory: DirectorySource): boolean {
  const fileName = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  if (!MANIFEST_FILE.test(fileName)) {
    return false;
  }
  if (directory.exclude !== undefined && directory.exclude !== '' && compileArgoGlob(directory.exclude).test(relativePath)) {
    return false;
  }
  return directory.include === undefined || directory.include === '' || compileArgoGlob(directory.include).test(relativePath);
}
