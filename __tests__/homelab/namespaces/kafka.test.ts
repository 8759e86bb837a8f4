import { namespaceObjects } from '../support/synth';

describe('kafka', () => {
  // GIVEN the kafka composition WHEN synthesized
  const objects = namespaceObjects('kafka');

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

});
