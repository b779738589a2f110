/**
 * The client-side cache's store (`lib/cache/reply_cache.ts`), without a
 * server: LRU by entries and bytes, ttl, lookups through any key an entry
 * reads (`get(key, cacheKey)`, `holds`), admission once full (`admits`,
 * `lib/cache/admission.ts`), the in-flight race rules and the bounded
 * memory of invalidated keys (`REMEMBERED_KEYS`), exact counting, hostile
 * keys, canonical keys against the real codec, the key filter
 * (`lib/cache/key_filter.ts`) and `keyHash`, and a seeded fuzz against a
 * plain reference model (a Map, an array for the LRU order, sizes
 * recomputed from scratch) checked after every operation.
 *
 * The tests respect the store's contract: a cache key always comes with
 * the same keys.
 *
 * The fuzz seed is fixed; `KEEL_FUZZ_SEED=<n>` picks another and
 * `KEEL_FUZZ_CACHE_OPS=<n>` the number of operations in all (default
 * 20000), `KEEL_FUZZ_CASE=<i>` runs only segment `i` (what a failure says).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type CacheSettings,
  canonicalKey,
  entrySize,
  type InFlightRead,
  REMEMBERED_KEYS,
  ReplyCache,
  replySize,
} from "../lib/cache/reply_cache.ts";
import { KeyFilter } from "../lib/cache/key_filter.ts";
import { keyHash } from "../lib/cache/key_hash.ts";
import { ResponseError } from "../lib/errors/errors.ts";
import { RespDecoder } from "../lib/resp/decoder.ts";
import { RespEncoder } from "../lib/resp/encoder.ts";
import type { RedisArg, RespValue } from "../lib/resp/types.ts";
import { caseSeed, envInteger, Random } from "./support/resp_fuzz.ts";

/** A store with a hand-driven clock. */
function store(settings: Partial<CacheSettings> = {}) {
  const clock = { now: 1000 };
  const cache = new ReplyCache(
    { maxEntries: 100, maxBytes: 1 << 20, ttl: 0, ...settings },
    () => clock.now,
  );
  return { cache, clock };
}

/** Stores `value` under `cacheKey`, read from `keys`, through a whole begin/fill. */
function put(cache: ReplyCache, cacheKey: string, keys: string[], value: RespValue): void {
  cache.fill(cache.begin(keys), cacheKey, value);
}

describe("ReplyCache: bounds", () => {
  it("evicts the least recently used entry past maxEntries; a hit makes an entry recent", () => {
    const { cache } = store({ maxEntries: 2 });
    put(cache, "A", ["a"], "1");
    put(cache, "B", ["b"], "2");
    assert.equal(cache.get("a", "A"), "1");
    put(cache, "C", ["c"], "3");
    assert.equal(cache.get("b", "B"), undefined);
    assert.equal(cache.get("a", "A"), "1");
    assert.equal(cache.get("c", "C"), "3");
    const stats = cache.stats();
    assert.deepEqual(stats, {
      hits: 3,
      misses: 1,
      evictions: 1,
      invalidations: 0,
      entries: 2,
      bytes: entrySize("A", ["a"], "1") + entrySize("C", ["c"], "3"),
    });
    assert.equal(cache.footprint().indexedKeys, 2, "the evicted entry's key left the index");
  });

  it("evicts by bytes, oldest first, as many as needed", () => {
    const one = entrySize("K0", ["k0"], "x".repeat(100));
    const { cache } = store({ maxBytes: one * 3 });
    for (let i = 0; i < 3; i++) put(cache, `K${i}`, [`k${i}`], "x".repeat(100));
    assert.equal(cache.stats().entries, 3);
    // Twice as big: two of the old ones must go.
    put(cache, "K9", ["k9"], "x".repeat(100 + one / 2));
    assert.equal(cache.get("k0", "K0"), undefined);
    assert.equal(cache.get("k1", "K1"), undefined);
    assert.equal(cache.get("k2", "K2"), "x".repeat(100));
    assert.ok(cache.stats().bytes <= one * 3);
    assert.equal(cache.stats().evictions, 2);
  });

  it("does not store a value larger than maxBytes alone, and keeps what it had", () => {
    const { cache } = store({ maxBytes: 1000 });
    put(cache, "A", ["a"], "small");
    put(cache, "A", ["a"], "x".repeat(1000));
    put(cache, "B", ["b"], new Uint8Array(2000));
    assert.equal(cache.get("a", "A"), "small");
    assert.equal(cache.get("b", "B"), undefined);
    assert.deepEqual(cache.footprint().evictions, 0);
    assert.equal(cache.footprint().entries, 1);
  });

  it("maxEntries 0 stores nothing", () => {
    const { cache } = store({ maxEntries: 0 });
    put(cache, "A", ["a"], "1");
    assert.equal(cache.get("a", "A"), undefined);
    assert.deepEqual(cache.footprint().entries, 0);
    assert.deepEqual(cache.footprint().indexedKeys, 0);
  });

  it("a fill of the same cache key replaces the entry, uncounted", () => {
    const { cache } = store();
    // The same cache key always comes with the same keys (the store's contract).
    put(cache, "A", ["a", "b"], "1");
    put(cache, "A", ["a", "b"], "2");
    assert.equal(cache.get("a", "A"), "2");
    assert.equal(cache.get("b", "A"), "2");
    const footprint = cache.footprint();
    assert.equal(footprint.entries, 1);
    assert.equal(footprint.indexedKeys, 2, "each key indexed once");
    assert.equal(footprint.bytes, entrySize("A", ["a", "b"], "2"));
    assert.equal(footprint.evictions + footprint.invalidations, 0);
  });

  it("ttl is a ceiling: an entry is served until ttl ms after it was stored, then dropped", () => {
    const { cache, clock } = store({ ttl: 100 });
    put(cache, "A", ["a"], "1");
    clock.now += 50;
    put(cache, "B", ["b"], "2");
    clock.now += 49;
    assert.equal(cache.get("a", "A"), "1");
    clock.now += 1;
    assert.equal(cache.get("a", "A"), undefined, "100 ms after it was stored, hits or not");
    assert.equal(cache.get("b", "B"), "2");
    assert.deepEqual(cache.footprint().evictions, 1);
    clock.now += 50;
    // stats() drops expired entries first.
    const stats = cache.stats();
    assert.equal(stats.entries, 0);
    assert.equal(stats.bytes, 0);
    assert.equal(stats.evictions, 2);
    assert.equal(cache.footprint().indexedKeys, 0);
  });

  it("a fill drops expired entries before it counts the room", () => {
    const size = entrySize("A", ["a"], "1");
    const { cache, clock } = store({ ttl: 10, maxEntries: 2, maxBytes: size * 2 });
    put(cache, "A", ["a"], "1");
    put(cache, "B", ["b"], "2");
    clock.now += 10;
    put(cache, "C", ["c"], "3");
    assert.equal(cache.footprint().entries, 1);
    assert.equal(cache.footprint().evictions, 2);
  });

  it("the default clock is a real one", async () => {
    const cache = new ReplyCache({ maxEntries: 10, maxBytes: 1 << 20, ttl: 100 });
    const stored = performance.now();
    put(cache, "A", ["a"], "1");
    const served = cache.get("a", "A");
    // Only when the machine did not stall for the whole ttl between the two lines.
    if (performance.now() - stored < 100) assert.equal(served, "1");
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(cache.get("a", "A"), undefined);
  });
});

