/**
 * A fast 32-bit hash of a canonical key, and the size of the store's bit and
 * counter tables it indexes (`admission.ts`, `key_filter.ts`): not for security, and a long
 * key is hashed by its ends and its length only (a collision there costs a
 * lookup, never a wrong answer).
 *
 * @module
 */

/** Characters hashed at each end of a long key (the middle is skipped). */
const HASHED_END = 32;

/**
 * FNV-1a over the UTF-16 units of the key's ends and its length, with the
 * low bits mixed (they index the tables).
 *
 * @example
 * ```ts
 * keyHash("user:1") === keyHash("user:1"); // true
 * ```
 */
export function keyHash(key: string): number {
  const length = key.length;
  let h = 0x811c9dc5 ^ length;
  if (length <= 2 * HASHED_END) {
    for (let i = 0; i < length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < HASHED_END; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    for (let i = length - HASHED_END; i < length; i++) {
      h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
}

/**
 * The size of a table indexed by {@link keyHash}'s low bits: the least power
 * of two from `min` that reaches `wanted`, at most `max` (both powers of two).
 *
 * @example
 * ```ts
 * tableSize(80_000, 1 << 10, 1 << 20); // 131072
 * ```
 */
export function tableSize(wanted: number, min: number, max: number): number {
  let size = min;
  while (size < wanted && size < max) size *= 2;
  return size;
}
