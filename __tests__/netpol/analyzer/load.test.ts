import { AnalyzerError, loadManifests } from '../../../netpol/analyzer';
import { deployment, errorOf, namespace, networkPolicy as np } from './harness';

const pod = (name: string, labels: object, owner?: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels, ownerReferences: owner ? [owner] : undefined }, spec: { containers: [{ name: 'c', image: 'i' }] } });
const ing = (rule: object) => np('default', 'p', { podSelector: {}, ingress: [rule] });

describe('loadManifests refuses invalid input with file:line, the object, the problem and the fix', () => {
  it.each<[string, object[] | string, string]>([
    ["policy name missing", [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace: 'default' }, spec: {} }], "test.yaml:4: NetworkPolicy default/(unnamed): Field metadata.name is missing; every NetworkPolicy needs a name."],
    ["spec not object", [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: 'x' }], "test.yaml:5: NetworkPolicy default/p: Field spec must be an object."],
    ["policyTypes bad", [np('default', 'p', { podSelector: {}, policyTypes: ['ingress'] })], "test.yaml:9: NetworkPolicy default/p: Field spec.policyTypes[0] is \"ingress\"; it must be \"Ingress\" or \"Egress\" (did you mean \"Ingress\"?)."],
    ["policyTypes not list", [np('default', 'p', { podSelector: {}, policyTypes: 'Ingress' })], "test.yaml:8: NetworkPolicy default/p: Field spec.policyTypes must be a list such as [Ingress, Egress]."],
    ["ingress not list", [np('default', 'p', { podSelector: {}, ingress: {} })], "test.yaml:8: NetworkPolicy default/p: Field spec.ingress must be a list of rules."],
    ["rule not object", [np('default', 'p', { podSelector: {}, ingress: ['x'] })], "test.yaml:9: NetworkPolicy default/p: Field spec.ingress[0] must be an object with \"from\" and \"ports\"."],
    ["egress named ipblock", [np('default', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 'web' }] }] })], "test.yaml:13: NetworkPolicy default/p: Field spec.egress[0].ports[0].port is the named port \"web\", but the rule's peers include an ipBlock, and a named port cannot be resolved for an IP destination. Use the port number instead."],
    ["from not list", [ing({ from: {} })], "test.yaml:9: NetworkPolicy default/p: Field spec.ingress[0].from must be a list."],
    ["peer not object", [ing({ from: ['x'] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].from[0] must be an object with podSelector, namespaceSelector or ipBlock."],
    ["ipblock+ns", [ing({ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].from[0] sets ipBlock together with namespaceSelector; a peer is either an ipBlock or selectors. Split it into two peers."],
    ["empty peer", [ing({ from: [{}] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].from[0] is an empty peer {}, which the API server rejects. Use \"podSelector: {}\" for every pod of the namespace, \"namespaceSelector: {}\" for every pod of the cluster, or leave out \"from\" to allow every peer."],
    ["ipblock not object", [ing({ from: [{ ipBlock: 'x' }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock must be an object with \"cidr\" and optional \"except\"."],
    ["cidr missing", [ing({ from: [{ ipBlock: {} }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr is missing; an ipBlock needs a CIDR such as \"10.0.0.0/8\"."],
    ["except not list", [ing({ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: '10.1.0.0/16' } }] })], "test.yaml:12: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.except must be a list of CIDRs."],
    ["except not string", [ing({ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: [5] } }] })], "test.yaml:13: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.except[0] must be a CIDR string such as \"10.1.0.0/16\"."],
    ["except outside", [ing({ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] } }] })], "test.yaml:13: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.except[0] is \"11.0.0.0/16\", which is not strictly inside the cidr \"10.0.0.0/8\"; every except must be a smaller block within the cidr."],
    ["except equal", [ing({ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }] })], "test.yaml:13: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.except[0] is \"10.0.0.0/8\", which is not strictly inside the cidr \"10.0.0.0/8\"; every except must be a smaller block within the cidr."],
    ["ipv6 except outside", [ing({ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db9::/48'] } }] })], "test.yaml:13: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.except[0] is \"2001:db9::/48\", which is not strictly inside the cidr \"2001:db8::/32\"; every except must be a smaller block within the cidr."],
    ["ipv6 except equal", [ing({ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8::/32'] } }] })], "test.yaml:13: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.except[0] is \"2001:db8::/32\", which is not strictly inside the cidr \"2001:db8::/32\"; every except must be a smaller block within the cidr."],
    ["ipv4 except in ipv6", [ing({ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['10.0.0.0/8'] } }] })], "test.yaml:13: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.except[0] is \"10.0.0.0/8\", which is not strictly inside the cidr \"2001:db8::/32\"; every except must be a smaller block within the cidr."],
    ["cidr A", [ing({ from: [{ ipBlock: { cidr: 'A' } }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr \"A\" is not a valid CIDR: expected an address and a prefix length such as \"10.0.0.0/8\"."],
    ["cidr /33", [ing({ from: [{ ipBlock: { cidr: '10.0.1.1/33' } }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr \"10.0.1.1/33\" is not a valid CIDR: the prefix length \"33\" must be a number from 0 to 32."],
    ["cidr a number", [ing({ from: [{ ipBlock: { cidr: 10 } }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr is the number 10, not a CIDR; write the block as a string with its prefix length, such as \"10.0.0.0/8\"."],
    ["cidr a list", [ing({ from: [{ ipBlock: { cidr: ['10.0.0.0/8'] } }] })], "test.yaml:12: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr is [\"10.0.0.0/8\"], not a CIDR; write the block as a string with its prefix length, such as \"10.0.0.0/8\"."],
    ["ipv6 zone", [ing({ from: [{ ipBlock: { cidr: 'fe80::1%eth0/64' } }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr \"fe80::1%eth0/64\" is not a valid CIDR: an IPv6 zone (\"%eth0\") has no place in a CIDR. Did you mean \"fe80::1/64\"?"],
    ["three policyTypes", [np('default', 'p', { podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] })], "test.yaml:9: NetworkPolicy default/p: Field spec.policyTypes has 3 entries; the API server accepts at most two, Ingress and Egress, each once. Remove the others."],
    ["cidr no mask", [ing({ from: [{ ipBlock: { cidr: '10.0.1.1' } }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr \"10.0.1.1\" is not a valid CIDR: the mask is missing. Did you mean \"10.0.1.1/32\"?"],
    ["cidr octet", [ing({ from: [{ ipBlock: { cidr: '10.0.256.0/24' } }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].from[0].ipBlock.cidr \"10.0.256.0/24\" is not a valid CIDR: expected an address and a prefix length such as \"10.0.0.0/8\"."],
    ["port not object", [ing({ ports: [80] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].ports[0] must be an object with \"port\" and \"protocol\"."],
    ["endPort without port", [ing({ ports: [{ endPort: 90 }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].ports[0].endPort is set but port is not; set port to the first port of the range."],
    ["port numeric string", [ing({ ports: [{ port: '80' }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].ports[0].port is the string \"80\", which Kubernetes reads as a port name and rejects. Write it as a number: port: 80."],
    ["bad port name", [ing({ ports: [{ port: 'Web_Port' }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].ports[0].port \"Web_Port\" is not a valid port name; a named port has at most 15 lower-case letters, digits or \"-\", at least one letter, and no leading, trailing or double \"-\"."],
    ["endPort named", [ing({ ports: [{ port: 'web', endPort: 90 }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].ports[0].endPort is set with the named port \"web\"; endPort needs a numeric port. Use the port number, or drop endPort."],
    ["endPort below", [ing({ ports: [{ port: 90, endPort: 80 }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].ports[0].endPort 80 is below port 90; the range port..endPort must not be empty. Swap them: port: 80, endPort: 90."],
    ["port 0", [ing({ ports: [{ port: 0 }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].ports[0].port is 0; a port must be a whole number from 1 to 65535."],
    ["port 65536", [ing({ ports: [{ port: 65536 }] })], "test.yaml:10: NetworkPolicy default/p: Field spec.ingress[0].ports[0].port is 65536; a port must be a whole number from 1 to 65535."],
    ["endPort 70000", [ing({ ports: [{ port: 1, endPort: 70000 }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].ports[0].endPort is 70000; a port must be a whole number from 1 to 65535."],
    ["protocol tcp", [ing({ ports: [{ port: 80, protocol: 'tcp' }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].ports[0].protocol is \"tcp\"; it must be TCP, UDP or SCTP (did you mean \"TCP\"?)."],
    ["protocol ICMP", [ing({ ports: [{ port: 80, protocol: 'ICMP' }] })], "test.yaml:11: NetworkPolicy default/p: Field spec.ingress[0].ports[0].protocol is \"ICMP\"; it must be TCP, UDP or SCTP."],
    ["selector not object", [np('default', 'p', { podSelector: 'app=web' })], "test.yaml:7: NetworkPolicy default/p: Field spec.podSelector must be an object with matchLabels and/or matchExpressions ({} selects everything)."],
    ["matchExpressions not list", [np('default', 'p', { podSelector: { matchExpressions: {} } })], "test.yaml:8: NetworkPolicy default/p: Field spec.podSelector.matchExpressions must be a list."],
    ["expression not object", [np('default', 'p', { podSelector: { matchExpressions: ['x'] } })], "test.yaml:9: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0] must be an object with key, operator and values."],
    ["expression key missing", [np('default', 'p', { podSelector: { matchExpressions: [{ operator: 'Exists' }] } })], "test.yaml:9: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0].key is missing; every expression needs a label key."],
    ["operator bad", [np('default', 'p', { podSelector: { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] } })], "test.yaml:10: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0].operator is \"in\"; it must be In, NotIn, Exists or DoesNotExist (did you mean \"In\"?)."],
    ["values not list", [np('default', 'p', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: 'x' }] } })], "test.yaml:11: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0].values must be a list of strings."],
    ["value not string", [np('default', 'p', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] } })], "test.yaml:12: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0].values[0] is 1; label values are strings, so quote it: \"1\"."],
    ["In no values", [np('default', 'p', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] } })], "test.yaml:11: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0] uses In with no values; In needs at least one value (or use Exists)."],
    ["Exists values", [np('default', 'p', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } })], "test.yaml:12: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0] uses Exists with values; Exists takes none. Drop values, or use In."],
    ["matchLabels not map", [np('default', 'p', { podSelector: { matchLabels: ['a'] } })], "test.yaml:9: NetworkPolicy default/p: Field spec.podSelector.matchLabels must be a map of label keys to string values."],
    ["matchLabels number", [np('default', 'p', { podSelector: { matchLabels: { version: 1 } } })], "test.yaml:9: NetworkPolicy default/p: Field spec.podSelector.matchLabels.version is 1; label values are strings, so quote it: \"1\"."],
    ["bad key", [np('default', 'p', { podSelector: { matchLabels: { 'app@b': 'x' } } })], "test.yaml:9: NetworkPolicy default/p: Label key \"app@b\" in spec.podSelector.matchLabels is invalid: it must consist of letters, digits, \"-\", \"_\" or \".\" and start and end with a letter or digit. Did you mean \"appb\"?"],
    ["bad key prefix", [np('default', 'p', { podSelector: { matchLabels: { 'Example.com/app': 'x' } } })], "test.yaml:9: NetworkPolicy default/p: Label key \"Example.com/app\" in spec.podSelector.matchLabels is invalid: its prefix \"Example.com\" must be a lower-case DNS subdomain such as \"example.com\"."],
    ["long key", [np('default', 'p', { podSelector: { matchLabels: { ['k'.repeat(64)]: 'x' } } })], "test.yaml:9: NetworkPolicy default/p: Label key \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\" in spec.podSelector.matchLabels is invalid: its name part must be at most 63 characters (it has 64)."],
    ["bad value", [np('default', 'p', { podSelector: { matchLabels: { app: '$web' } } })], "test.yaml:9: NetworkPolicy default/p: Label value \"$web\" for key \"app\" in spec.podSelector.matchLabels is invalid: it must be empty or consist of letters, digits, \"-\", \"_\" or \".\" and start and end with a letter or digit. Did you mean \"web\"?"],
    ["long value", [np('default', 'p', { podSelector: { matchLabels: { app: 'v'.repeat(64) } } })], "test.yaml:9: NetworkPolicy default/p: Label value \"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\" for key \"app\" in spec.podSelector.matchLabels is invalid: it must be at most 63 characters (it has 64)."],
    ["dup workload", [deployment('default', 'web', {}), deployment('default', 'web', {})], "test.yaml:18: Deployment default/web: Deployment default/web is defined twice (first at test.yaml:1); give one of them another name or remove the copy."],
    ["policy namespace not a label", [np('Shop_Front', 'p', { podSelector: {} })], "test.yaml:5: NetworkPolicy Shop_Front/p: Field metadata.namespace \"Shop_Front\" is not a valid namespace name: it must be a DNS-1123 label (at most 63 lowercase letters, digits and \"-\", starting and ending with a letter or digit). Did you mean \"shop-front\"?"],
    ["workload namespace not a label", [deployment('web.shop', 'web', {})], "test.yaml:5: Deployment web.shop/web: Field metadata.namespace \"web.shop\" is not a valid namespace name: it must be a DNS-1123 label (at most 63 lowercase letters, digits and \"-\", starting and ending with a letter or digit). Did you mean \"web-shop\"?"],
    ["namespace name not a label", [namespace('Media', {})], "test.yaml:4: Namespace Media: Field metadata.name \"Media\" is not a valid namespace name: it must be a DNS-1123 label (at most 63 lowercase letters, digits and \"-\", starting and ending with a letter or digit). Did you mean \"media\"?"],
    ["namespace not a string", [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 7 }, spec: {} }], "test.yaml:5: Pod default/p: Field metadata.namespace must be a string, not 7."],
    ["workload name missing", [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: {} }], "test.yaml:3: Deployment default/(unnamed): Field metadata.name is missing; every Deployment needs a name."],
    ["containerPort bad", [deployment('default', 'web', {}, [{ containerPort: 0 }])], "test.yaml:17: Deployment default/web: Field spec.template.spec.containers[0].ports[0].containerPort is 0; it must be a whole number from 1 to 65535."],
    ["label gap", [pod('a', { app: 'x' }, { kind: 'ReplicaSet', name: 'rs', controller: true }), pod('b', { app: 'y' }, { kind: 'ReplicaSet', name: 'rs', controller: true }), np('default', 'p', { podSelector: { matchLabels: { app: 'x' } } })], "test.yaml:17: Pod default/b: Pods a and b share the owner default/rs[ReplicaSet] but carry different labels (app=x vs app=y), and the selector \"app=x\" in spec.podSelector of NetworkPolicy default/p (test.yaml:33) selects only one of them, so they cannot be analysed as one workload. Give the pods of one owner the same values for the label keys that policies select on."],
    ["np apiVersion", [{ apiVersion: 'extensions/v1beta1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: {} }], "test.yaml:1: NetworkPolicy default/p: The apiVersion \"extensions/v1beta1\" is not supported for NetworkPolicy; write apiVersion: networking.k8s.io/v1 (or projectcalico.org/v3 for a Calico policy)."],
    ["np kind misspelt", [{ apiVersion: 'networking.k8s.io/v1', kind: 'Networkpolicy', metadata: { name: 'p', namespace: 'shop' }, spec: {} }], "test.yaml:1: Networkpolicy shop/p: The kind \"Networkpolicy\" is not a Kubernetes kind; write kind: NetworkPolicy (kinds are case-sensitive)."],
    ["np apiVersion missing", [{ kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: {} }], "test.yaml:1: NetworkPolicy default/p: The apiVersion is missing for NetworkPolicy; write apiVersion: networking.k8s.io/v1 (or projectcalico.org/v3 for a Calico policy)."],
    ["dup policy", [np('default', 'p', {}), np('default', 'p', {})], "test.yaml:8: NetworkPolicy default/p: NetworkPolicy default/p is defined twice (first at test.yaml:1); names must be unique within a namespace. Rename or remove one."],
    ["dup namespace", [namespace('a'), namespace('a')], "test.yaml:7: Namespace a: Namespace a is defined twice (first at test.yaml:1); remove the copy."],
    ["ns name missing", [{ apiVersion: 'v1', kind: 'Namespace', metadata: {} }], "test.yaml:3: Namespace (unnamed): Field metadata.name is missing; every Namespace needs a name."],
    ["pod label number", [pod('a', { version: 2 })], "test.yaml:7: Pod default/a: Field metadata.labels.version is 2; label values are strings, so quote it: \"2\"."],
    ["pod label empty", [pod('a', { app: null })], "test.yaml:7: Pod default/a: Field metadata.labels.app is null; label values are strings; write \"\" for an empty value, or give the value."],
    ["selector label map", [np('default', 'p', { podSelector: { matchLabels: { app: { name: 'web' } } } })], "test.yaml:10: NetworkPolicy default/p: Field spec.podSelector.matchLabels.app is {\"name\":\"web\"}; label values are strings, not maps or lists; give one string value (check the indentation)."],
    ["expression value list", [np('default', 'p', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: [['x']] }] } })], "test.yaml:12: NetworkPolicy default/p: Field spec.podSelector.matchExpressions[0].values[0] is [\"x\"]; label values are strings, not maps or lists; give one string value (check the indentation)."],
    ["bare list of objects", 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# policies\n- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: p}\n', "test.yaml:6: The document is a list of Kubernetes objects rather than one object, which kubectl refuses. Separate the objects with \"---\" lines, or wrap them in a List (apiVersion: v1, kind: List, items: [...])."],
    ["alias without anchor", 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: *common\n', "test.yaml:5: The file is not valid YAML: Unresolved alias (the anchor must be set before the alias): common. Fix the alias or merge key, or move the file out of the analysed folders."],
    ["merge of a scalar", 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: web\n    <<: 5\n', "test.yaml:7: The file is not valid YAML: Merge sources must be maps or map aliases. Fix the alias or merge key, or move the file out of the analysed folders."],
    ["yaml", 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [a\n', "test.yaml:5: The file is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix the syntax, or move the file out of the analysed folders."],
  ])('%s', (_name, input, expected) => {
    expect(errorOf(input)).toBe(expected);
  });

  it('exposes file, line and object on the error', () => {
    let error: unknown;
    try {
      loadManifests([{ path: 'dir/p.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.1/33\n' }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AnalyzerError);
    expect(error).toMatchObject({ file: 'dir/p.yaml', line: 10, object: 'NetworkPolicy shop/p' });
  });
});

describe('loadManifests: what it reads and what it skips', () => {
  const load = (text: string, file = 'in.yaml') => loadManifests([{ path: file, text }]);

  it('flattens List and typed lists whose items omit kind and apiVersion', () => {
    const model = load(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: PodList
  items:
  - metadata: {name: p1, namespace: shop, labels: {app: a}}
- apiVersion: v1
  kind: Namespace
  metadata: {name: shop}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
- metadata: {name: deny}
  spec: {podSelector: {}}
`);
    expect(model.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`)).toEqual(['shop/p1[Pod]']);
    expect(model.policies.map((p) => `${p.namespace}/${p.name}`)).toEqual(['default/deny']);
    expect(model.namespaces.map((n) => n.name).sort()).toEqual(['default', 'shop']);
  });

  it('honours YAML merge keys (<<), as kubectl does', () => {
    const model = load(`apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    template:
      metadata:
        labels: &common {app: web, tier: front}
      spec: {containers: [{name: c}]}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    template:
      metadata:
        labels:
          <<: *common
          app: api
      spec: {containers: [{name: c}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: front, namespace: shop}
spec:
  podSelector:
    matchLabels:
      <<: {tier: front}
`);
    expect(model.workloads.map((w) => w.labels)).toEqual([{ app: 'web', tier: 'front' }, { app: 'api', tier: 'front' }]);
    expect(model.policies[0].podSelector.matchLabels).toEqual({ tier: 'front' });
  });

  it('names workloads from manifests, controller owners, and bare pods; ignores Node owners', () => {
    const model = load(`apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: ops}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: backup}}, spec: {containers: [{name: c, ports: [{containerPort: 9000, name: metrics}]}]}}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-abc, ownerReferences: [{kind: ReplicaSet, name: web-5d4, controller: true}]}
---
apiVersion: v1
kind: Pod
metadata: {name: odd, ownerReferences: [{name: internal, controller: true}]}
---
apiVersion: v1
kind: Pod
metadata: {name: etcd-node1, namespace: kube-system, ownerReferences: [{kind: Node, name: node1, controller: true}]}
`);
    expect(model.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`)).toEqual([
      'ops/backup[CronJob]',
      'default/web-5d4[ReplicaSet]',
      'default/internal[Pod]',
      'kube-system/etcd-node1[Pod]',
    ]);
    expect(model.workloads[0]).toMatchObject({ labels: { app: 'backup' }, ports: [{ name: 'metrics', containerPort: 9000, protocol: 'TCP' }] });
  });

  it('records hostNetwork from a pod template or a pod spec, and leaves the field out otherwise', () => {
    const model = load(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: mon}
spec: {template: {metadata: {labels: {app: ne}}, spec: {hostNetwork: true, containers: [{name: c}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: speaker-x, namespace: mon, ownerReferences: [{kind: DaemonSet, name: speaker, controller: true}]}
spec: {hostNetwork: true, containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: mon}
spec: {hostNetwork: false, containers: [{name: c}]}
`);
    expect(model.workloads.map((w) => [w.name, w.hostNetwork])).toEqual([
      ['node-exporter', true],
      ['speaker', true],
      ['plain', undefined],
    ]);
    expect('hostNetwork' in model.workloads[2]).toBe(false);
  });

  it('adds kubernetes.io/metadata.name to declared namespaces and creates used but undeclared ones', () => {
    const model = load(`apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: x}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: billing}
`);
    expect(model.namespaces).toEqual([
      { name: 'shop', labels: { team: 'x', 'kubernetes.io/metadata.name': 'shop' }, source: { file: 'in.yaml', line: 1 } },
      { name: 'billing', labels: { 'kubernetes.io/metadata.name': 'billing' } },
    ]);
  });

  it('skips other kinds, foreign API groups and documents that are not Kubernetes objects', () => {
    const model = load(`apiVersion: v1
kind: Service
metadata: {name: web}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: app}
---
apiVersion: example.com/v1
kind: Deployment
metadata: {name: not-apps}
---
just a string
---
- a list
- {of: things, that: are not objects}
---
`);
    const metadataOnly = loadManifests([{ path: 'construct-metadata.json', text: '{"version": "1.0.0", "resources": {}}' }]);
    expect([model.workloads.length, model.policies.length, metadataOnly.workloads.length]).toEqual([0, 0, 0]);
  });

  it('reads Calico policies into the Calico model, not into the Kubernetes policies nor the not-evaluated list', () => {
    const model = load(`apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: kube-system}
spec: {selector: all()}
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: deny-all}
`);
    expect(model.policies).toEqual([]);
    expect(model.calicoPolicies).toEqual([]);
    expect(model.calico?.policies.map((p) => [p.apiVersion, p.kind, p.namespace, p.name, p.tier, p.types, p.source])).toEqual([
      ['projectcalico.org/v3', 'NetworkPolicy', 'kube-system', 'allow-dns', 'default', ['Ingress'], { file: 'in.yaml', line: 1 }],
      ['crd.projectcalico.org/v1', 'GlobalNetworkPolicy', undefined, 'deny-all', 'default', ['Ingress'], { file: 'in.yaml', line: 6 }],
    ]);
  });

  it('records AdminNetworkPolicy and BaselineAdminNetworkPolicy (enforced by Calico) as not evaluated, cluster-scoped', () => {
    const model = load(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-cross-tenant}
spec: {priority: 10, subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
`);
    expect(model.calicoPolicies).toEqual([
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', name: 'deny-cross-tenant', namespace: undefined, source: { file: 'in.yaml', line: 1 } },
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', name: 'default', namespace: undefined, source: { file: 'in.yaml', line: 6 } },
    ]);
  });

  it('defaults policyTypes: Ingress always, Egress only with egress rules', () => {
    const policies = load(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a}
spec: {podSelector: {}, egress: [{}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b}
spec: {podSelector: {}, egress: []}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: c}
spec: {podSelector: {}, policyTypes: [Egress]}
`).policies;
    expect(policies.map((p) => p.policyTypes)).toEqual([['Ingress', 'Egress'], ['Ingress'], ['Egress']]);
  });

  it('warns instead of failing for a misspelt containerPort (np-guard reads it) and for IPv6 ipBlocks', () => {
    const model = load(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, ports: [{name: dns, containerport: 53}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: v6}
spec:
  podSelector: {}
  ingress: [{from: [{ipBlock: {cidr: "2001:db8::/32"}}]}]
`);
    expect(model.workloads[0].ports).toEqual([{ name: 'dns', containerPort: 53, protocol: 'TCP' }]);
    expect(model.warnings.map((w) => `${w.source?.line}: ${w.message}`)).toEqual([
      '4: Pod default/p: Field "containerport" is read as "containerPort" (53); kubectl would reject the misspelling.',
      '11: NetworkPolicy default/v6: Field spec.ingress[0].from[0].ipBlock.cidr "2001:db8::/32" is IPv6; the analyzer models IPv4 external addresses only, so this block matches nothing here.',
    ]);
  });

  it('warns, and still analyses, when an object name is not a DNS-1123 subdomain (the API server refuses it; the peer suite has such names)', () => {
    const model = load(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow_web}
spec: {podSelector: {}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: Web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}}
`);
    expect(model.policies.map((p) => p.name)).toEqual(['allow_web']);
    expect(model.warnings.map((w) => `${w.source?.line}: ${w.message}`)).toEqual([
      '3: NetworkPolicy default/allow_web: Field metadata.name "allow_web" is not a valid NetworkPolicy name, so the API server would refuse it: it must be a DNS-1123 subdomain (at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit). Did you mean "allow-web"?',
      '8: Deployment shop/Web: Field metadata.name "Web" is not a valid Deployment name, so the API server would refuse it: it must be a DNS-1123 subdomain (at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit). Did you mean "web"?',
    ]);
  });

  it('takes the owned pod with the smallest name as the workload, whatever the file order, and warns when the pods declare different ports', () => {
    const owned = (name: string, port: number) => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: 'shop', labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9', controller: true }] },
      spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: port }] }] },
    });
    // GIVEN two pods of one ReplicaSet, mid-rollout, with different ports for the named port http
    const forward = loadManifests([{ path: 'a.json', text: JSON.stringify(owned('web-5d9-aaaaa', 8080)) }, { path: 'b.json', text: JSON.stringify(owned('web-5d9-bbbbb', 9090)) }]);
    const backward = loadManifests([{ path: 'b.json', text: JSON.stringify(owned('web-5d9-bbbbb', 9090)) }, { path: 'a.json', text: JSON.stringify(owned('web-5d9-aaaaa', 8080)) }]);
    // THEN both orders give the same workload, from the pod with the smaller name, and say so
    expect(forward.workloads).toEqual(backward.workloads);
    expect(forward.workloads.map((w) => [w.name, w.ports[0].containerPort])).toEqual([['web-5d9', 8080]]);
    expect(forward.warnings.map((w) => `${w.source?.file}: ${w.message}`)).toEqual([
      "b.json: ReplicaSet shop/web-5d9: Pods web-5d9-aaaaa and web-5d9-bbbbb of this workload declare different container ports; named ports are resolved against web-5d9-aaaaa's. Check that the pods run the same version.",
    ]);
  });
});

describe('a YAML text read again (two trees in netpol diff, dist/ in many tests)', () => {
  const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ops}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: 010\n';

  it('gives the same model under each path, the warnings and errors naming that path', () => {
    const first = loadManifests([{ path: 'ref1/p.yaml', text }]);
    const second = loadManifests([{ path: 'ref2/p.yaml', text }]);
    expect(second.policies[0].ingress).toEqual(first.policies[0].ingress);
    expect([first.policies[0].source, second.policies[0].source]).toEqual([{ file: 'ref1/p.yaml', line: 1 }, { file: 'ref2/p.yaml', line: 1 }]);
    expect([first, second].map((model) => model.warnings.map((w) => `${w.source?.file}:${w.source?.line}`))).toEqual([['ref1/p.yaml:8'], ['ref2/p.yaml:8']]);
    const bad = text.replace('port: 010', 'port: 70000');
    const refusal = (path: string) => {
      try {
        loadManifests([{ path, text: bad }]);
      } catch (error) {
        return (error as Error).message.slice(0, path.length + 3);
      }
      return undefined;
    };
    expect([refusal('a.yaml'), refusal('b.yaml')]).toEqual(['a.yaml:8:', 'b.yaml:8:']);
  });

  it('is not changed for the next reader by what a caller does to a model', () => {
    const model = loadManifests([{ path: 'p.yaml', text }]);
    const read = structuredClone([model.policies[0].ingress[0].ports, model.policies[0].podSelector]);
    (model.policies[0].ingress[0].ports as { protocol: string; port: number }[]).push({ protocol: 'UDP', port: 53 });
    (model.policies[0].podSelector as { matchLabels?: Record<string, string> }).matchLabels = { changed: 'yes' };
    const again = loadManifests([{ path: 'p.yaml', text }]);
    expect([again.policies[0].ingress[0].ports, again.policies[0].podSelector]).toEqual(read);
    expect(read[0]).toEqual([{ protocol: 'TCP', port: 8 }]);
  });
});
