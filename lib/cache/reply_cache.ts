/**
 * The client-side cache's store: raw replies (as decoded, before any
 * transform), found by one of the canonical keys they read and their cache
 * key (the whole request, `cacheKeyOf`).
 *
 * - **Bounded**: least recently used entries go first when there are more
 *   than `maxEntries` or their estimated size passes `maxBytes`; a reply
 *   that alone is larger than `maxBytes` is not stored. `ttl` (ms, 0 = none)
 *   is a ceiling on how long an entry is served after it was stored.
 * - **One index**: key → the entry, or the entries by cache key, that read
 *   it (an entry may read several keys: MGET, SINTER, …). A lookup, a fill
 *   and an eviction each touch it once per key: a miss that fills a full
 *   store adds one key and removes one, and nothing else grows. It holds
 *   nothing for an entry that is gone, whichever way it went (eviction,
 *   expiry, invalidation, replacement, clear).
 * - **Races**: a read takes the store's clock with {@link ReplyCache.begin}
 *   before it is sent; {@link ReplyCache.fill} drops its reply if one of its
 *   keys was invalidated (or everything was) since. The store remembers
 *   when each key was last invalidated, up to {@link REMEMBERED_KEYS} keys;
 *   past that it forgets them all at once and treats every read begun
 *   before as stale (it may then skip storing a fresh reply, never store a
 *   stale one). A read holds nothing in the store: one that fails needs no
 *   ending.
 *
 * The store relies on what the client guarantees: the same cache key always
 * comes with the same keys (both derive from the same arguments).
 *
 * Counting: `hits` and `misses` count {@link ReplyCache.get} calls (an
 * expired entry is a miss); `evictions` count entries removed to make room
 * or because their `ttl` passed; `invalidations` count entries removed by
 * {@link ReplyCache.invalidate} (one per entry, not per key named);
 * {@link ReplyCache.clear} counts nothing (it is a reset, not news from the
 * server). A fill that replaces the entry of the same cache key counts
 * nothing either.
 *
 * Sizes are estimates ({@link entrySize}): UTF-16 strings at 2 bytes a
 * character, byte strings at their length, plus a fixed overhead per node,
 * per entry and per key an entry depends on.
 *
 * The store keeps the values it is given as they are: the caller must not
 * change a value after filling it, nor hand a served value to code that may.
 *
 * @module
 */
import type { RespValue } from "../resp/types.ts";
import type { CacheFootprint, CacheSettings, CacheStats, InFlightRead } from "./cache_types.ts";
import { Doorkeeper } from "./admission.ts";
import { KeyFilter } from "./key_filter.ts";
import { keyHash } from "./key_hash.ts";
import { entrySize } from "./reply_size.ts";

export type { CacheFootprint, CacheSettings, CacheStats, InFlightRead } from "./cache_types.ts";
export { canonicalKey } from "./canonical_key.ts";
export { entrySize, replySize } from "./reply_size.ts";

/** Keys whose last invalidation the store remembers for reads in flight (see the module doc). */
export const REMEMBERED_KEYS = 4096;

/** One stored reply, linked into the recency list and the fill-order list. */
class Entry {
  /** Towards the least / most recently used. */
  older: Entry | null;
  newer: Entry | null = null;
  /** Towards the earliest / latest stored (expiry order: the ttl is the same for all). */
  filledBefore: Entry | null;
  filledAfter: Entry | null = null;
  constructor(
    readonly cacheKey: string,
    readonly keys: readonly string[],
    readonly value: RespValue,
    readonly size: number,
    /** When it stops being served (`Infinity` without a ttl). */
    readonly expires: number,
    older: Entry | null,
    filledBefore: Entry | null,
  ) {
    this.older = older;
    this.filledBefore = filledBefore;
  }
}

/** What reads a key: one entry, or several by cache key. */
type Readers = Entry | Map<string, Entry>;

/** The store's own {@link InFlightRead}. */
class Read implements InFlightRead {
  ended = false;
  constructor(
    readonly keys: readonly string[],
    readonly owner: ReplyCache,
    /** The store's clock when it began. */
    readonly since: number,
  ) {}
}

