import { namespaceObjects } from '../support/synth';

describe('synology-csi', () => {
  // GIVEN the synology-csi composition WHEN synthesized
  const objects = namespaceObjects('synology-csi');

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('no NAS rule: the CSI driver runs with hostNetwork, so its DSM and iSCSI traffic is the node\'s', () => {
    const names = objects.map((o) => o.metadata.name);
    expect(names.length).toBeGreaterThan(2);
    expect(names.filter((name) => name.includes('nas') || name.includes('iscsi') || name.includes('dsm'))).toEqual([]);
  });
});
