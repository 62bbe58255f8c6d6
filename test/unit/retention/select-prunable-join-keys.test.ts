import { selectPrunableJoinKeys } from '../../../src/core/retention/select-prunable-join-keys';

describe('selectPrunableJoinKeys', () => {
  it('prunes the keys whose correlation ID has no incident left and keeps the others, in the order given', () => {
    expect(
      selectPrunableJoinKeys([
        { joinKey: 'a', hasIncident: false },
        { joinKey: 'b', hasIncident: true },
        { joinKey: 'c', hasIncident: false },
        { joinKey: 'd', hasIncident: true },
      ]),
    ).toEqual({ prune: ['a', 'c'], keep: ['b', 'd'] });
  });

  it('has nothing to say about no candidates', () => {
    expect(selectPrunableJoinKeys([])).toEqual({ prune: [], keep: [] });
  });
});