/**
 * The reply store of the client-side cache (see the module doc).
 *
 * @example
 * ```ts
 * const cache = new ReplyCache({ maxEntries: 1000, maxBytes: 1 << 20, ttl: 0 });
 * const read = cache.begin(["user:1"]);
 * cache.fill(read, "T3sGET6suser:1", "Ada");
 * cache.get("user:1", "T3sGET6suser:1"); // "Ada"
 * cache.invalidate(["user:1"]);
 * cache.get("user:1", "T3sGET6suser:1"); // undefined
 * ```
 */
export class ReplyCache {
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #ttl: number;
  readonly #now: () => number;
  readonly #byKey = new Map<string, Readers>();
  /** Which keys #byKey may hold, by hash. */
  readonly #filter: KeyFilter;
  /** The last key hashed, and its hash (a miss asks twice: holds, then admits). */
  #hashedKey: string | undefined;
  #hash = 0;
  #entries = 0;
  #newest: Entry | null = null;
  #oldest: Entry | null = null;
  #firstFilled: Entry | null = null;
  #lastFilled: Entry | null = null;
  #bytes = 0;
  /** Counts invalidations (of keys or of everything) and clears: a read's clock. */
  #clock = 0;
  /** The clock at the last invalidation of everything, or clear. */
  #flushedAt = 0;
  /** Key → the clock at its last invalidation, since {@link ReplyCache.#forgottenAt}. */
  readonly #invalidatedAt = new Map<string, number>();
  /** The clock when the store last forgot which keys were invalidated. */
  #forgottenAt = 0;
  /** Keys read once while the store was full (made when it first is). */
  #doorkeeper: Doorkeeper | undefined;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #invalidations = 0;

  /**
   * An empty store.
   *
   * @param settings The bounds (checked by the caller: numbers, not below 0).
   * @param now The clock for `ttl`, in ms; default `performance.now()`.
   */
  constructor(settings: CacheSettings, now: () => number = () => performance.now()) {
    this.#maxEntries = settings.maxEntries;
    this.#maxBytes = settings.maxBytes;
    this.#ttl = settings.ttl;
    this.#now = now;
    this.#filter = new KeyFilter(Math.min(settings.maxEntries, 1 << 20));
  }

  /**
   * The cached raw reply for `cacheKey`, found through `key` (one of the
   * canonical keys it reads), or `undefined`. Counts a hit or a miss; an
   * expired entry is dropped and counts as a miss. A hit makes the entry the
   * most recently used.
   */
  get(key: string, cacheKey: string): RespValue | undefined {
    const entry = this.#find(key, cacheKey);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    if (entry.expires !== Infinity && this.#now() >= entry.expires) {
      this.#remove(entry);
      this.#evictions++;
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    if (entry !== this.#newest) {
      // Unlink (it has a newer one), then link as the newest.
      const older = entry.older;
      const newer = entry.newer!;
      newer.older = older;
      if (older === null) this.#oldest = newer;
      else older.newer = newer;
      entry.older = this.#newest;
      entry.newer = null;
      this.#newest!.newer = entry;
      this.#newest = entry;
    }
    return entry.value;
  }