describe("ReplyCache: invalidation and reads in flight", () => {
  it("invalidating a key removes every entry that read it, one count per entry", () => {
    const { cache } = store();
    put(cache, "GET a", ["a"], "1");
    put(cache, "GET a bytes", ["a"], new Uint8Array([1]));
    put(cache, "MGET a b", ["a", "b"], ["1", "2"]);
    put(cache, "GET b", ["b"], "2");
    cache.invalidate(["a"]);
    assert.equal(cache.get("a", "GET a"), undefined);
    assert.equal(cache.get("a", "GET a bytes"), undefined);
    assert.equal(cache.get("b", "MGET a b"), undefined, "gone through its other key too");
    assert.equal(cache.get("b", "GET b"), "2");
    const footprint = cache.footprint();
    assert.equal(footprint.invalidations, 3);
    assert.equal(footprint.indexedKeys, 1);
    assert.equal(footprint.bytes, entrySize("GET b", ["b"], "2"));
    cache.invalidate(["a", "zzz"]);
    assert.equal(cache.footprint().invalidations, 3, "nothing left to remove, nothing counted");
  });

  it("invalidate(null) empties the cache, counting each entry", () => {
    const { cache } = store();
    put(cache, "A", ["a"], "1");
    put(cache, "B", ["b"], "2");
    cache.invalidate(null);
    assert.deepEqual(cache.stats(), {
      hits: 0,
      misses: 0,
      evictions: 0,
      invalidations: 2,
      entries: 0,
      bytes: 0,
    });
    assert.equal(cache.footprint().indexedKeys, 0);
  });

  it("clear() empties the cache, counting nothing", () => {
    const { cache } = store();
    put(cache, "A", ["a"], "1");
    cache.clear();
    assert.equal(cache.get("a", "A"), undefined);
    const footprint = cache.footprint();
    assert.equal(footprint.invalidations + footprint.evictions, 0);
    assert.equal(footprint.entries + footprint.bytes + footprint.indexedKeys, 0);
  });

  it("a read in flight when one of its keys is invalidated is not stored", () => {
    const { cache } = store();
    const read = cache.begin(["a", "b"]);
    cache.invalidate(["b"]);
    cache.fill(read, "MGET a b", ["1", "2"]);
    assert.equal(cache.get("a", "MGET a b"), undefined);
    assert.equal(cache.get("b", "MGET a b"), undefined);
    const footprint = cache.footprint();
    assert.equal(footprint.entries + footprint.indexedKeys, 0);
    assert.equal(footprint.rememberedKeys, 1, "b's invalidation, for the reads in flight");
  });

  it("a read in flight when another key is invalidated is stored", () => {
    const { cache } = store();
    const read = cache.begin(["a"]);
    cache.invalidate(["b"]);
    cache.fill(read, "GET a", "1");
    assert.equal(cache.get("a", "GET a"), "1");
  });

  it("a read begun after the invalidation is stored; one begun before is not", () => {
    const { cache } = store();
    const early = cache.begin(["a"]);
    cache.invalidate(["a"]);
    const late = cache.begin(["a"]);
    cache.fill(late, "GET a", "new");
    cache.fill(early, "GET a", "old");
    assert.equal(cache.get("a", "GET a"), "new");
    assert.equal(cache.footprint().entries, 1);
  });

  for (
    const [name, flush] of [["invalidate(null)", (c: ReplyCache) => c.invalidate(null)], [
      "clear()",
      (c: ReplyCache) => c.clear(),
    ]] as const
  ) {
    it(`${name} makes every read in flight unfit to store`, () => {
      const { cache } = store();
      cache.invalidate(["x"]);
      const read = cache.begin(["a"]);
      flush(cache);
      cache.fill(read, "GET a", "1");
      assert.equal(cache.get("a", "GET a"), undefined);
      assert.equal(cache.footprint().rememberedKeys, 0, "nothing left to remember");
      const after = cache.begin(["a"]);
      cache.fill(after, "GET a", "2");
      assert.equal(cache.get("a", "GET a"), "2");
    });
  }

  it("a read that never fills leaves nothing behind; a second fill of a read does nothing", () => {
    const { cache } = store();
    put(cache, "GET b", ["b"], "b");
    const before = cache.footprint();
    // Reads that fail: begun, never ended, even across an invalidation of their key.
    for (let i = 0; i < 100; i++) cache.begin(["a", `x${i}`]);
    assert.deepEqual(cache.footprint(), before, "a read holds nothing in the store");
    cache.invalidate(["a"]);
    const once = cache.footprint();
    for (let i = 0; i < 100; i++) cache.begin(["a"]);
    assert.deepEqual(cache.footprint(), once);
    // A later read of the same key is stored, as if the failed ones never were.
    const later = cache.begin(["a"]);
    cache.fill(later, "GET a", "1");
    cache.fill(later, "GET a", "2");
    assert.equal(cache.get("a", "GET a"), "1", "the second fill did nothing");
    assert.equal(cache.footprint().entries, 2);
    cache.invalidate(["a"]);
    cache.fill(later, "GET a", "3");
    assert.equal(cache.get("a", "GET a"), undefined, "nor after an invalidation");
  });

  it("a read of another store, or a forged one, is ignored", () => {
    const { cache } = store();
    const other = store().cache;
    const fresh = other.footprint();
    const read = other.begin(["a"]);
    cache.fill(read, "GET a", "1");
    cache.fill({ keys: ["a"] } as InFlightRead, "GET a", "1");
    cache.fill({ keys: ["a"], owner: cache, since: 0, ended: false } as InFlightRead, "GET a", "1");
    assert.equal(cache.get("a", "GET a"), undefined);
    assert.equal(cache.footprint().entries + cache.footprint().indexedKeys, 0);
    assert.deepEqual(other.footprint(), fresh, "nor stored in the store it came from");
    other.fill(read, "GET a", "2");
    assert.equal(other.get("a", "GET a"), "2", "the other store's fill of it still works");
  });

  it("a read of the same key twice (MGET a a) is indexed and released symmetrically", () => {
    const { cache } = store();
    put(cache, "GET a", ["a"], "1");
    const read = cache.begin(["a", "a"]);
    cache.fill(read, "MGET a a", ["1", "1"]);
    assert.deepEqual(cache.footprint().indexedKeys, 1);
    assert.equal(cache.get("a", "MGET a a")?.toString(), "1,1");
    cache.invalidate(["a"]);
    assert.equal(cache.get("a", "MGET a a"), undefined);
    assert.equal(cache.holds("a"), false);
    let footprint = cache.footprint();
    assert.equal(footprint.invalidations, 2);
    assert.equal(footprint.indexedKeys + footprint.entries + footprint.bytes, 0);
    // Alone in the index, then evicted.
    const { cache: small } = store({ maxEntries: 1 });
    put(small, "MGET a a", ["a", "a"], ["1", "1"]);
    put(small, "GET b", ["b"], "2");
    footprint = small.footprint();
    assert.equal(footprint.indexedKeys, 1);
    assert.equal(small.holds("a"), false);
  });

  it("the bookkeeping stays bounded: no idle keys, at most REMEMBERED_KEYS invalidations", () => {
    const { cache } = store({ maxEntries: 10 });
    // Sequential reads of 10,000 different keys: one in flight at a time.
    for (let i = 0; i < 10_000; i++) put(cache, `GET k${i}`, [`k${i}`], "v");
    let footprint = cache.footprint();
    assert.equal(footprint.rememberedKeys, 0);
    assert.ok(footprint.indexedKeys <= 10, `${footprint.indexedKeys} indexed keys`);
    // 5,000 reads in flight at once, while 10,000 distinct keys are invalidated.
    const reads = Array.from({ length: 5000 }, (_, i) => cache.begin([`m${i}`, "shared"]));
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      cache.invalidate([`x${i}`]);
      most = Math.max(most, cache.footprint().rememberedKeys);
    }
    assert.ok(most <= REMEMBERED_KEYS, `${most} remembered keys`);
    assert.equal(most, REMEMBERED_KEYS, "it remembers up to the bound");
    // The memory was forgotten (none of these reads' own keys were invalidated): every read
    // begun before is stale, since the store no longer knows which keys changed.
    const entries = cache.footprint().entries;
    for (let i = 0; i < reads.length; i++) cache.fill(reads[i], `MGET m${i} shared`, ["v", "v"]);
    footprint = cache.footprint();
    assert.equal(footprint.entries, entries, "none of them was stored");
    assert.equal(cache.holds("shared"), false);
    assert.equal(cache.get("m0", "MGET m0 shared"), undefined);
    // A read begun after the forgetting is stored, and the memory works again for it.
    const again = cache.begin(["shared"]);
    cache.fill(again, "GET shared", "fresh");
    assert.equal(cache.get("shared", "GET shared"), "fresh");
    const stale = cache.begin(["shared"]);
    cache.invalidate(["shared"]);
    cache.fill(stale, "GET shared", "old");
    assert.equal(cache.holds("shared"), false);
  });

  it("keys that many entries read leave the index exactly when their last entry goes", () => {
    const { cache } = store({ maxEntries: 3 });
    put(cache, "1", ["shared", "x"], "1");
    put(cache, "2", ["shared", "y"], "2");
    put(cache, "3", ["shared"], "3");
    assert.equal(cache.footprint().indexedKeys, 3);
    put(cache, "4", ["z"], "4"); // evicts "1": x goes, shared stays
    assert.equal(cache.footprint().indexedKeys, 3);
    cache.invalidate(["y"]); // removes "2"
    assert.equal(cache.footprint().indexedKeys, 2);
    cache.invalidate(["shared"]); // removes "3"
    assert.equal(cache.footprint().indexedKeys, 1);
    assert.equal(cache.get("z", "4"), "4");
  });
});

