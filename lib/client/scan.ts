/**
 * SCAN, HSCAN, SSCAN and ZSCAN as iterators that follow the cursor of the
 * page commands (`scanPage`, `hscanPage`, …) to its end. The server
 * guarantees that every element present for the whole iteration is returned
 * at least once; an element may be returned more than once, and elements
 * added or removed meanwhile may or may not be.
 *
 * @module
 */
import type { KeyScanPageOptions, ScanPageOptions } from "../commands/generic.ts";
import type { FieldValue, HashScanPageOptions } from "../commands/hash.ts";

/** Options of every scan: `match` a glob-style pattern, `count` a hint of the page size. */
export type ScanOptions = ScanPageOptions;

/** Options of `scan`: `type` keeps keys of one type (`"string"`, `"hash"`, …). */
export type KeyScanOptions = KeyScanPageOptions;

/** Options of `hscan`: `novalues` yields field names only (Redis 7.4+). */
export type HashScanOptions = HashScanPageOptions;

/** A field of a hash with its value, as `hscan` yields them. */
export type HashField<S> = FieldValue<S>;

/** One page as the iterators read it: the cursor of the next page, and the page's items. */
export type CursorPage<T> = readonly [cursor: string, items: readonly T[]];

/**
 * Yield every item of every page, from cursor `"0"` until the server answers
 * `"0"` again; `break` stops without another round trip.
 *
 * @example
 * ```ts
 * const keys = followCursor(async (cursor) => {
 *   const page = await redis.scanPage(cursor);
 *   return [page.cursor, page.keys];
 * });
 * for await (const key of keys) console.log(key);
 * ```
 */
export async function* followCursor<T>(
  page: (cursor: string) => Promise<CursorPage<T>>,
): AsyncGenerator<T, void, undefined> {
  let cursor = "0";
  do {
    const [next, items] = await page(cursor);
    cursor = next;
    yield* items;
  } while (cursor !== "0");
}

/**
 * {@link followCursor} for the blocking client.
 *
 * @example
 * ```ts
 * const keys = followCursorSync((cursor) => {
 *   const page = redis.scanPage(cursor);
 *   return [page.cursor, page.keys];
 * });
 * for (const key of keys) console.log(key);
 * ```
 */
export function* followCursorSync<T>(
  page: (cursor: string) => CursorPage<T>,
): Generator<T, void, undefined> {
  let cursor = "0";
  do {
    const [next, items] = page(cursor);
    cursor = next;
    yield* items;
  } while (cursor !== "0");
}
