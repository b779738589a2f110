/**
 * The types of the client-side cache's store (`ReplyCache` in
 * `reply_cache.ts`, which re-exports them): its settings, its counters,
 * and the handle of a read in flight.
 *
 * @module
 */

/**
 * The bounds of a `ReplyCache`.
 *
 * @example
 * ```ts
 * const settings: CacheSettings = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024, ttl: 0 };
 * ```
 */
export interface CacheSettings {
  /** The most entries kept; fewer than 1 keeps none. */
  maxEntries: number;
  /** The most bytes kept, by `entrySize`'s estimate. */
  maxBytes: number;
  /** How long an entry may be served after it was stored, in ms; 0 = no limit. */
  ttl: number;
}

/**
 * A snapshot of a `ReplyCache`'s counters and contents.
 *
 * @example
 * ```ts
 * const { hits, misses } = cache.stats();
 * const hitRate = hits / Math.max(1, hits + misses);
 * ```
 */
export interface CacheStats {
  /** Lookups that found a live entry. */
  hits: number;
  /** Lookups that found none (or an expired one). */
  misses: number;
  /** Entries removed to make room or because their `ttl` passed. */
  evictions: number;
  /** Entries removed by an invalidation (one per entry removed). */
  invalidations: number;
  /** Entries held now. */
  entries: number;
  /** Their estimated size in bytes. */
  bytes: number;
}

/**
 * {@link CacheStats} and the sizes of a `ReplyCache`'s internal tables.
 *
 * @example
 * ```ts
 * const { indexedKeys, rememberedKeys } = cache.footprint();
 * ```
 */
export interface CacheFootprint extends CacheStats {
  /** Keys in the key → entries index: exactly the keys the entries depend on. */
  indexedKeys: number;
  /** Keys whose last invalidation is remembered for reads in flight (bounded). */
  rememberedKeys: number;
}

/**
 * A read in flight, from `ReplyCache.begin` to `ReplyCache.fill` (a read
 * that fails is not ended: it holds nothing).
 *
 * @example
 * ```ts
 * const read: InFlightRead = cache.begin(["k"]);
 * cache.fill(read, "T3sGET1sk", "v");
 * ```
 */
export interface InFlightRead {
  /** The canonical keys it reads. */
  readonly keys: readonly string[];
}