describe("ReplyCache: lookups through a key, holds, admits", () => {
  it("get finds an MGET entry through any of its keys, and not through a key it does not read", () => {
    const { cache } = store();
    put(cache, "MGET a b c", ["a", "b", "c"], ["1", "2", "3"]);
    put(cache, "GET a", ["a"], "1"); // a is now read by two entries
    put(cache, "GET d", ["d"], "4");
    for (const key of ["a", "b", "c"]) {
      assert.deepEqual(cache.get(key, "MGET a b c"), ["1", "2", "3"], key);
    }
    assert.equal(cache.get("a", "GET a"), "1");
    assert.deepEqual(cache.footprint().hits, 4);
    assert.equal(cache.get("d", "MGET a b c"), undefined, "d is another entry's key");
    assert.equal(cache.get("e", "MGET a b c"), undefined, "e is nobody's key");
    assert.equal(cache.get("b", "GET a"), undefined, "b is not GET a's key");
    assert.equal(cache.get("a", "GET d"), undefined);
    const footprint = cache.footprint();
    assert.equal(footprint.hits, 4);
    assert.equal(footprint.misses, 4);
    assert.equal(footprint.entries, 3, "a lookup through a wrong key drops nothing");
    assert.equal(footprint.indexedKeys, 4);
  });

  it("a hit through any key makes the entry the most recently used", () => {
    const { cache } = store({ maxEntries: 2 });
    put(cache, "MGET a b", ["a", "b"], ["1", "2"]);
    put(cache, "GET c", ["c"], "3");
    assert.ok(cache.get("b", "MGET a b"));
    put(cache, "GET d", ["d"], "4"); // evicts GET c
    assert.ok(cache.get("a", "MGET a b"));
    assert.equal(cache.get("c", "GET c"), undefined);
  });

  it("holds says whether some entry reads a key; false counts a miss", () => {
    const { cache } = store({ maxEntries: 2 });
    assert.equal(cache.holds("a"), false);
    assert.equal(cache.footprint().misses, 1);
    put(cache, "MGET a b", ["a", "b"], ["1", "2"]);
    assert.equal(cache.holds("a"), true);
    assert.equal(cache.holds("b"), true);
    assert.equal(cache.footprint().misses, 1, "true counts nothing");
    assert.equal(cache.footprint().hits, 0, "true counts nothing");
    assert.equal(cache.holds("c"), false);
    assert.equal(cache.holds("ab"), false);
    assert.equal(cache.footprint().misses, 3);
    // Eviction.
    put(cache, "GET c", ["c"], "3");
    put(cache, "GET d", ["d"], "4"); // evicts MGET a b
    assert.equal(cache.holds("a"), false);
    assert.equal(cache.holds("b"), false);
    assert.equal(cache.holds("c"), true);
    // Invalidation.
    cache.invalidate(["c"]);
    assert.equal(cache.holds("c"), false);
    assert.equal(cache.holds("d"), true);
    // Expiry through a lookup.
    const { cache: timed, clock } = store({ ttl: 10 });
    put(timed, "GET e", ["e"], "5");
    clock.now += 10;
    assert.equal(timed.get("e", "GET e"), undefined);
    assert.equal(timed.holds("e"), false);
    // Clear, and invalidate(null).
    cache.clear();
    assert.equal(cache.holds("d"), false);
    put(cache, "GET f", ["f"], "6");
    assert.equal(cache.holds("f"), true);
    cache.invalidate(null);
    assert.equal(cache.holds("f"), false);
    // After a clear, the filter holds nothing of the old keys: a key stored again is held.
    put(cache, "GET d", ["d"], "4");
    assert.equal(cache.holds("d"), true);
    assert.equal(cache.footprint().misses, 3 + 5);
  });

  it("holds stays exact over many keys stored and removed (no wrong no, no stale yes)", () => {
    const { cache } = store({ maxEntries: 50 });
    /** The entries held, oldest first (no lookups: the fill order is the LRU order). */
    const live: number[] = [];
    for (let i = 0; i < 3000; i++) {
      put(cache, `GET k${i}`, [`k${i}`, `s${i % 7}`], String(i));
      live.push(i);
      if (live.length > 50) live.shift();
      if (i % 3 === 0 && live.includes(i - 1)) {
        cache.invalidate([`k${i - 1}`]);
        live.splice(live.indexOf(i - 1), 1);
      }
      for (let j = Math.max(0, i - 60); j <= i; j++) {
        assert.equal(cache.holds(`k${j}`), live.includes(j), `k${j} after ${i}`);
      }
      for (let m = 0; m < 7; m++) {
        assert.equal(cache.holds(`s${m}`), live.some((j) => j % 7 === m), `s${m} after ${i}`);
      }
    }
    assert.equal(cache.footprint().indexedKeys, live.length + new Set(live.map((j) => j % 7)).size);
  });

  it("admits: always while there is room; once full, from a key's second read", () => {
    const { cache } = store({ maxEntries: 10 });
    assert.equal(cache.admits("x"), true);
    assert.equal(cache.admits("x"), true);
    for (let i = 0; i < 9; i++) put(cache, `GET k${i}`, [`k${i}`], "v");
    assert.equal(cache.admits("new"), true, "one place left");
    put(cache, "GET k9", ["k9"], "v");
    assert.equal(cache.admits("new"), false, "full: a first read is not admitted");
    assert.equal(cache.admits("new"), true, "its second read is");
    assert.equal(cache.admits("new"), true);
    assert.equal(cache.admits("other"), false, "another key's first read is not");
    assert.equal(cache.admits("x"), false, "reads while there was room are not remembered");
    // fill does not ask admits: the client does.
    put(cache, "GET never", ["never"], "v");
    assert.equal(cache.get("never", "GET never"), "v");
    assert.equal(cache.footprint().entries, 10);
  });

  it("admits: full by bytes (no room for one more of the average size) counts as full", () => {
    const size = entrySize("GET a", ["a"], "v");
    const { cache } = store({ maxEntries: 10, maxBytes: size });
    assert.equal(cache.admits("a"), true, "empty: room");
    put(cache, "GET a", ["a"], "v");
    assert.equal(cache.footprint().entries, 1);
    assert.equal(cache.admits("b"), false);
    assert.equal(cache.admits("b"), true);
    cache.invalidate(["a"]);
    assert.equal(cache.admits("c"), true, "room again");
    // Two entries of one size: room for a third exactly when 3 × size fit.
    const { cache: exact } = store({ maxEntries: 10, maxBytes: 3 * size });
    put(exact, "GET a", ["a"], "v");
    put(exact, "GET b", ["b"], "v");
    assert.equal(exact.admits("c"), true);
    const { cache: short } = store({ maxEntries: 10, maxBytes: 3 * size - 1 });
    put(short, "GET a", ["a"], "v");
    put(short, "GET b", ["b"], "v");
    assert.ok(short.footprint().bytes < 3 * size - 1);
    assert.equal(short.admits("c"), false, "bytes under the bound, but not one more entry");
  });

  it("admits: the memory of first reads is emptied after bits/16 of them", () => {
    // maxEntries 10: 1024 bits (the fewest), emptied at the 65th first read.
    const { cache } = store({ maxEntries: 10 });
    for (let i = 0; i < 10; i++) put(cache, `GET k${i}`, [`k${i}`], "v");
    assert.equal(cache.admits("new"), false);
    /** Makes `count` more first reads (a key colliding with a remembered one is no first read). */
    let next = 0;
    const firstReads = (count: number) => {
      while (count > 0) if (!cache.admits(`other${next++}`)) count--;
    };
    firstReads(63);
    assert.equal(cache.admits("new"), true, "64 first reads: still remembered");
    firstReads(1);
    assert.equal(cache.admits("new"), false, "the 65th emptied the set: a first read again");
    assert.equal(cache.admits("new"), true);
  });

  it("admits: maxEntries 0 admits nothing", () => {
    const { cache } = store({ maxEntries: 0 });
    assert.equal(cache.admits("a"), false);
    assert.equal(cache.admits("a"), false);
    assert.equal(cache.admits("a"), false);
  });

  it("a read in flight over the REMEMBERED_KEYS overflow is not stored", () => {
    const { cache } = store();
    const before = cache.begin(["a"]);
    const across = cache.begin(["b"]);
    const others = Array.from({ length: REMEMBERED_KEYS }, (_, i) => `o${i}`);
    for (const key of others) cache.invalidate([key]);
    assert.equal(cache.footprint().rememberedKeys, REMEMBERED_KEYS);
    cache.fill(before, "GET a", "1");
    assert.equal(
      cache.get("a", "GET a"),
      "1",
      "up to the bound, other keys' invalidations remembered",
    );
    const late = cache.begin(["c"]);
    cache.invalidate(["one more"]); // forgets them all
    assert.equal(cache.footprint().rememberedKeys, 1);
    cache.fill(across, "GET b", "2");
    assert.equal(cache.holds("b"), false, "begun before the forgetting: treated as stale");
    cache.fill(late, "GET c", "3");
    assert.equal(cache.holds("c"), false, "so is one begun just before it");
    const after = cache.begin(["b"]);
    cache.invalidate(["o1"]);
    cache.fill(after, "GET b", "2");
    assert.equal(cache.get("b", "GET b"), "2", "begun after: stored");
    // Several keys at once past the bound also forget: reads of them or of others are stale.
    const ofOne = cache.begin(["o5"]);
    const ofOther = cache.begin(["a"]);
    cache.invalidate(others.slice(0, REMEMBERED_KEYS - 1));
    assert.ok(cache.footprint().rememberedKeys <= REMEMBERED_KEYS);
    cache.fill(ofOne, "GET o5", "9");
    cache.fill(ofOther, "GET a", "9");
    assert.equal(cache.holds("o5"), false);
    assert.equal(cache.get("a", "GET a"), "1", "the stored reply stays, not replaced");
  });

  it("one invalidation naming more keys than REMEMBERED_KEYS forgets instead of remembering them", () => {
    const { cache } = store();
    const inFlight = cache.begin(["k0"]);
    cache.invalidate(Array.from({ length: 2 * REMEMBERED_KEYS }, (_, i) => `k${i}`));
    assert.equal(cache.footprint().rememberedKeys, 0);
    cache.fill(inFlight, "GET k0", "stale");
    assert.equal(cache.holds("k0"), false, "begun before: not stored");
    const after = cache.begin(["k0"]);
    cache.fill(after, "GET k0", "fresh");
    assert.equal(cache.get("k0", "GET k0"), "fresh");
  });
});

