/**
 * The client-side cache's store and command table in isolation, without a
 * server: what a hit, a miss, a fill and an invalidation cost, and what
 * finding a request's cache key and keys costs.
 * `deno bench bench/cache_store.bench.ts` (ns/op per case).
 */
import { cacheableKeys, cacheKeyOf } from "../lib/cache/cacheable.ts";
import { ReplyCache } from "../lib/cache/reply_cache.ts";

const settings = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024, ttl: 0 };
const value = "v".repeat(64);

// 1,000 entries, one of them the hot key.
const cache = new ReplyCache(settings);
const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);
const CACHE_KEYS = KEYS.map((key) => cacheKeyOf(["GET", key], false));
for (let i = 0; i < KEYS.length; i++) cache.fill(cache.begin([KEYS[i]]), CACHE_KEYS[i], value);
const missing = "user:missing";

Deno.bench("get: hit", { group: "get", baseline: true }, () => {
  cache.get(KEYS[500], CACHE_KEYS[500]);
});

let turn = 0;
Deno.bench("get: hit, rotating over 1,000 entries (LRU moves)", { group: "get" }, () => {
  const i = turn++ % 1000;
  cache.get(KEYS[i], CACHE_KEYS[i]);
});

Deno.bench("holds: a key no entry reads (the miss of a key never cached)", { group: "get" }, () => {
  cache.holds(missing);
});

// A full store: admits answers from the doorkeeper.
const admitting = new ReplyCache({ ...settings, maxEntries: 1 });
admitting.fill(admitting.begin(["k"]), "k", value);
let admitTurn = 0;
const ADMIT_KEYS = Array.from({ length: 4096 }, (_, i) => `a:${i}`);
Deno.bench("admits: a full store, keys read once", { group: "get" }, () => {
  admitting.admits(ADMIT_KEYS[admitTurn++ & 4095]);
});

// A fill that replaces the same entry: begin + fill, steady state.
const fillCache = new ReplyCache(settings);
const fillKeys = ["user:1"];
const fillCacheKey = cacheKeyOf(["GET", "user:1"], false);
Deno.bench("begin + fill (replacing the entry)", { group: "fill", baseline: true }, () => {
  fillCache.fill(fillCache.begin(fillKeys), fillCacheKey, value);
});

// A fill into a full store: every fill evicts the least recently used entry.
const fullCache = new ReplyCache({ ...settings, maxEntries: 1000 });
let next = 0;
const FILL_KEYS = Array.from({ length: 4096 }, (_, i) => [`k:${i}`]);
const FILL_CACHE_KEYS = FILL_KEYS.map(([key]) => cacheKeyOf(["GET", key], false));
Deno.bench("begin + fill into a full store (evicts one)", { group: "fill" }, () => {
  const i = next++ & 4095;
  fullCache.fill(fullCache.begin(FILL_KEYS[i]), FILL_CACHE_KEYS[i], value);
});

// Invalidate a key that has an entry, then put it back (the pair is the case).
const invalidateCache = new ReplyCache(settings);
const invalidated = ["user:7"];
const invalidatedCacheKey = cacheKeyOf(["GET", "user:7"], false);
Deno.bench("invalidate one key with an entry (+ refill)", { group: "invalidate" }, () => {
  invalidateCache.invalidate(invalidated);
  invalidateCache.fill(invalidateCache.begin(invalidated), invalidatedCacheKey, value);
});

const unknown = ["nobody:reads:this"];
Deno.bench("invalidate one key without entries", { group: "invalidate", baseline: true }, () => {
  invalidateCache.invalidate(unknown);
});

const request = ["GET", "user:1"];
Deno.bench("cacheKeyOf + cacheableKeys, GET user:1", { group: "keys", baseline: true }, () => {
  cacheKeyOf(request, false);
  cacheableKeys(request);
});

Deno.bench("cacheableKeys, GET user:1", { group: "keys" }, () => {
  cacheableKeys(request);
});

Deno.bench("cacheKeyOf, GET user:1", { group: "keys" }, () => {
  cacheKeyOf(request, false);
});

// What a hit costs the dispatcher: the keys, the cache key (built fresh, as
// each call builds it) and the lookup, over 1,000 cached keys.
const requests = KEYS.map((key) => ["GET", key]);
let hitTurn = 0;
Deno.bench("hit path: cacheableKeys + cacheKeyOf + get, 1,000 keys", { group: "keys" }, () => {
  const args = requests[hitTurn++ % 1000];
  const keys = cacheableKeys(args);
  if (keys !== undefined && cache.holds(keys[0])) cache.get(keys[0], cacheKeyOf(args, false));
});

const lower = ["get", "user:1"];
Deno.bench("cacheKeyOf + cacheableKeys, get user:1 (lower case)", { group: "keys" }, () => {
  cacheKeyOf(lower, false);
  cacheableKeys(lower);
});

const mget = ["MGET", "user:1", "user:2", "user:3"];
Deno.bench("cacheKeyOf + cacheableKeys, MGET of 3", { group: "keys" }, () => {
  cacheKeyOf(mget, false);
  cacheableKeys(mget);
});

const write = ["SET", "user:1", "v"];
Deno.bench("cacheableKeys, SET (not cacheable)", { group: "keys" }, () => {
  cacheableKeys(write);
});
