/**
 * The client-side cache's store (`lib/cache/reply_cache.ts`), without a
 * server: LRU by entries and bytes, ttl, the in-flight race rules, exact
 * counting, hostile keys, canonical keys against the real codec, and a
 * seeded fuzz against a plain reference model (a Map, an array for the LRU
 * order, sizes recomputed from scratch) checked after every operation.
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
  ReplyCache,
  replySize,
} from "../lib/cache/reply_cache.ts";
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
    assert.equal(cache.get("A"), "1");
    put(cache, "C", ["c"], "3");
    assert.equal(cache.get("B"), undefined);
    assert.equal(cache.get("A"), "1");
    assert.equal(cache.get("C"), "3");
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
    assert.equal(cache.get("K0"), undefined);
    assert.equal(cache.get("K1"), undefined);
    assert.equal(cache.get("K2"), "x".repeat(100));
    assert.ok(cache.stats().bytes <= one * 3);
    assert.equal(cache.stats().evictions, 2);
  });

  it("does not store a value larger than maxBytes alone, and keeps what it had", () => {
    const { cache } = store({ maxBytes: 1000 });
    put(cache, "A", ["a"], "small");
    put(cache, "A", ["a"], "x".repeat(1000));
    put(cache, "B", ["b"], new Uint8Array(2000));
    assert.equal(cache.get("A"), "small");
    assert.equal(cache.get("B"), undefined);
    assert.deepEqual(cache.footprint().evictions, 0);
    assert.equal(cache.footprint().entries, 1);
  });

  it("maxEntries 0 stores nothing", () => {
    const { cache } = store({ maxEntries: 0 });
    put(cache, "A", ["a"], "1");
    assert.equal(cache.get("A"), undefined);
    assert.deepEqual(cache.footprint().entries, 0);
    assert.deepEqual(cache.footprint().indexedKeys, 0);
  });

  it("a fill of the same cache key replaces the entry, uncounted", () => {
    const { cache } = store();
    put(cache, "A", ["a", "b"], "1");
    put(cache, "A", ["a"], "2");
    assert.equal(cache.get("A"), "2");
    const footprint = cache.footprint();
    assert.equal(footprint.entries, 1);
    assert.equal(footprint.indexedKeys, 1, "b no longer indexed");
    assert.equal(footprint.bytes, entrySize("A", ["a"], "2"));
    assert.equal(footprint.evictions + footprint.invalidations, 0);
  });

  it("ttl is a ceiling: an entry is served until ttl ms after it was stored, then dropped", () => {
    const { cache, clock } = store({ ttl: 100 });
    put(cache, "A", ["a"], "1");
    clock.now += 50;
    put(cache, "B", ["b"], "2");
    clock.now += 49;
    assert.equal(cache.get("A"), "1");
    clock.now += 1;
    assert.equal(cache.get("A"), undefined, "100 ms after it was stored, hits or not");
    assert.equal(cache.get("B"), "2");
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
    const served = cache.get("A");
    // Only when the machine did not stall for the whole ttl between the two lines.
    if (performance.now() - stored < 100) assert.equal(served, "1");
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(cache.get("A"), undefined);
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
    assert.equal(cache.get("GET a"), undefined);
    assert.equal(cache.get("GET a bytes"), undefined);
    assert.equal(cache.get("MGET a b"), undefined);
    assert.equal(cache.get("GET b"), "2");
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
    assert.equal(cache.get("A"), undefined);
    const footprint = cache.footprint();
    assert.equal(footprint.invalidations + footprint.evictions, 0);
    assert.equal(footprint.entries + footprint.bytes + footprint.indexedKeys, 0);
  });

  it("a read in flight when one of its keys is invalidated is not stored", () => {
    const { cache } = store();
    const read = cache.begin(["a", "b"]);
    cache.invalidate(["b"]);
    cache.fill(read, "MGET a b", ["1", "2"]);
    assert.equal(cache.get("MGET a b"), undefined);
    assert.equal(cache.footprint().inFlightKeys, 0);
  });

  it("a read in flight when another key is invalidated is stored", () => {
    const { cache } = store();
    const read = cache.begin(["a"]);
    cache.invalidate(["b"]);
    cache.fill(read, "GET a", "1");
    assert.equal(cache.get("GET a"), "1");
  });

  it("a read begun after the invalidation is stored; one begun before is not", () => {
    const { cache } = store();
    const early = cache.begin(["a"]);
    cache.invalidate(["a"]);
    const late = cache.begin(["a"]);
    cache.fill(late, "GET a", "new");
    cache.fill(early, "GET a", "old");
    assert.equal(cache.get("GET a"), "new");
    assert.deepEqual(cache.footprint().inFlightKeys, 0);
  });

  for (
    const [name, flush] of [["invalidate(null)", (c: ReplyCache) => c.invalidate(null)], [
      "clear()",
      (c: ReplyCache) => c.clear(),
    ]] as const
  ) {
    it(`${name} makes every read in flight unfit to store`, () => {
      const { cache } = store();
      const read = cache.begin(["a"]);
      flush(cache);
      cache.fill(read, "GET a", "1");
      assert.equal(cache.get("GET a"), undefined);
      const after = cache.begin(["a"]);
      cache.fill(after, "GET a", "2");
      assert.equal(cache.get("GET a"), "2");
    });
  }

  it("abandon ends a read without storing; a second end of a read does nothing", () => {
    const { cache } = store();
    const first = cache.begin(["a"]);
    const second = cache.begin(["a"]);
    assert.deepEqual(cache.footprint().inFlightReads, 2);
    cache.abandon(first);
    cache.abandon(first);
    cache.fill(first, "GET a", "stale");
    assert.equal(cache.get("GET a"), undefined);
    assert.equal(cache.footprint().inFlightReads, 1, "the other read still counts");
    cache.fill(second, "GET a", "1");
    cache.fill(second, "GET a", "2");
    assert.equal(cache.get("GET a"), "1");
    assert.equal(cache.footprint().inFlightKeys, 0);
  });

  it("a read of another store, or a forged one, is ignored", () => {
    const { cache } = store();
    const other = store().cache;
    cache.fill(other.begin(["a"]), "GET a", "1");
    cache.fill({ keys: ["a"] } as InFlightRead, "GET a", "1");
    cache.abandon({ keys: ["a"] } as InFlightRead);
    assert.equal(cache.get("GET a"), undefined);
    assert.equal(other.footprint().inFlightKeys, 1);
  });

  it("a read of the same key twice (MGET a a) is counted and released symmetrically", () => {
    const { cache } = store();
    const read = cache.begin(["a", "a"]);
    assert.deepEqual(cache.footprint().inFlightKeys, 1);
    assert.deepEqual(cache.footprint().inFlightReads, 2);
    cache.fill(read, "MGET a a", ["1", "1"]);
    assert.deepEqual(cache.footprint().indexedKeys, 1);
    cache.invalidate(["a"]);
    assert.equal(cache.get("MGET a a"), undefined);
    const footprint = cache.footprint();
    assert.equal(footprint.invalidations, 1);
    assert.equal(footprint.indexedKeys + footprint.inFlightKeys + footprint.entries, 0);
  });

  it("the in-flight bookkeeping stays bounded by the reads in flight, not the keys ever read", () => {
    const { cache } = store({ maxEntries: 10 });
    // Sequential reads of 10,000 different keys: one in flight at a time.
    for (let i = 0; i < 10_000; i++) put(cache, `GET k${i}`, [`k${i}`], "v");
    let footprint = cache.footprint();
    assert.equal(footprint.inFlightKeys, 0);
    assert.ok(footprint.inFlightRecords <= 256, `${footprint.inFlightRecords} idle records`);
    // 5,000 reads in flight at once, then all end: the records go down with them.
    const reads = Array.from({ length: 5000 }, (_, i) => cache.begin([`m${i}`, "shared"]));
    footprint = cache.footprint();
    assert.equal(footprint.inFlightKeys, 5001);
    assert.equal(footprint.inFlightReads, 10_000);
    assert.ok(footprint.inFlightRecords <= 2 * 5001 + 256);
    cache.invalidate(["shared"]);
    for (const read of reads) cache.fill(read, "MGET", ["v", "v"]);
    footprint = cache.footprint();
    assert.equal(cache.get("MGET"), undefined, "every one of them was stale");
    assert.equal(footprint.inFlightKeys, 0);
    assert.ok(footprint.inFlightRecords <= 256, `${footprint.inFlightRecords} idle records`);
    // A kept record does not make a later read of its key stale.
    const again = cache.begin(["shared"]);
    cache.fill(again, "GET shared", "fresh");
    assert.equal(cache.get("GET shared"), "fresh");
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
    assert.equal(cache.get("4"), "4");
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
    distinct.forEach((key, i) => assert.equal(cache.get(key), `v${i}`, JSON.stringify(key)));
    assert.equal(cache.get("hasOwnProperty "), undefined);
    for (const key of distinct) {
      cache.invalidate([key]);
      assert.equal(cache.get(key), undefined, JSON.stringify(key));
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
      assert.equal(cache.get(`GET ${key}`), "1", JSON.stringify(key));
      const stale = cache.begin([key]);
      cache.invalidate([key]);
      cache.fill(stale, `GET ${key}`, "1");
      assert.equal(cache.get(`GET ${key}`), undefined, JSON.stringify(key));
    }
    assert.equal(cache.footprint().inFlightKeys, 0);
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
  stale: boolean;
  ended: boolean;
  real: InFlightRead;
}

/** The obvious implementation: a Map, an array for recency (oldest first), sizes from scratch. */
class Model {
  entries = new Map<string, ModelEntry>();
  recency: string[] = [];
  reads: ModelRead[] = [];
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