describe("KeyFilter and keyHash", () => {
  it("add, mayHold, remove, clear", () => {
    const filter = new KeyFilter(10);
    const h = keyHash("k");
    assert.equal(filter.mayHold(h), false);
    filter.add(h);
    assert.equal(filter.mayHold(h), true);
    filter.add(h);
    filter.remove(h);
    assert.equal(filter.mayHold(h), true, "counted twice, removed once");
    filter.remove(h);
    assert.equal(filter.mayHold(h), false);
    filter.add(h);
    filter.add(h + 1);
    filter.clear();
    assert.equal(filter.mayHold(h), false);
    assert.equal(filter.mayHold(h + 1), false);
  });

  it("a counter at its maximum sticks: never a wrong no", () => {
    const filter = new KeyFilter(10);
    for (let i = 0; i < 0xffff + 5; i++) filter.add(42);
    filter.remove(42);
    assert.equal(filter.mayHold(42), true);
    for (let i = 0; i < 0xffff + 5; i++) filter.remove(42);
    assert.equal(filter.mayHold(42), true, "stuck at the maximum, for ever");
    filter.clear();
    assert.equal(filter.mayHold(42), false, "until a clear");
  });

  it("never says no for a hash added more often than removed (random, against a count model)", () => {
    const random = new Random(caseSeed(SEED, 11, 0));
    for (let round = 0; round < 20; round++) {
      const filter = new KeyFilter(random.pick([1, 10, 300, 5000]));
      // Hashes with few distinct low bits, so that buckets are shared.
      const pool = Array.from(
        { length: 40 },
        () => (random.int(1 << 16) << 16) | random.int(random.pick([4, 64, 4096])),
      );
      const counts = new Map<number, number>();
      for (let op = 0; op < 2000; op++) {
        const hash = random.pick(pool);
        const count = counts.get(hash) ?? 0;
        if (count > 0 && random.chance(0.45)) {
          filter.remove(hash);
          counts.set(hash, count - 1);
        } else if (random.chance(0.02)) {
          filter.clear();
          counts.clear();
        } else {
          filter.add(hash);
          counts.set(hash, count + 1);
        }
        for (const [held, n] of counts) {
          if (n > 0) assert.equal(filter.mayHold(held), true, `round ${round}, op ${op}`);
        }
      }
      // Everything removed: every counter is back to 0 (none got near the maximum).
      for (const [hash, n] of counts) for (let i = 0; i < n; i++) filter.remove(hash);
      for (const hash of pool) assert.equal(filter.mayHold(hash), false, `round ${round}`);
    }
  });

  it("keyHash is a deterministic int32; keys with different ends hash differently", () => {
    const keys = ["", "a", "b", "user:1", "user:2", "\uFEFF", "😀", "x".repeat(64), "x".repeat(65)];
    const middle = "m".repeat(100);
    keys.push(
      `start${middle}end1`,
      `start${middle}end2`,
      `1start${middle}end`,
      `2start${middle}end`,
    );
    const hashes = keys.map(keyHash);
    for (let i = 0; i < keys.length; i++) {
      const hash = hashes[i];
      assert.ok(Number.isInteger(hash) && hash === (hash | 0), `${hash} is an int32`);
      assert.equal(keyHash(keys[i]), hash, "deterministic");
      assert.equal(keyHash(keys[i].split("").join("")), hash, "the same from another string");
    }
    // A long key is hashed by its ends and length: a change in the middle may collide (allowed,
    // not checked); a change at either end must not.
    assert.equal(new Set(hashes).size, keys.length, "these differ");
  });
});

