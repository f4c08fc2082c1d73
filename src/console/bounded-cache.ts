/**
 * A small memo with a fixed number of entries, the least recently used dropped first. The trends page
 * keeps the rendered SVG of each figure by its numbers: a figure whose numbers did not change is not
 * rendered again (rendering with vega is the page's main cost). Pure.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  async getOrCreate(key: string, create: () => Promise<V>): Promise<V> {
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const value = await create();
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
