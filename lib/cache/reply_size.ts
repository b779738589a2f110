/**
 * Size estimates of cached replies, for the store's `maxBytes` bound: what
 * a reply and its bookkeeping roughly hold in memory, computed in one walk
 * of the value without serializing it.
 *
 * @module
 */
import { ResponseError } from "../errors/errors.ts";
import type { RespValue } from "../resp/types.ts";

/** Estimated bytes of the bookkeeping of one entry (its record and map slot). */
const ENTRY_OVERHEAD = 96;
/** Estimated bytes of one key an entry depends on, besides its characters. */
const KEY_OVERHEAD = 40;
/** Estimated bytes of a value's header: a string's, a number's, a node's. */
const NODE_OVERHEAD = 16;
/** Estimated bytes of a `Uint8Array` besides its bytes. */
const BYTES_OVERHEAD = 64;

/**
 * The estimated size in bytes of a decoded reply: strings at 2 bytes a
 * character, `Uint8Array`s at their length, arrays and Maps as the sum of
 * their elements, each value with a small fixed overhead.
 *
 * @example
 * ```ts
 * replySize("abc"); // 22
 * replySize(["a", "b"]) > replySize("ab"); // true
 * ```
 */
export function replySize(value: RespValue): number {
  if (typeof value === "string") return NODE_OVERHEAD + 2 * value.length;
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? NODE_OVERHEAD + 8 * Math.ceil(bitLength(value) / 64) : 8;
  }
  if (value instanceof Uint8Array) return BYTES_OVERHEAD + value.byteLength;
  if (Array.isArray(value)) {
    let size = NODE_OVERHEAD + 8 * value.length;
    for (let i = 0; i < value.length; i++) size += replySize(value[i]);
    return size;
  }
  if (value instanceof Map) {
    let size = NODE_OVERHEAD * 2;
    for (const [k, v] of value) size += NODE_OVERHEAD + replySize(k) + replySize(v);
    return size;
  }
  if (value instanceof ResponseError) return BYTES_OVERHEAD + 2 * value.message.length;
  return NODE_OVERHEAD;
}

function bitLength(value: bigint): number {
  return (value < 0n ? -value : value).toString(16).length * 4;
}

/**
 * The estimated size of a cache entry: its reply, its cache key, the keys it
 * depends on, and a fixed overhead. The store counts `bytes` with this.
 *
 * @example
 * ```ts
 * entrySize("T3sGET1sk", ["k"], "v") > replySize("v"); // true
 * ```
 */
export function entrySize(
  cacheKey: string,
  keys: readonly string[],
  value: RespValue,
): number {
  let size = ENTRY_OVERHEAD + 2 * cacheKey.length + replySize(value);
  for (let i = 0; i < keys.length; i++) size += KEY_OVERHEAD + 2 * keys[i].length;
  return size;
}
