import { errorOf } from '../harness';

const gnp = (spec: object) => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p' }, spec });
const rule = (fields: object) => gnp({ ingress: [{ action: 'Allow', ...fields }] });

describe('refused Calico input: file, line, the bad value and what would be right', () => {
  it.each<[string, object, string]>([
    ['a selector that does not parse', gnp({ selector: "app = 'web'" }), `test.yaml:6: GlobalNetworkPolicy p: Field spec.selector "app = 'web'" is not a valid Calico selector: expected "==" (a single "=" is not an operator) (at character 5: "app ⟨here⟩= 'web'"). Write it in Calico's selector syntax, e.g. app == 'web' && tier in {'a', 'b'}, has(team), all().`],
    ['an unknown action', gnp({ ingress: [{ action: 'Accept' }] }), 'test.yaml:7: GlobalNetworkPolicy p: Field spec.ingress[0].action is "Accept"; a Calico rule\'s action is Allow, Deny, Log or Pass (did you mean "Allow"?).'],
    ['a missing action', gnp({ ingress: [{ protocol: 'TCP' }] }), "test.yaml:7: GlobalNetworkPolicy p: Field spec.ingress[0].action is missing; a Calico rule's action is Allow, Deny, Log or Pass."],
    ['a port range upside down', rule({ protocol: 'TCP', destination: { ports: ['9000:8000'] } }), 'test.yaml:11: GlobalNetworkPolicy p: Field spec.ingress[0].destination.ports[0] is the range "9000:8000", which is upside down (its first port is above its last); write "8000:9000".'],
    ['a range written with a dash', rule({ protocol: 'TCP', destination: { ports: ['8000-9000'] } }), 'test.yaml:11: GlobalNetworkPolicy p: Field spec.ingress[0].destination.ports[0] is "8000-9000"; Calico writes a port range with a colon: "8000:9000".'],
    ['ports with a protocol that has none', rule({ protocol: 'ICMP', destination: { ports: [80] } }), 'test.yaml:11: GlobalNetworkPolicy p: Field spec.ingress[0].destination.ports is set but the rule\'s protocol is "ICMP"; Calico accepts ports only with protocol TCP, UDP or SCTP. Set protocol, or drop the ports.'],
    ['ports without a protocol', rule({ destination: { ports: [80] } }), "test.yaml:10: GlobalNetworkPolicy p: Field spec.ingress[0].destination.ports is set but the rule's protocol is not set; Calico accepts ports only with protocol TCP, UDP or SCTP. Set protocol, or drop the ports."],
    ['an unknown protocol', rule({ protocol: 'TPC' }), 'test.yaml:8: GlobalNetworkPolicy p: Field spec.ingress[0].protocol is "TPC"; a Calico protocol is TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number from 1 to 255.'],
    ['an ICMP code without type', rule({ protocol: 'ICMP', icmp: { code: 0 } }), 'test.yaml:10: GlobalNetworkPolicy p: Field spec.ingress[0].icmp.code is set without a type; Calico needs the ICMP type whenever a code is given (e.g. type: 8, code: 0).'],
    ['ICMP fields on TCP', rule({ protocol: 'TCP', icmp: { type: 8 } }), 'test.yaml:10: GlobalNetworkPolicy p: Field spec.ingress[0].icmp is set but the rule\'s protocol is "TCP"; ICMP type and code need protocol: ICMP (or ICMPv6).'],
    ['a misspelt field', rule({ destination: { port: [80] } }), 'test.yaml:10: GlobalNetworkPolicy p: Field spec.ingress[0].destination.port is not a field of a GlobalNetworkPolicy; did you mean "ports"?'],
    ['a catch-all notNets', rule({ source: { notNets: ['0.0.0.0/0'] } }), 'test.yaml:10: GlobalNetworkPolicy p: Field spec.ingress[0].source.notNets[0] "0.0.0.0/0" negates every address, so the rule matches nothing; Calico refuses a catch-all CIDR in notNets. Remove it.'],
    ['a net without prefix length', rule({ source: { nets: ['10.0.0.1'] } }), 'test.yaml:10: GlobalNetworkPolicy p: Field spec.ingress[0].source.nets[0] "10.0.0.1" is not a valid CIDR: the prefix length is missing; write "10.0.0.1/32".'],
    ['global() in a policy selector', gnp({ selector: 'global()' }), 'test.yaml:6: GlobalNetworkPolicy p: Field spec.selector "global()" uses global(), which Calico accepts only as a rule\'s namespaceSelector (to match non-namespaced resources). Use all() here, or move global() to namespaceSelector.'],
    ['a tier that is not in the input', gnp({ tier: 'security' }), 'test.yaml:1: GlobalNetworkPolicy p: Field spec.tier names the tier "security", which is not in the input; Calico refuses a policy whose tier does not exist, and without it the tier\'s order and defaultAction are unknown. Add the Tier manifest to the paths, or use tier: default.'],
    ['a tier defaultAction other than Deny or Pass', { apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 't' }, spec: { defaultAction: 'Allow' } }, 'test.yaml:6: Tier t: Field spec.defaultAction is "Allow"; a tier\'s defaultAction is Deny or Pass.'],
    ['an order that is not a number', gnp({ order: 'first' }), 'test.yaml:6: GlobalNetworkPolicy p: Field spec.order is "first"; order is a number (a float such as 100 or 1000.5), or leave it out to sort last.'],
    ['types repeated', gnp({ types: ['Ingress', 'Ingress'] }), 'test.yaml:8: GlobalNetworkPolicy p: Field spec.types[1] "Ingress" is listed twice; Calico refuses a repeated type. Remove the copy.'],
    ['HTTP on a Deny rule', gnp({ ingress: [{ action: 'Deny', http: { methods: ['GET'] } }] }), 'test.yaml:9: GlobalNetworkPolicy p: Field spec.ingress[0].http is set on a Deny rule; Calico accepts HTTP match on Allow rules only.'],
  ])('%s', (_name, object, message) => {
    expect(errorOf([object])).toBe(message);
  });

  it('refuses a Calico policy defined twice', () => {
    expect(errorOf([gnp({}), gnp({})])).toBe('test.yaml:7: GlobalNetworkPolicy p: GlobalNetworkPolicy p is defined twice (first at test.yaml:1); names must be unique. Rename or remove one.');
  });
});
