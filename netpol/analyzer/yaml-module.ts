import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The YAML parser, loaded on first use: it takes 40 ms to load, a third of the CLI's start-up, and
 * JSON input (`kubectl get -o json`) never needs it.
 */
export function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('yaml') as typeof Yaml);
}