describe("ReplyCache: sizes", () => {
  it("estimates by content, recursively", () => {
    assert.equal(replySize("abc"), 16 + 6);
    assert.equal(replySize(new Uint8Array(100)), 64 + 100);
    assert.equal(replySize(null), 8);
    assert.equal(replySize(42), 8);
    assert.ok(replySize(2n ** 200n) > replySize(1n));
    assert.ok(replySize(["a", "b"]) > replySize("a") + replySize("b"));
    const map = new Map<RespValue, RespValue>([["f", "v"], ["g", [1, 2]]]);
    assert.ok(replySize(map) > replySize("f") + replySize("v") + replySize([1, 2]));
    assert.ok(replySize(new ResponseError("ERR x")) > 0);
    assert.ok(entrySize("K", ["k"], "v") > replySize("v") + 2);
    assert.ok(entrySize("K", ["k", "long key"], "v") > entrySize("K", ["k"], "v"));
  });
});

// ---------------------------------------------------------------------------
// Hostile keys

/** Strings that break naive object-keyed maps, text decoders or joiners. */
const HOSTILE_STRINGS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
  "\uFEFF",
  "\uFEFFk",
  "\uD800",
  "a\uDC00b",
  "\uDBFF\uDFFF",
  "\u0000",
  "a\u0000b",
  "a b",
  "a|b",
  "1sa",
  "\uFFFD",
  "é",
  "😀",
];
const HOSTILE_BYTES = [
  new Uint8Array([]),
  new Uint8Array([0]),
  new Uint8Array([0xff]),
  new Uint8Array([0xc3]),
  new Uint8Array([0xef, 0xbb, 0xbf]),
  new Uint8Array([0xef, 0xbb, 0xbf, 0x6b]),
  new Uint8Array([0xed, 0xa0, 0x80]),
  new Uint8Array([0x80, 0x80, 0x61]),
  new TextEncoder().encode("__proto__"),
];
const HOSTILE_NUMBERS: RedisArg[] = [
  0,
  -0,
  -1,
  1.5,
  1e21,
  2 ** 53,
  Infinity,
  -Infinity,
  7n,
  -(2n ** 70n),
];

