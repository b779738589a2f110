/**
 * Which keys the store's index may hold, without a lookup in it: a counter
 * per hash bucket of the keys in the index (a counting Bloom filter with one
 * hash). A zero says no key of that bucket is indexed, so a read of a key
 * never cached misses at the cost of a hash and one array read instead of a
 * lookup in a large Map. A counter that reaches its maximum stays there
 * (it may then say "maybe" for ever; never a wrong "no").
 *
 * @module
 */

import { tableSize } from "./key_hash.ts";

const MIN_COUNTERS = 1 << 10;
const MAX_COUNTERS = 1 << 20;
const STUCK = 0xffff;

/**
 * Counters of indexed keys by hash (see the module doc).
 *
 * @example
 * ```ts
 * const filter = new KeyFilter(10_000);
 * filter.add(keyHash("k"));
 * filter.mayHold(keyHash("k")); // true
 * filter.remove(keyHash("k"));
 * filter.mayHold(keyHash("k")); // false
 * ```
 */
export class KeyFilter {
  readonly #counts: Uint16Array;
  readonly #mask: number;

  /** Counters for an index of about `keys` keys (8 counters a key, within bounds). */
  constructor(keys: number) {
    const size = tableSize(keys * 8, MIN_COUNTERS, MAX_COUNTERS);
    this.#counts = new Uint16Array(size);
    this.#mask = size - 1;
  }

  /** Whether a key of `hash` may be indexed (`false`: surely not). */
  mayHold(hash: number): boolean {
    return this.#counts[hash & this.#mask] !== 0;
  }

  /** A key of `hash` entered the index. */
  add(hash: number): void {
    const counts = this.#counts;
    const i = hash & this.#mask;
    if (counts[i] !== STUCK) counts[i]++;
  }

  /** A key of `hash` left the index. */
  remove(hash: number): void {
    const counts = this.#counts;
    const i = hash & this.#mask;
    if (counts[i] !== STUCK) counts[i]--;
  }

  /** The index was emptied. */
  clear(): void {
    this.#counts.fill(0);
  }
}
