import { BoundedMap } from '../../../src/core/retention/bounded-map';

describe('BoundedMap', () => {
  it('never holds more than maxEntries, however many keys arrive', () => {
    const map = new BoundedMap<string, number>({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) map.set(`incident:${i}`, i);
    expect(map.size).toBe(100);
    expect(map.get('incident:9999')).toBe(9999);
    expect(map.get('incident:9900')).toBe(9900);
    expect(map.get('incident:9899')).toBeUndefined();
  });

  it('evicts the least recently used entry: a get counts as use', () => {
    const map = new BoundedMap<string, number>({ maxEntries: 2 });
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1); // a is now newer than b
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
  });

  it('passes over entries `keep` wants while another can go, and bounds them anyway when none can', () => {
    const map = new BoundedMap<string, { open: boolean }>({ maxEntries: 2, keep: (v) => v.open });
    map.set('down', { open: true }).set('fine', { open: false });
    map.set('new', { open: false });
    expect(map.get('down')).toEqual({ open: true });
    expect(map.get('fine')).toBeUndefined();

    const full = new BoundedMap<string, { open: boolean }>({ maxEntries: 2, keep: (v) => v.open });
    full.set('x', { open: true }).set('y', { open: true }).set('z', { open: true });
    expect(full.size).toBe(2);
    expect(full.get('x')).toBeUndefined();
  });

  it('replacing a key does not grow it, and delete frees a slot', () => {
    const map = new BoundedMap<string, number>({ maxEntries: 2 });
    map.set('a', 1).set('a', 2).set('b', 3);
    expect(map.size).toBe(2);
    expect(map.get('a')).toBe(2);
    expect(map.delete('a')).toBe(true);
    expect(map.size).toBe(1);
  });
});
