// A Map that keeps only its most recently used entries. The delegated access tokens of a fleet are
// kept in memory (token-cache.ts says why not in the stored cache), one per tenant and set of scopes:
// at 10,000 customer tenants that alone was tens of megabytes of a worker's 192 MB heap, most of it
// tokens of tenants finished long ago. A token that falls out is asked for again (msal's silent
// request, with the stored refresh token) when its tenant is next worked on.

export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`RecentMap: capacity must be a whole number ≥ 1, not ${capacity}.`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Sets the value as the most recently used, and drops the least recently used beyond capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}
