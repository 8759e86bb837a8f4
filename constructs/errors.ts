import { IConstruct } from 'constructs';
import { SourceSite, formatSite } from './source-site';

/**
 * A mistake in the app's declarations (a bad value, a misspelt peer, a flow declared twice). main.ts
 * prints its message alone, without a stack trace: the message already says where and what to fix.
 */
export class ConfigurationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/**
 * Throws an error prefixed with the construct path, the way cdk8s prefixes validation errors,
 * so a failed synth names the namespace and rule to fix.
 */
export function fail(scope: IConstruct, message: string, site?: SourceSite): never {
  return failAt(scope.node.path, message, site);
}

/** As `fail`, for a construct that cannot be created yet (its id would clash). */
export function failAt(path: string, message: string, site?: SourceSite): never {
  throw new ConfigurationError(`${site === undefined ? '' : `${formatSite(site)}: `}[${path}] ${message}`);
}

/** ` Did you mean "x"?` for the candidate closest to `value`, or '' when none is close. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(value, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const close = best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3));
  return close ? ` Did you mean "${best}"?` : '';
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