  get(cacheKey: string, now: number): RespValue | undefined {
    const entry = this.entries.get(cacheKey);
    if (entry === undefined) {
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

  abandon(read: ModelRead): void {
    if (read.ended) return;
    read.ended = true;
    this.reads.splice(this.reads.indexOf(read), 1);
  }

  invalidate(keys: readonly string[] | null): void {
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
  /** Cache keys come from a small set, each mostly with the same keys, as in real use. */
  const cacheKeys = Array.from({ length: 12 }, (_, i) => `CK${i}`);
  const keysOf = new Map(cacheKeys.map((cacheKey) => [cacheKey, randomKeys(random)]));
  let op = "";
  try {
    for (let step = 0; step < SEGMENT; step++) {
      const roll = random.int(100);
      if (roll < 35) {
        const cacheKey = random.pick(cacheKeys);
        op = `get ${cacheKey}`;
        const expected = model.get(cacheKey, now);
        const actual = cache.get(cacheKey);
        if (actual !== expected) return `${op}: served ${String(actual)}, expected ${expected}`;
      } else if (roll < 53) {
        const cacheKey = random.pick(cacheKeys);
        const keys = random.chance(0.9) ? keysOf.get(cacheKey)! : randomKeys(random);
        op = `begin ${JSON.stringify(keys)}`;
        model.reads.push({ keys, stale: false, ended: false, real: cache.begin(keys) });
      } else if (roll < 70) {
        let read: ModelRead;
        if (model.reads.length > 0 && random.chance(0.95)) read = random.pick(model.reads);
        else {
          // A read that has ended already: its fill must do nothing.
          const real = cache.begin(["a"]);
          cache.abandon(real);
          read = { keys: ["a"], stale: false, ended: true, real };
        }
        const cacheKey = random.chance(0.9)
          ? [...keysOf].find(([, keys]) => keys === read.keys)?.[0] ?? random.pick(cacheKeys)
          : random.pick(cacheKeys);
        const value = randomValue(random);
        op = `fill ${cacheKey} ${JSON.stringify(read.keys)}`;
        model.fill(read, cacheKey, value, now);
        cache.fill(read.real, cacheKey, value);
      } else if (roll < 74) {
        if (model.reads.length === 0) continue;
        const read = random.pick(model.reads);
        op = `abandon ${JSON.stringify(read.keys)}`;
        model.abandon(read);
        cache.abandon(read.real);
        if (random.chance(0.3)) cache.abandon(read.real);
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
    // Everything ends: nothing of the reads may stay behind; a clear leaves no index.
    for (const read of [...model.reads]) {
      model.abandon(read);
      cache.abandon(read.real);
    }
    const ended = cache.footprint();
    if (ended.inFlightKeys !== 0 || ended.inFlightReads !== 0 || ended.inFlightRecords > 256) {
      return `reads left behind: ${JSON.stringify(ended)}`;
    }
    cache.clear();
    const cleared = cache.footprint();
    if (cleared.indexedKeys + cleared.entries + cleared.bytes !== 0) {
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
  const inFlight = new Set<string>();
  let references = 0;
  for (const read of model.reads) {
    for (const key of read.keys) inFlight.add(key);
    references += read.keys.length;
  }
  const expected = {
    hits: model.hits,
    misses: model.misses,
    evictions: model.evictions,
    invalidations: model.invalidations,
    entries: model.entries.size,
    bytes: model.bytes(),
    indexedKeys: indexed.size,
    inFlightKeys: inFlight.size,
    inFlightReads: references,
  };
  if (actual.inFlightRecords > 2 * actual.inFlightKeys + 256) {
    return `in-flight records unbounded: ${JSON.stringify(actual)}`;
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
