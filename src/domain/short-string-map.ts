/**
 * A map from short strings (product codes, status words) to values, for a lookup on every row of a large file.
 * The key's hash is computed here from its characters: a Map asks the engine for the hash of each new string,
 * and a row's cells are all new strings, which made the two lookups per row cost as much as reading the row.
 * Open addressing in plain arrays; nothing is ever removed.
 */
export class ShortStringMap<V> {
  private keys: (string | undefined)[] = new Array<string | undefined>(16).fill(undefined);
  private values: (V | undefined)[] = new Array<V | undefined>(16).fill(undefined);
  size = 0;

  get(key: string): V | undefined {
    return this.values[this.slotOf(key)];
  }

  set(key: string, value: V): void {
    let slot = this.slotOf(key);
    if (this.keys[slot] === undefined) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key;
      this.size++;
    }
    this.values[slot] = value;
  }

  /** The slot holding `key`, or the empty slot where it would go (FNV-1a, linear probing, at most half full). */
  private slotOf(key: string): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const found = keys[slot];
      if (found === undefined || found === key) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Array<string | undefined>(keys.length * 2).fill(undefined);
    this.values = new Array<V | undefined>(keys.length * 2).fill(undefined);
    this.size = 0;
    keys.forEach((key, i) => {
      if (key !== undefined) this.set(key, values[i] as V);
    });
  }
}