  /**
   * Whether some entry reads `key`: when none does, a lookup of any request
   * of that key would miss, and this counts that miss (the caller then needs
   * no cache key).
   */
  holds(key: string): boolean {
    if (this.#filter.mayHold(this.#hashOf(key)) && this.#byKey.has(key)) return true;
    this.#misses++;
    return false;
  }

  /**
   * Whether a reply read from `key` should be stored: always while the store
   * has room (for one more entry of the average size so far); once it is
   * full, only from the key's second read in a while (`admission.ts`). A
   * reply not admitted is simply not stored.
   */
  admits(key: string): boolean {
    const entries = this.#entries;
    if (this.#maxEntries < 1) return false;
    if (
      entries === 0 ||
      (entries < this.#maxEntries && this.#bytes + this.#bytes / entries <= this.#maxBytes)
    ) return true;
    return (this.#doorkeeper ??= new Doorkeeper(this.#maxEntries)).secondRead(this.#hashOf(key));
  }

  #hashOf(key: string): number {
    if (key !== this.#hashedKey) {
      this.#hashedKey = key;
      this.#hash = keyHash(key);
    }
    return this.#hash;
  }

  /**
   * A read of `keys` (canonical keys, at least one; the array is kept, not
   * copied) is about to be sent. End it with {@link ReplyCache.fill}, or
   * not at all.
   */
  begin(keys: readonly string[]): InFlightRead {
    return new Read(keys, this, this.#clock);
  }

  /**
   * Ends `read` with its reply: stores `value` under `cacheKey` unless one of
   * its keys was invalidated (or everything was) since it began, or the
   * value alone is larger than `maxBytes`. Then evicts the least recently
   * used entries while over a bound. A second fill of the same read does
   * nothing.
   */
  fill(read: InFlightRead, cacheKey: string, value: RespValue): void {
    if (!(read instanceof Read) || read.owner !== this || read.ended) return;
    read.ended = true;
    if (read.since === this.#clock || this.#freshSince(read.keys, read.since)) {
      this.#store(cacheKey, read.keys, value);
    }
  }

  /**
   * The server says `keys` changed (`null`: everything, as after FLUSHALL or
   * FLUSHDB): removes every entry that read one of them, counting one
   * invalidation per entry, and makes the reads of them in flight unfit to
   * store.
   */
  invalidate(keys: readonly string[] | null): void {
    const clock = ++this.#clock;
    if (keys === null) {
      this.#flushedAt = clock;
      this.#invalidations += this.#entries;
      this.#dropAll();
      return;
    }
    const byKey = this.#byKey;
    const invalidatedAt = this.#invalidatedAt;
    if (invalidatedAt.size + keys.length > REMEMBERED_KEYS) {
      invalidatedAt.clear();
      this.#forgottenAt = clock;
    }
    // More keys than can be remembered at once: forgetting them all covers them.
    const remember = keys.length <= REMEMBERED_KEYS;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (remember) invalidatedAt.set(key, clock);
      const readers = byKey.get(key);
      if (readers === undefined) continue;
      if (readers instanceof Entry) {
        this.#remove(readers);
        this.#invalidations++;
      } else {
        // #remove changes the map (and may replace it): iterate a copy.
        const entries = [...readers.values()];
        for (let j = 0; j < entries.length; j++) this.#remove(entries[j]);
        this.#invalidations += entries.length;
      }
    }
  }

  /**
   * Everything out, uncounted, and every read in flight made unfit to store:
   * for a lost connection, a reconnect, a failover, a SELECT.
   */
  clear(): void {
    this.#flushedAt = ++this.#clock;
    this.#dropAll();
  }

  /** A snapshot of the counters and contents (expired entries are dropped first). */
  stats(): CacheStats {
    if (this.#ttl > 0) this.#dropExpired(this.#now());
    return this.#counters();
  }

  #counters(): CacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      invalidations: this.#invalidations,
      entries: this.#entries,
      bytes: this.#bytes,
    };
  }

  /**
   * {@link ReplyCache.stats} without dropping expired entries (it changes
   * nothing), plus the sizes of the internal tables, for tests and
   * diagnostics: the keys the index holds, and the keys whose last
   * invalidation it remembers.
   */
  footprint(): CacheFootprint {
    return {
      ...this.#counters(),
      indexedKeys: this.#byKey.size,
      rememberedKeys: this.#invalidatedAt.size,
    };
  }

  /** The entry of `cacheKey` among those that read `key`. */
  #find(key: string, cacheKey: string): Entry | undefined {
    const readers = this.#byKey.get(key);
    if (readers === undefined) return undefined;
    if (readers instanceof Entry) return readers.cacheKey === cacheKey ? readers : undefined;
    return readers.get(cacheKey);
  }

  /** Whether none of `keys` was invalidated (nor everything) since the clock said `since`. */
  #freshSince(keys: readonly string[], since: number): boolean {
    if (this.#flushedAt > since || this.#forgottenAt > since) return false;
    const invalidatedAt = this.#invalidatedAt;
    for (let i = 0; i < keys.length; i++) {
      const at = invalidatedAt.get(keys[i]);
      if (at !== undefined && at > since) return false;
    }
    return true;
  }

  #store(cacheKey: string, keys: readonly string[], value: RespValue): void {
    const size = entrySize(cacheKey, keys, value);
    if (size > this.#maxBytes || this.#maxEntries < 1) return;
    const now = this.#ttl > 0 ? this.#now() : 0;
    if (this.#ttl > 0) this.#dropExpired(now);
    const byKey = this.#byKey;
    const first = keys[0];
    let readers = byKey.get(first);
    const previous = readers === undefined
      ? undefined
      : readers instanceof Entry
      ? (readers.cacheKey === cacheKey ? readers : undefined)
      : readers.get(cacheKey);
    if (previous !== undefined) {
      this.#remove(previous);
      readers = byKey.get(first);
    }
    const entry = new Entry(
      cacheKey,
      keys,
      value,
      size,
      this.#ttl > 0 ? now + this.#ttl : Infinity,
      this.#newest,
      this.#lastFilled,
    );
    if (this.#newest === null) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
    if (this.#lastFilled === null) this.#firstFilled = entry;
    else this.#lastFilled.filledAfter = entry;
    this.#lastFilled = entry;
    this.#entries++;
    this.#bytes += size;
    this.#index(first, readers, entry);
    for (let i = 1; i < keys.length; i++) this.#index(keys[i], byKey.get(keys[i]), entry);
    while (this.#entries > this.#maxEntries || this.#bytes > this.#maxBytes) {
      this.#remove(this.#oldest!);
      this.#evictions++;
    }
  }

  /** Adds `entry` to what reads `key` (now `readers`). */
  #index(key: string, readers: Readers | undefined, entry: Entry): void {
    if (readers === undefined) {
      this.#byKey.set(key, entry);
      this.#filter.add(this.#hashOf(key));
    } else if (readers instanceof Entry) {
      if (readers !== entry) {
        this.#byKey.set(key, new Map([[readers.cacheKey, readers], [entry.cacheKey, entry]]));
      }
    } else readers.set(entry.cacheKey, entry);
  }

  /** Drops the entries whose ttl has passed (the earliest stored expire first). */
  #dropExpired(now: number): void {
    let entry = this.#firstFilled;
    while (entry !== null && now >= entry.expires) {
      this.#remove(entry);
      this.#evictions++;
      entry = this.#firstFilled;
    }
  }

  /** Unlinks `entry` from both lists and the key index (nothing reads its own links again). */
  #remove(entry: Entry): void {
    const { older, newer, filledBefore, filledAfter } = entry;
    if (older === null) this.#oldest = newer;
    else older.newer = newer;
    if (newer === null) this.#newest = older;
    else newer.older = older;
    if (filledBefore === null) this.#firstFilled = filledAfter;
    else filledBefore.filledAfter = filledAfter;
    if (filledAfter === null) this.#lastFilled = filledBefore;
    else filledAfter.filledBefore = filledBefore;
    this.#entries--;
    this.#bytes -= entry.size;
    const byKey = this.#byKey;
    const keys = entry.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const readers = byKey.get(key);
      if (readers === entry) this.#unindex(key);
      else if (readers instanceof Map && readers.get(entry.cacheKey) === entry) {
        readers.delete(entry.cacheKey);
        if (readers.size === 1) byKey.set(key, readers.values().next().value!);
        else if (readers.size === 0) this.#unindex(key);
      }
    }
  }

  /** No entry reads `key` any more. */
  #unindex(key: string): void {
    this.#byKey.delete(key);
    this.#filter.remove(this.#hashOf(key));
  }

  /**
   * Everything out at once (the entries, unreachable together, need no
   * unlinking); the reads begun before are stale by `#flushedAt`, so the
   * keys' invalidations need not be remembered for them.
   */
  #dropAll(): void {
    this.#byKey.clear();
    this.#filter.clear();
    this.#invalidatedAt.clear();
    this.#entries = 0;
    this.#newest = null;
    this.#oldest = null;
    this.#firstFilled = null;
    this.#lastFilled = null;
    this.#bytes = 0;
  }
}
