import { Testing } from 'cdk8s';
import { API_SERVER, ISTIO_AMBIENT, PRIVATE_RANGES, UNIFI_CONTROLLER_IP, UPSTREAM_DNS_RESOLVERS } from '../../homelab/cluster';
import { EXEMPT_NAMESPACES } from '../../homelab/namespaces/exemptions';
import { protectedNamespaceNames } from './support/synth';
import { IpBlock } from '../../constructs';

test('the addresses in cluster.ts are valid IPv4 addresses and ranges', () => {
  const chart = Testing.chart();
  for (const block of [
    IpBlock.host(API_SERVER.serviceIp), IpBlock.host(UNIFI_CONTROLLER_IP), ...API_SERVER.endpoints.map((ip) => IpBlock.host(ip)),
    ...PRIVATE_RANGES.map((range) => IpBlock.ipv4(range)), ...UPSTREAM_DNS_RESOLVERS.map((resolver) => IpBlock.host(resolver.address)),
  ]) {
    expect(() => block.bind(chart)).not.toThrow();
  }
});

test('every Istio ambient namespace is a namespace of the app (protected or exempt), listed once and sorted', () => {
  // A typo here would silently drop HBONE from the rules of a real namespace.
  const { enrolledNamespaces } = ISTIO_AMBIENT;
  const known = [...protectedNamespaceNames(), ...Object.keys(EXEMPT_NAMESPACES)];
  expect(enrolledNamespaces.filter((namespace) => !known.includes(namespace))).toEqual([]);
  expect([...new Set(enrolledNamespaces)].sort()).toEqual(enrolledNamespaces);
});
