import type { Labels, LabelSelector, LabelSelectorRequirement } from './types';

/** The selector `{}`: it selects everything. */
export const EVERYTHING: LabelSelector = Object.freeze({ matchLabels: Object.freeze({}), matchExpressions: Object.freeze([]) });

/** Whether `selector` selects an object carrying `labels` (Kubernetes label-selector semantics). */
/** Whether two label sets hold the same keys with the same values. */
export function sameLabels(a: Readonly<Labels>, b: Readonly<Labels>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

export function matches(selector: LabelSelector, labels: Labels): boolean {
  for (const key in selector.matchLabels) {
    if (labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const requirement of selector.matchExpressions) {
    if (!requirementMatches(requirement, labels)) return false;
  }
  return true;
}

function requirementMatches(requirement: LabelSelectorRequirement, labels: Labels): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return present && requirement.values.includes(labels[requirement.key]);
    case 'NotIn':
      // A missing key is "not in" any set, as in the Kubernetes implementation.
      return !present || !requirement.values.includes(labels[requirement.key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

/** The label keys a selector looks at. */
export function selectorKeys(selector: LabelSelector): string[] {
  return [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)];
}

export function isEverything(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** kubectl's selector notation: `app=web,tier in (a,b),!legacy`; `{}` for the empty selector. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`);
  for (const r of selector.matchExpressions) {
    switch (r.operator) {
      case 'In':
        parts.push(`${r.key} in (${r.values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${r.key} notin (${r.values.join(',')})`);
        break;
      case 'Exists':
        parts.push(r.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${r.key}`);
        break;
    }
  }
  return parts.length === 0 ? '{}' : parts.join(',');
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why `key` is not a valid label key (Kubernetes qualified name: optional DNS-subdomain prefix and `/`,
 * then a name of at most 63 characters), or undefined when it is valid.
 */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return `its prefix "${prefix}" must be a lower-case DNS subdomain such as "example.com"`;
    }
  }
  if (name.length === 0) return 'its name part must not be empty';
  if (name.length > 63) return `its name part must be at most 63 characters (it has ${name.length})`;
  if (!NAME.test(name)) {
    return 'it must consist of letters, digits, "-", "_" or "." and start and end with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is valid (the empty string is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return `it must be at most 63 characters (it has ${value.length})`;
  if (!NAME.test(value)) {
    return 'it must be empty or consist of letters, digits, "-", "_" or "." and start and end with a letter or digit';
  }
  return undefined;
}

/** A corrected label key or value for a message, when an obvious one exists. */
export function suggestLabel(text: string): string | undefined {
  const cleaned = text
    .replace(/[^-A-Za-z0-9_./]/g, '')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  return cleaned.length > 0 && cleaned !== text ? cleaned : undefined;
}
