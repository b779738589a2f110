/**
 * Admission of a full cache's new entries: a key is kept from its second
 * read within a window, not its first. Without it, a load of keys read once
 * (a scan, a batch job) makes every miss evict an entry that was read
 * before, and pays for storing a reply that is never served again.
 *
 * The memory of keys read once is a Bloom filter of two probes over a bit
 * set, indexed by a hash of the key (a "doorkeeper", as in TinyLFU): a
 * collision only admits a key early, which is harmless but costs a stored
 * reply and its eviction. The set has 16 bits a cache entry and is emptied
 * after as many first reads as it has bits over 16, so that at most 1 bit
 * in 8 is set (a false "read before" under 1 in 64) and a key counts as
 * read twice only if its reads were close together.
 *
 * @module
 */

import { tableSize } from "./key_hash.ts";

/** The fewest and the most bits of the set. */
const MIN_BITS = 1 << 10;
const MAX_BITS = 1 << 22;
/** Bits of the set per cache entry, and per first read remembered before it is emptied. */
const BITS_PER_ENTRY = 16;

/**
 * Remembers which keys were read once, recently (see the module doc).
 *
 * @example
 * ```ts
 * const doorkeeper = new Doorkeeper(10_000);
 * doorkeeper.secondRead(keyHash("user:1")); // false: first read, remembered
 * doorkeeper.secondRead(keyHash("user:1")); // true
 * ```
 */
export class Doorkeeper {
  readonly #bits: Int32Array;
  readonly #mask: number;
  /** First reads remembered before the set is emptied. */
  readonly #window: number;
  #remembered = 0;

  /** A set sized for a cache of `maxEntries` entries (16 bits an entry, within bounds). */
  constructor(maxEntries: number) {
    const bits = tableSize(maxEntries * BITS_PER_ENTRY, MIN_BITS, MAX_BITS);
    this.#bits = new Int32Array(bits / 32);
    this.#mask = bits - 1;
    this.#window = bits / BITS_PER_ENTRY;
  }

  /** Whether the key of `hash` (its `keyHash`) was read recently; if not, it is remembered now. */
  secondRead(hash: number): boolean {
    const bits = this.#bits;
    const first = hash & this.#mask;
    const second = (Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 9) & this.#mask;
    if (
      (bits[first >>> 5] & (1 << (first & 31))) !== 0 &&
      (bits[second >>> 5] & (1 << (second & 31))) !== 0
    ) return true;
    if (++this.#remembered > this.#window) {
      bits.fill(0);
      this.#remembered = 1;
    }
    bits[first >>> 5] |= 1 << (first & 31);
    bits[second >>> 5] |= 1 << (second & 31);
    return false;
  }
}