/** What the server would echo back for `arg`: encode it as a request, decode the bytes as text. */
function throughTheWire(arg: RedisArg): string {
  const encoder = new RespEncoder();
  encoder.encode(["X", arg]);
  let reply: RespValue | undefined;
  const decoder = new RespDecoder({ onReply: (value) => (reply = value), onPush: () => {} });
  decoder.feed(encoder.bytes());
  assert.ok(Array.isArray(reply));
  return reply[1] as string;
}

/** The keys of an invalidation push frame carrying `key`'s bytes, as the decoder reads it. */
function invalidationFrameKeys(key: Uint8Array): RespValue {
  const head = new TextEncoder().encode(`>2\r\n$10\r\ninvalidate\r\n*1\r\n$${key.length}\r\n`);
  const frame = new Uint8Array([...head, ...key, 13, 10]);
  let push: RespValue | undefined;
  const decoder = new RespDecoder({ onReply: () => {}, onPush: (value) => (push = value) });
  decoder.feed(frame);
  assert.ok(Array.isArray(push));
  return push[1];
}

describe("ReplyCache: hostile keys", () => {
  it("canonicalKey is what the key's bytes decode to when the server sends them back", () => {
    for (const arg of [...HOSTILE_STRINGS, ...HOSTILE_BYTES, ...HOSTILE_NUMBERS]) {
      assert.equal(canonicalKey(arg), throughTheWire(arg), `key ${JSON.stringify(String(arg))}`);
    }
  });

  it("an invalidation frame's keys decode to the canonical keys of the same bytes", () => {
    for (const key of HOSTILE_BYTES) {
      assert.deepEqual(invalidationFrameKeys(key), [canonicalKey(key)]);
    }
    for (const key of HOSTILE_STRINGS) {
      const bytes = new TextEncoder().encode(key);
      assert.deepEqual(invalidationFrameKeys(bytes), [canonicalKey(key)]);
    }
  });

  it("canonical forms: lone surrogates as U+FFFD, a leading U+FEFF kept, numbers as sent", () => {
    assert.equal(canonicalKey("\uD800"), "\uFFFD");
    assert.equal(canonicalKey("a\uDC00b"), "a\uFFFDb");
    assert.equal(canonicalKey("\uDBFF\uDFFF"), "\uDBFF\uDFFF");
    assert.equal(canonicalKey(new Uint8Array([0xef, 0xbb, 0xbf, 0x6b])), "\uFEFFk");
    assert.equal(canonicalKey(new Uint8Array([0xff])), "\uFFFD");
    assert.equal(canonicalKey(-0), "0");
    assert.equal(canonicalKey(Infinity), "inf");
    assert.equal(canonicalKey(7n), "7");
  });

  it("each hostile key is stored, found, indexed and invalidated like any other", () => {
    const { cache } = store();
    const keys = [...HOSTILE_STRINGS, ...HOSTILE_BYTES, ...HOSTILE_NUMBERS].map(canonicalKey);
    const distinct = [...new Set(keys)];
    distinct.forEach((key, i) => put(cache, key, [key], `v${i}`));
    assert.equal(cache.footprint().entries, distinct.length);
    assert.equal(cache.footprint().indexedKeys, distinct.length);
    distinct.forEach((key, i) => {
      assert.equal(cache.get(key, key), `v${i}`, JSON.stringify(key));
      assert.equal(cache.holds(key), true, JSON.stringify(key));
    });
    assert.equal(cache.get("hasOwnProperty", "hasOwnProperty "), undefined);
    assert.equal(cache.get("hasOwnProperty ", "hasOwnProperty "), undefined);
    assert.equal(cache.holds("hasOwnProperty "), false);
    for (const key of distinct) {
      cache.invalidate([key]);
      assert.equal(cache.get(key, key), undefined, JSON.stringify(key));
      assert.equal(cache.holds(key), false, JSON.stringify(key));
    }
    const footprint = cache.footprint();
    assert.equal(
      footprint.invalidations,
      distinct.length,
      "each invalidation removed only its own",
    );
    assert.equal(footprint.entries + footprint.indexedKeys + footprint.bytes, 0);
  });

  it("a read in flight of a hostile key is marked stale by its own invalidation only", () => {
    const { cache } = store();
    for (const key of ["__proto__", "constructor", "", "\uFEFF"]) {
      const read = cache.begin([key]);
      cache.invalidate(["__proto__x", "constructo", "\uFEFF\uFEFF"]);
      cache.fill(read, `GET ${key}`, "1");
      assert.equal(cache.get(key, `GET ${key}`), "1", JSON.stringify(key));
      const stale = cache.begin([key]);
      cache.invalidate([key]);
      cache.fill(stale, `GET ${key}`, "1");
      assert.equal(cache.get(key, `GET ${key}`), undefined, JSON.stringify(key));
    }
    assert.equal(cache.footprint().rememberedKeys, 3 + 4, "each key invalidated, once");
  });
});

// ---------------------------------------------------------------------------
// Fuzz against a reference model

const SEED = envInteger("KEEL_FUZZ_SEED") ?? 0x6b65656c;
const OPS = envInteger("KEEL_FUZZ_CACHE_OPS") ?? 20_000;
const ONLY = envInteger("KEEL_FUZZ_CASE");
/** Operations per segment: each segment has its own settings and a fresh store. */
const SEGMENT = 500;
/** Segments per `it`. */
const BATCH = 10;

