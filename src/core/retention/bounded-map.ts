/**
 * A Map that never holds more than `maxEntries`: past it, the least recently used entry goes. In-memory
 * caches keyed by something that keeps arriving (incidents, hosts, user groups) would otherwise grow for
 * the life of the process. An entry `keep` says is still needed (an open circuit breaker) is passed over
 * while a less useful one can go; if every entry wants keeping, the bound wins anyway.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly options: { maxEntries: number; keep?: (value: V) => boolean }) {
    if (!(options.maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, marked as just used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    // A Map iterates in insertion order: re-inserting moves the key to the "newest" end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.options.maxEntries) this.evictOne(key);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Drops the least recently used entry `keep` lets go (never `justSet`), else the least recently used one. */
  private evictOne(justSet: K): void {
    let oldest: { key: K } | undefined;
    for (const [key, value] of this.entries) {
      if (key === justSet) continue;
      oldest ??= { key };
      if (!this.options.keep?.(value)) {
        this.entries.delete(key);
        return;
      }
    }
    // Every other entry wants keeping: the bound wins. (size > maxEntries ≥ 1, so there is another entry.)
    if (oldest) this.entries.delete(oldest.key);
  }
}
