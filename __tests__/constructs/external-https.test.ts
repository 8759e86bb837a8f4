import { Testing } from 'cdk8s';
import { ExternalHttps } from '../../constructs/external-https';
import { describeAppliesToPods } from './applies-to-pods';

test('allow-external-https-egress reaches every address but the private ranges on TCP 443', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new ExternalHttps(chart, 'ExternalHttps');

  // THEN
  const [policy] = Testing.synth(chart);
  expect(policy.metadata.name).toBe('allow-external-https-egress');
  expect(policy.spec).toEqual({
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    }],
  });
});

describeAppliesToPods('ExternalHttps', 'ExternalHttps', (scope, id, pods) => new ExternalHttps(scope, id, { appliesToPods: pods }));
