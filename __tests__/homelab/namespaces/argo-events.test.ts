import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { argoEvents } from '../../../homelab/namespaces/argo-events';

describe('argo-events', () => {
  // GIVEN the argo-events composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'argo-events', argoEvents));
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const EVENTBUS = { matchLabels: { 'controller': 'eventbus-controller', 'eventbus-name': 'default' } };
  const EVENTSOURCES = { matchLabels: { controller: 'eventsource-controller' } };
  const inArgoEvents = (podSelector: object) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'argo-events' } }, podSelector });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress',
      'allow-ingress-nginx-ingress', 'allow-lifeonabike-cloudflared-ingress', 'allow-eventsources-ingress', 'allow-sensors-ingress', 'allow-eventbus-egress',
      'allow-cluster-api-egress', 'allow-external-https-egress',
    ]);
  });

  test('the EventSources take GitHub\'s webhook on 12000 from lifeonabike\'s cloudflared only', () => {
    const policy = objects.find((o) => o.metadata.name === 'allow-lifeonabike-cloudflared-ingress');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { controller: 'eventsource-controller' } });
    expect(policy.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'lifeonabike' } }, podSelector: { matchLabels: { app: 'cloudflared' } } }],
      ports: [{ protocol: 'TCP', port: 12000 }],
    }]);
  });

  test('the webhook pod alone takes 443 from any source', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argo-events-events-webhook' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 443 }] }],
    });
  });

  test('the EventBus takes 4222 from EventSources and Sensors only', () => {
    expect(policy('allow-eventsources-ingress').spec).toEqual({
      podSelector: EVENTBUS,
      policyTypes: ['Ingress'],
      ingress: [{ from: [inArgoEvents(EVENTSOURCES)], ports: [{ protocol: 'TCP', port: 4222 }] }],
    });
    expect(policy('allow-sensors-ingress').spec.ingress).toEqual([
      { from: [inArgoEvents({ matchLabels: { controller: 'sensor-controller' } })], ports: [{ protocol: 'TCP', port: 4222 }] },
    ]);
    expect(policy('allow-eventbus-egress').spec.egress).toEqual([{ to: [inArgoEvents(EVENTBUS)], ports: [{ protocol: 'TCP', port: 4222 }] }]);
  });

  test('only EventSources take ingress-nginx (12000) and reach the internet', () => {
    expect(policy('allow-ingress-nginx-ingress').spec.podSelector).toEqual(EVENTSOURCES);
    expect(policy('allow-ingress-nginx-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 12000 }]);
    expect(policy('allow-external-https-egress').spec.podSelector).toEqual(EVENTSOURCES);
  });
});
