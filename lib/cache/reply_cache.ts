/**
 * The client-side cache's store: raw replies (as decoded, before any
 * transform) by cache key, each remembering the canonical keys it read.
 *
 * - **Bounded**: least recently used entries go first when there are more
 *   than `maxEntries` or their estimated size passes `maxBytes`; a reply
 *   that alone is larger than `maxBytes` is not stored. `ttl` (ms, 0 = none)
 *   is a ceiling on how long an entry is served after it was stored.
 * - **Exact index**: a key → entries index finds every entry that read a
 *   key (an entry may read several: MGET, SINTER, …); it holds nothing for
 *   an entry that is gone, whichever way it went (eviction, expiry,
 *   invalidation, replacement, clear).
 * - **Races**: a read registers with {@link ReplyCache.begin} before it is
 *   sent; an invalidation of one of its keys (or of everything) that comes
 *   before its reply makes the reply unfit to store, and
 *   {@link ReplyCache.fill} drops it. The bookkeeping for this is one record
 *   per key that a read in flight depends on; when the last such read ends,
 *   the record is kept for the next read of that key (sequential reads of a
 *   hot key then allocate nothing), and idle records are swept once they are
 *   over 256 and over half of all: at most twice the keys in flight plus
 *   256, bounded by the reads in flight, not by the keys ever read.
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
import { entrySize } from "./reply_size.ts";

export type { CacheFootprint, CacheSettings, CacheStats, InFlightRead } from "./cache_types.ts";
export { canonicalKey } from "./canonical_key.ts";
export { entrySize, replySize } from "./reply_size.ts";

/** One stored reply, linked into the recency list and the fill-order list. */
interface Entry {
  readonly cacheKey: string;
  readonly keys: readonly string[];
  readonly value: RespValue;
  readonly size: number;
  /** When it stops being served (`Infinity` without a ttl). */
  readonly expires: number;
  /** Towards the least / most recently used. */
  older: Entry | null;
  newer: Entry | null;
  /** Towards the earliest / latest stored (expiry order: the ttl is the same for all). */
  filledBefore: Entry | null;
  filledAfter: Entry | null;
}

/** Idle in-flight records kept before a sweep (see the module doc). */
const IDLE_RECORDS = 256;

/** What the reads in flight of one key share: how many, and when it was last invalidated. */
interface KeyInFlight {
  reads: number;
  invalidatedAt: number;
}

