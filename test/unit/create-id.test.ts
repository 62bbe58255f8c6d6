import { createId } from '../../src/core/create-id';

describe('createId', () => {
  it('sorts by creation time, including many ids within one millisecond', () => {
    const ids = [createId('inc', 1000), ...Array.from({ length: 500 }, () => createId('inc', 2000)), createId('inc', 3000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps order when the clock goes backwards', () => {
    const a = createId('x', 5000);
    const b = createId('x', 4000);
    expect(b > a).toBe(true);
  });

  it('is prefixed and URL-safe', () => {
    expect(createId('dlv')).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