interface ModelEntry {
  value: RespValue;
  keys: readonly string[];
  expires: number;
}

interface ModelRead {
  keys: readonly string[];
  /** The cache key that belongs to these keys (the store's contract). */
  cacheKey: string;
  stale: boolean;
  ended: boolean;
  real: InFlightRead;
}

/**
 * The obvious implementation: a Map, an array for recency (oldest first), sizes from scratch.
 * A read may never end (a failed one): the model just keeps it, stale or not. The store's
 * forgetting past REMEMBERED_KEYS is not modelled: FUZZ_KEYS has 10 keys, so the memory of
 * invalidated keys never holds more than 10 and never overflows.
 */
class Model {
  entries = new Map<string, ModelEntry>();
  recency: string[] = [];
  /** The reads in flight (begun, not filled). */
  reads: ModelRead[] = [];
  /** The keys invalidated since the last invalidate(null) or clear(). */
  remembered = new Set<string>();
  hits = 0;
  misses = 0;
  evictions = 0;
  invalidations = 0;

  constructor(readonly settings: CacheSettings) {}

  bytes(): number {
    let total = 0;
    for (const [cacheKey, entry] of this.entries) {
      total += entrySize(cacheKey, entry.keys, entry.value);
    }
    return total;
  }

  #drop(cacheKey: string): void {
    this.entries.delete(cacheKey);
    this.recency.splice(this.recency.indexOf(cacheKey), 1);
  }

  /** A lookup of `cacheKey` through `key` (found only if the entry reads `key`). */
  get(key: string, cacheKey: string, now: number): RespValue | undefined {
    const entry = this.entries.get(cacheKey);
    if (entry === undefined || !entry.keys.includes(key)) {
      this.misses++;
      return undefined;
    }
    if (now >= entry.expires) {
      this.#drop(cacheKey);
      this.evictions++;
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.recency.splice(this.recency.indexOf(cacheKey), 1);
    this.recency.push(cacheKey);
    return entry.value;
  }

  holds(key: string): boolean {
    for (const entry of this.entries.values()) if (entry.keys.includes(key)) return true;
    this.misses++;
    return false;
  }

  /**
   * What `admits` must say (room: no entry yet, or fewer than maxEntries and room in bytes for
   * one more of the average size), or undefined when it depends on the store's memory of reads.
   */
  admits(): boolean | undefined {
    const { maxEntries, maxBytes } = this.settings;
    if (maxEntries < 1) return false;
    const entries = this.entries.size;
    const bytes = this.bytes();
    if (entries === 0 || (entries < maxEntries && bytes + bytes / entries <= maxBytes)) return true;
    return undefined;
  }

  dropExpired(now: number): void {
    for (const [cacheKey, entry] of [...this.entries]) {
      if (now >= entry.expires) {
        this.#drop(cacheKey);
        this.evictions++;
      }
    }
  }

  fill(read: ModelRead, cacheKey: string, value: RespValue, now: number): void {
    if (read.ended) return;
    read.ended = true;
    this.reads.splice(this.reads.indexOf(read), 1);
    if (read.stale) return;
    const { maxEntries, maxBytes, ttl } = this.settings;
    if (entrySize(cacheKey, read.keys, value) > maxBytes || maxEntries < 1) return;
    if (ttl > 0) this.dropExpired(now);
    if (this.entries.has(cacheKey)) this.#drop(cacheKey);
    this.entries.set(cacheKey, { value, keys: read.keys, expires: ttl > 0 ? now + ttl : Infinity });
    this.recency.push(cacheKey);
    while (this.entries.size > maxEntries || this.bytes() > maxBytes) {
      this.#drop(this.recency[0]);
      this.evictions++;
    }
  }

  invalidate(keys: readonly string[] | null): void {
    if (keys === null) this.remembered.clear();
    else for (const key of keys) this.remembered.add(key);
    for (const read of this.reads) {
      if (keys === null || read.keys.some((key) => keys.includes(key))) read.stale = true;
    }
    for (const [cacheKey, entry] of [...this.entries]) {
      if (keys === null || entry.keys.some((key) => keys.includes(key))) {
        this.#drop(cacheKey);
        this.invalidations++;
      }
    }
  }

  clear(): void {
    for (const read of this.reads) read.stale = true;
    this.remembered.clear();
    this.entries.clear();
    this.recency = [];
  }
}

const FUZZ_KEYS = ["a", "b", "c", "d", "__proto__", "constructor", "", "\uFEFF", "\uFFFD", "k:1"];

function randomValue(random: Random, depth = 0): RespValue {
  const kind = random.int(depth > 1 ? 5 : 7);
  switch (kind) {
    case 0:
      return "v".repeat(random.small(300));
    case 1:
      return random.bytes(random.small(300));
    case 2:
      return random.int(1000);
    case 3:
      return null;
    case 4:
      return random.chance(0.5) ? BigInt(random.next()) ** 3n : random.chance(0.5);
    case 5:
      return Array.from({ length: random.small(6) }, () => randomValue(random, depth + 1));
    default:
      return new Map(
        Array.from(
          { length: random.small(4) },
          (_, i) => [`f${i}`, randomValue(random, depth + 1)],
        ),
      );
  }
}

function randomKeys(random: Random): string[] {
  return Array.from({ length: 1 + random.small(4) }, () => random.pick(FUZZ_KEYS));
}

