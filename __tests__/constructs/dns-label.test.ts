import { Testing } from 'cdk8s';
import { validateDnsLabel } from '../../constructs/dns-label';

describe('validateDnsLabel', () => {
  test.each(['velero', 'trivy-system', 'a', 'x'.repeat(63), '0abc'])('accepts %s', (name) => {
    expect(() => validateDnsLabel(Testing.chart(), 'Namespace', name)).not.toThrow();
  });

  test.each([
    ['Trivy_System', 'trivy-system'],
    ['-velero-', 'velero'],
    ['x'.repeat(64), 'x'.repeat(63)],
  ])('refuses %s and suggests %s', (name, suggestion) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => validateDnsLabel(chart, 'Namespace', name)).toThrow(
      `[test] Namespace "${name}" is not a DNS-1123 label (lowercase letters, digits and "-", `
      + `starting and ending with a letter or digit, at most 63 characters). Did you mean "${suggestion}"?`);
  });
});