/** The store's own {@link InFlightRead}. */
class Read implements InFlightRead {
  ended = false;
  constructor(
    readonly keys: readonly string[],
    readonly owner: ReplyCache,
    /** The invalidation count when it began. */
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
 * cache.get("T3sGET6suser:1"); // "Ada"
 * cache.invalidate(["user:1"]);
 * cache.get("T3sGET6suser:1"); // undefined
 * ```
 */
export class ReplyCache {
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #ttl: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Key → the entry, or the entries, that read it. */
  readonly #byKey = new Map<string, Entry | Set<Entry>>();
  readonly #inFlight = new Map<string, KeyInFlight>();
  /** Records in #inFlight with no read in flight. */
  #idle = 0;
  #newest: Entry | null = null;
  #oldest: Entry | null = null;
  #firstFilled: Entry | null = null;
  #lastFilled: Entry | null = null;
  #bytes = 0;
  /** Counts invalidations (of keys or of everything) and clears: a read's clock. */
  #epoch = 0;
  /** The epoch of the last invalidation of everything, or clear. */
  #flushedAt = 0;
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
  }

  /**
   * The cached raw reply for `cacheKey`, or `undefined`. Counts a hit or a
   * miss; an expired entry is dropped and counts as a miss. A hit makes the
   * entry the most recently used.
   */
  get(cacheKey: string): RespValue | undefined {
    const entry = this.#entries.get(cacheKey);
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
   * Registers a read of `keys` (canonical keys; the array is kept, not
   * copied) before it is sent. End it with {@link ReplyCache.fill} or
   * {@link ReplyCache.abandon}.
   */
  begin(keys: readonly string[]): InFlightRead {
    const inFlight = this.#inFlight;
    for (let i = 0; i < keys.length; i++) {
      const record = inFlight.get(keys[i]);
      if (record === undefined) inFlight.set(keys[i], { reads: 1, invalidatedAt: 0 });
      else if (record.reads++ === 0) this.#idle--;
    }
    return new Read(keys, this, this.#epoch);
  }

  /**
   * Ends `read` with its reply: stores `value` under `cacheKey` unless one of
   * its keys was invalidated (or everything was) since it began, or the
   * value alone is larger than `maxBytes`. Then evicts the least recently
   * used entries while over a bound. A second end of the same read does
   * nothing.
   */
  fill(read: InFlightRead, cacheKey: string, value: RespValue): void {
    if (!(read instanceof Read) || read.owner !== this || read.ended) return;
    // Judge freshness before the release, which may drop the keys' records.
    const since = read.since;
    const fresh = this.#flushedAt <= since &&
      (this.#epoch === since || !this.#invalidatedSince(read));
    this.#release(read);
    if (fresh) this.#store(cacheKey, read.keys, value);
  }

  /** Ends `read` without storing anything (it failed, or its reply is not to be kept). */
  abandon(read: InFlightRead): void {
    if (read instanceof Read && read.owner === this && !read.ended) this.#release(read);
  }

  /**
   * The server says `keys` changed (`null`: everything, as after FLUSHALL or
   * FLUSHDB): removes every entry that read one of them, counting one
   * invalidation per entry, and makes the reads of them in flight unfit to
   * store.
   */
  invalidate(keys: readonly string[] | null): void {
    const epoch = ++this.#epoch;
    if (keys === null) {
      this.#flushedAt = epoch;
      this.#invalidations += this.#entries.size;
      this.#dropAll();
      return;
    }
    const byKey = this.#byKey;
    const inFlight = this.#inFlight;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const record = inFlight.get(key);
      if (record !== undefined) record.invalidatedAt = epoch;
      const readers = byKey.get(key);
      if (readers === undefined) continue;
      if (readers instanceof Set) {
        // #remove changes the set (and may replace it): iterate a copy.
        const entries = [...readers];
        for (let j = 0; j < entries.length; j++) this.#remove(entries[j]);
        this.#invalidations += entries.length;
      } else {
        this.#remove(readers);
        this.#invalidations++;
      }
    }
  }

  /**
   * Everything out, uncounted, and every read in flight made unfit to store:
   * for a lost connection, a reconnect, a failover, a SELECT.
   */
  clear(): void {
    this.#flushedAt = ++this.#epoch;
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
      entries: this.#entries.size,
      bytes: this.#bytes,
    };
  }

  /**
   * {@link ReplyCache.stats} without dropping expired entries (it changes
   * nothing), plus the sizes of the internal tables, for tests and
   * diagnostics: the keys the index holds, the keys that reads in flight
   * depend on, and the key references of those reads (`MGET a b` holds two).
   */
  footprint(): CacheFootprint {
    let reads = 0;
    let keys = 0;
    for (const record of this.#inFlight.values()) {
      reads += record.reads;
      if (record.reads > 0) keys++;
    }
    return {
      ...this.#counters(),
      indexedKeys: this.#byKey.size,
      inFlightKeys: keys,
      inFlightRecords: this.#inFlight.size,
      inFlightReads: reads,
    };
  }

  /** Whether one of the keys of `read` (in flight) was invalidated since it began. */
  #invalidatedSince(read: Read): boolean {
    const keys = read.keys;
    const inFlight = this.#inFlight;
    for (let i = 0; i < keys.length; i++) {
      if (inFlight.get(keys[i])!.invalidatedAt > read.since) return true;
    }
    return false;
  }

  /** Marks `read` ended and releases its keys' records (idle ones are swept past the limit). */
  #release(read: Read): void {
    read.ended = true;
    const keys = read.keys;
    const inFlight = this.#inFlight;
    for (let i = 0; i < keys.length; i++) {
      if (--inFlight.get(keys[i])!.reads === 0) this.#idle++;
    }
    if (this.#idle > IDLE_RECORDS && this.#idle * 2 > inFlight.size) {
      for (const [key, record] of inFlight) if (record.reads === 0) inFlight.delete(key);
      this.#idle = 0;
    }
  }

  #store(cacheKey: string, keys: readonly string[], value: RespValue): void {
    const size = entrySize(cacheKey, keys, value);
    if (size > this.#maxBytes || this.#maxEntries < 1) return;
    const now = this.#ttl > 0 ? this.#now() : 0;
    if (this.#ttl > 0) this.#dropExpired(now);
    const previous = this.#entries.get(cacheKey);
    if (previous !== undefined) this.#remove(previous);
    const entry: Entry = {
      cacheKey,
      keys,
      value,
      size,
      expires: this.#ttl > 0 ? now + this.#ttl : Infinity,
      older: this.#newest,
      newer: null,
      filledBefore: this.#lastFilled,
      filledAfter: null,
    };
    if (this.#newest === null) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
    if (this.#lastFilled === null) this.#firstFilled = entry;
    else this.#lastFilled.filledAfter = entry;
    this.#lastFilled = entry;
    this.#entries.set(cacheKey, entry);
    this.#bytes += size;
    const byKey = this.#byKey;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const readers = byKey.get(key);
      if (readers === undefined) byKey.set(key, entry);
      else if (readers instanceof Set) readers.add(entry);
      else if (readers !== entry) byKey.set(key, new Set([readers, entry]));
    }
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      this.#remove(this.#oldest!);
      this.#evictions++;
    }
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

  /** Unlinks `entry` from both lists, the map and the key index (nothing reads its own links again). */
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
    this.#entries.delete(entry.cacheKey);
    this.#bytes -= entry.size;
    const byKey = this.#byKey;
    const keys = entry.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const readers = byKey.get(key);
      if (readers === entry) byKey.delete(key);
      else if (readers instanceof Set) {
        readers.delete(entry);
        if (readers.size === 1) byKey.set(key, readers.values().next().value!);
        else if (readers.size === 0) byKey.delete(key);
      }
    }
  }

  /** Everything out at once (the entries, unreachable together, need no unlinking). */
  #dropAll(): void {
    this.#entries.clear();
    this.#byKey.clear();
    this.#newest = null;
    this.#oldest = null;
    this.#firstFilled = null;
    this.#lastFilled = null;
    this.#bytes = 0;
  }
}
