import { IConstruct } from 'constructs';
import { fail } from './errors';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;

/**
 * Refuses a name Kubernetes would refuse as a DNS-1123 label (namespace names, and the peer
 * names that become part of policy names), suggesting the closest valid one, so the mistake
 * shows at synth instead of as a failed ArgoCD sync.
 *
 * @param what how the message names the value, e.g. `Namespace`
 */
export function validateDnsLabel(scope: IConstruct, what: string, value: string): void {
  const problem = dnsLabelProblem(what, value);
  if (problem !== undefined) {
    fail(scope, problem);
  }
}

/** The message `validateDnsLabel` throws, or undefined for a valid label; for value types without a construct path. */
export function dnsLabelProblem(what: string, value: string): string | undefined {
  if (typeof value === 'string' && value.length <= MAX_LABEL_LENGTH && DNS_1123_LABEL.test(value)) {
    return undefined;
  }
  if (typeof value !== 'string') {
    return `${what} is ${JSON.stringify(value)}, not a string. Give the name as text, e.g. "loki".`;
  }
  const suggestion = value
    .toLowerCase()
    .replace(/[^-a-z0-9]+/g, '-')
    .slice(0, MAX_LABEL_LENGTH)
    .replace(/^-+|-+$/g, '');
  return `${what} "${value}" is not a DNS-1123 label (lowercase letters, digits and "-", `
    + `starting and ending with a letter or digit, at most ${MAX_LABEL_LENGTH} characters). `
    + `Did you mean "${suggestion}"?`;
}

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_SUBDOMAIN_LENGTH = 253;

/** Refuses an object name Kubernetes would refuse (a DNS-1123 subdomain, at most 253 characters). */
export function validateDnsSubdomain(scope: IConstruct, what: string, value: string): void {
  if (value.length > MAX_SUBDOMAIN_LENGTH || !DNS_1123_SUBDOMAIN.test(value)) {
    fail(scope, `${what} "${value}" is not a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", starting and ending with a `
      + `letter or digit, at most ${MAX_SUBDOMAIN_LENGTH} characters). Rename the pod group or namespace it is made from.`);
  }
}