/** One segment: fresh settings, store and model; returns a failure description or null. */
function runSegment(index: number): string | null {
  const random = new Random(caseSeed(SEED, 7, index));
  const settings: CacheSettings = {
    maxEntries: random.pick([0, 1, 2, 5, 20, 1000]),
    maxBytes: random.pick([400, 1500, 5000, 20_000, 1 << 20]),
    ttl: random.pick([0, 0, 1, 10, 100]),
  };
  let now = 5000;
  const cache = new ReplyCache(settings, () => now);
  const model = new Model(settings);
  /**
   * Cache keys come from a small set, each with its own keys, as in real use; a read of random
   * keys gets a cache key of its own, derived from them: a cache key always comes with the same
   * keys (the store's contract).
   */
  const keysOf = new Map<string, readonly string[]>();
  for (let i = 0; i < 12; i++) keysOf.set(`CK${i}`, randomKeys(random));
  const cacheKeys = [...keysOf.keys()];
  /** Reads filled already: a fill of one again must do nothing. */
  const ended: ModelRead[] = [];
  let op = "";
  try {
    for (let step = 0; step < SEGMENT; step++) {
      const roll = random.int(100);
      if (roll < 30) {
        // Half the time one stored now (the model's), so that lookups hit.
        const cacheKey = model.entries.size > 0 && random.chance(0.5)
          ? random.pick([...model.entries.keys()])
          : random.chance(0.8)
          ? random.pick(cacheKeys)
          : random.pick([...keysOf.keys()]);
        const keys = keysOf.get(cacheKey)!;
        const others = FUZZ_KEYS.filter((key) => !keys.includes(key));
        const key = random.chance(0.85) || others.length === 0
          ? random.pick(keys)
          : random.pick(others);
        op = `get ${JSON.stringify(key)} ${cacheKey}`;
        const expected = model.get(key, cacheKey, now);
        const actual = cache.get(key, cacheKey);
        if (actual !== expected) return `${op}: served ${String(actual)}, expected ${expected}`;
      } else if (roll < 38) {
        const key = random.pick(FUZZ_KEYS);
        op = `holds ${JSON.stringify(key)}`;
        const expected = model.holds(key);
        const actual = cache.holds(key);
        if (actual !== expected) return `${op}: ${actual}, expected ${expected}`;
      } else if (roll < 41) {
        const key = random.pick(FUZZ_KEYS);
        op = `admits ${JSON.stringify(key)}`;
        const expected = model.admits();
        const actual = cache.admits(key);
        if (expected !== undefined && actual !== expected) {
          return `${op}: ${actual}, expected ${expected}`;
        }
      } else if (roll < 57) {
        let cacheKey = random.pick(cacheKeys);
        let keys = keysOf.get(cacheKey)!;
        if (random.chance(0.1)) {
          keys = randomKeys(random);
          cacheKey = `R${JSON.stringify(keys)}`;
          if (!keysOf.has(cacheKey)) keysOf.set(cacheKey, keys);
        }
        op = `begin ${JSON.stringify(keys)}`;
        model.reads.push({ keys, cacheKey, stale: false, ended: false, real: cache.begin(keys) });
      } else if (roll < 74) {
        let read: ModelRead;
        if (model.reads.length > 0 && (ended.length === 0 || random.chance(0.95))) {
          read = random.pick(model.reads);
        } else if (ended.length > 0) read = random.pick(ended);
        else continue;
        const value = randomValue(random);
        op = `fill ${read.cacheKey} ${JSON.stringify(read.keys)}${read.ended ? " (again)" : ""}`;
        if (!read.ended) ended.push(read);
        model.fill(read, read.cacheKey, value, now);
        cache.fill(read.real, read.cacheKey, value);
      } else if (roll < 82) {
        const keys = randomKeys(random);
        op = `invalidate ${JSON.stringify(keys)}`;
        model.invalidate(keys);
        cache.invalidate(keys);
      } else if (roll < 83) {
        op = "invalidate null";
        model.invalidate(null);
        cache.invalidate(null);
      } else if (roll < 84) {
        op = "clear";
        model.clear();
        cache.clear();
      } else if (roll < 96) {
        const by = random.small(30);
        op = `advance ${by} ms`;
        now += by;
      } else {
        op = "stats";
        if (settings.ttl > 0) model.dropExpired(now);
        const stats = cache.stats();
        if (stats.entries !== model.entries.size) return `${op}: entries ${stats.entries}`;
      }
      const failure = compare(cache, model);
      if (failure !== null) return `step ${step}, after ${op}: ${failure}`;
    }
    // The reads still in flight never end: they hold nothing, and a clear makes them all unfit.
    const before = cache.footprint();
    for (let i = 0; i < 20; i++) cache.begin(randomKeys(random));
    const after = cache.footprint();
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      return `reads hold something: ${JSON.stringify(before)} then ${JSON.stringify(after)}`;
    }
    op = "clear, then fill every read in flight";
    model.clear();
    cache.clear();
    for (const read of [...model.reads]) {
      const value = randomValue(random);
      model.fill(read, read.cacheKey, value, now);
      cache.fill(read.real, read.cacheKey, value);
    }
    const failure = compare(cache, model);
    if (failure !== null) return `after ${op}: ${failure}`;
    const cleared = cache.footprint();
    if (cleared.indexedKeys + cleared.entries + cleared.bytes + cleared.rememberedKeys !== 0) {
      return `clear left ${JSON.stringify(cleared)}`;
    }
    return null;
  } catch (error) {
    return `after ${op}: threw ${(error as Error).stack}`;
  }
}

function compare(cache: ReplyCache, model: Model): string | null {
  const actual = cache.footprint();
  const indexed = new Set<string>();
  for (const entry of model.entries.values()) for (const key of entry.keys) indexed.add(key);
  const expected = {
    hits: model.hits,
    misses: model.misses,
    evictions: model.evictions,
    invalidations: model.invalidations,
    entries: model.entries.size,
    bytes: model.bytes(),
    indexedKeys: indexed.size,
    rememberedKeys: model.remembered.size,
  };
  if (actual.rememberedKeys > REMEMBERED_KEYS) {
    return `remembered keys unbounded: ${JSON.stringify(actual)}`;
  }
  for (const name of Object.keys(expected) as (keyof typeof expected)[]) {
    if (actual[name] !== expected[name]) {
      return `${name}: ${actual[name]}, expected ${expected[name]} (${JSON.stringify(actual)})`;
    }
  }
  return null;
}

describe(`ReplyCache fuzz against a reference model (KEEL_FUZZ_SEED=${SEED})`, () => {
  const segments = Math.max(1, Math.ceil(OPS / SEGMENT));
  const first = ONLY ?? 0;
  const end = ONLY !== undefined ? ONLY + 1 : segments;
  for (let start = first; start < end; start += BATCH) {
    const stop = Math.min(end, start + BATCH);
    it(
      `${(stop - start) * SEGMENT} random operations agree with the model (segments ${start}–${
        stop - 1
      })`,
      { timeout: 120_000 },
      () => {
        const failures: string[] = [];
        for (let index = start; index < stop; index++) {
          const failure = runSegment(index);
          if (failure !== null) {
            failures.push(`replay with KEEL_FUZZ_SEED=${SEED} KEEL_FUZZ_CASE=${index}: ${failure}`);
          }
        }
        assert.equal(failures.length, 0, `\n${failures.join("\n")}`);
      },
    );
  }
});
