/**
 * The ids of the latest `limit` bodies stored, by the 48-bit hash of their text (the latest id when two share a
 * hash). The order is a ring of (hash, id), oldest next to go, not the Map's own: taking a Map's first key after
 * deletes walks every hole they left (~20 µs a body once 65,536 were stored, measured). A slot holding id 0 is
 * empty: SQLite row ids start at 1.
 */
export class RecentBodyIds {
  private readonly byHash = new Map<number, number>();
  private readonly hashes: Float64Array;
  private readonly ids: Float64Array;
  private next = 0;

  constructor(private readonly limit: number) {
    this.hashes = new Float64Array(limit);
    this.ids = new Float64Array(limit);
  }

  get(hash: number): number | undefined {
    return this.byHash.get(hash);
  }

  remember(hash: number, id: number): void {
    const oldest = this.hashes[this.next]!;
    // The oldest is forgotten unless its hash was stored again since, under a newer id.
    if (this.ids[this.next] !== 0 && this.byHash.get(oldest) === this.ids[this.next]) this.byHash.delete(oldest);
    this.hashes[this.next] = hash;
    this.ids[this.next] = id;
    this.next = (this.next + 1) % this.limit;
    this.byHash.set(hash, id);
  }
}
