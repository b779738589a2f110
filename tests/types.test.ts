/**
 * Compile-time checks of the command types (`deno check` fails when a
 * `@ts-expect-error` line stops being an error), plus the runtime DataError
 * for callers without a type checker.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type AutoClaimed,
  type AutoClaimedIds,
  DataError,
  type GeoMatch,
  type HashScanPage,
  type Integer,
  type LcsIdx,
  type LcsMatchWithLength,
  type Pipeline,
  Redis,
  type ScanPage,
  type ScoredMember,
  type SetScanPage,
  type SortedSetScanPage,
  type StreamEntry,
} from "../mod.ts";
import type { RedisSync } from "../sync.ts";
import { type Equal, expectType } from "./support/type_assert.ts";

// A client that never connects: these calls only build and validate arguments.
const redis = new Redis({ port: 1 });
const noop = () => {};

describe("command types", () => {
  it("replies are typed per executor", () => {
    const get = redis.get("k");
    get.catch(noop);
    expectType<Equal<typeof get, Promise<string | null>>>(true);
    const bytes = redis.bytes.get("k");
    bytes.catch(noop);
    expectType<Equal<typeof bytes, Promise<Uint8Array | null>>>(true);
    const scored = redis.zrange("z", 0, -1, { withscores: true });
    scored.catch(noop);
    expectType<Equal<typeof scored, Promise<ScoredMember<string>[]>>>(true);
    const chained = redis.pipeline().set("a", "1").incr("a");
    expectType<Equal<typeof chained, Pipeline<string, ["OK", Integer]>>>(true);
    assert.equal(chained.length, 2);
  });

  it('SET is typed "OK" without a condition, "OK" | null with one, the old value with get', () => {
    const plain = redis.set("k", "v");
    const expiring = redis.set("k", "v", { ex: 10 });
    const unconditional = redis.set("k", "v", { nx: false, keepttl: true });
    const conditional = redis.set("k", "v", { nx: true });
    const old = redis.set("k", "v", { get: true });
    for (const call of [plain, expiring, unconditional, conditional, old]) call.catch(noop);
    expectType<Equal<typeof plain, Promise<"OK">>>(true);
    expectType<Equal<typeof expiring, Promise<"OK">>>(true);
    expectType<Equal<typeof unconditional, Promise<"OK">>>(true);
    expectType<Equal<typeof conditional, Promise<"OK" | null>>>(true);
    expectType<Equal<typeof old, Promise<string | null>>>(true);
  });

  it("mutually exclusive options are compile errors and DataErrors", () => {
    // @ts-expect-error: ex and px cannot be combined
    assert.throws(() => redis.set("k", "v", { ex: 1, px: 1 }), DataError);
    // @ts-expect-error: nx and xx cannot be combined
    assert.throws(() => redis.set("k", "v", { nx: true, xx: true }), DataError);
    const nxAndGt = { nx: true, gt: true } as const;
    const member = { score: 1, member: "a" };
    // @ts-expect-error: nx and gt cannot be combined
    assert.throws(() => redis.zadd("z", nxAndGt, member), DataError);
    // @ts-expect-error: only one expire condition
    assert.throws(() => redis.expire("k", 1, { nx: true, xx: true }), DataError);
  });
});

/**
 * Type checks of replies that are never run: the calls would need a server.
 * `deno check` checks them all the same.
 */
function replyTypes(redis: Redis, sync: RedisSync): void {
  // Integer replies: a bigint beyond ±2^53, so not `number`.
  expectType<Equal<ReturnType<typeof redis.incr>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.incrby>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.decr>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.decrby>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.hincrby>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.ttl>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.pttl>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.expiretime>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.pexpiretime>, Promise<Integer>>>(true);
  expectType<Equal<ReturnType<typeof redis.bitfield>, Promise<(Integer | null)[]>>>(true);
  expectType<Equal<ReturnType<typeof redis.bitfieldRo>, Promise<Integer[]>>>(true);
  expectType<Equal<ReturnType<typeof sync.incr>, Integer>>(true);
  // Counts stay numbers.
  expectType<Equal<ReturnType<typeof redis.del>, Promise<number>>>(true);
  expectType<Equal<ReturnType<typeof redis.expire>, Promise<number>>>(true);
  expectType<Equal<ReturnType<typeof redis.zrank>, Promise<number | null>>>(true);
  // @ts-expect-error: INCR's reply may be a bigint
  const counter: Promise<number> = redis.incr("k");
  // @ts-expect-error: TTL's reply may be a bigint
  const ttl: number = sync.ttl("k");

  // Records.
  expectType<Equal<ReturnType<typeof redis.hgetall>, Promise<Record<string, string>>>>(true);
  expectType<
    Equal<ReturnType<typeof redis.bytes.hgetall>, Promise<Record<string, Uint8Array>>>
  >(true);
  expectType<Equal<ReturnType<typeof redis.xrange>, Promise<StreamEntry<string>[]>>>(true);

  // LCS.
  const lcs = redis.lcs("a", "b");
  expectType<Equal<typeof lcs, Promise<string>>>(true);
  const len = redis.lcs("a", "b", { len: true });
  expectType<Equal<typeof len, Promise<number>>>(true);
  const idx = redis.lcs("a", "b", { idx: true, minmatchlen: 2 });
  expectType<Equal<typeof idx, Promise<LcsIdx>>>(true);
  const withLength = redis.lcs("a", "b", { idx: true, withmatchlen: true });
  expectType<Equal<typeof withLength, Promise<LcsIdx<LcsMatchWithLength>>>>(true);
  // @ts-expect-error: len and idx cannot be combined
  redis.lcs("a", "b", { len: true, idx: true });

  // JUSTID.
  const ids = redis.xclaim("s", "g", "c", 0, ["1-1"], { justid: true });
  expectType<Equal<typeof ids, Promise<string[]>>>(true);
  const entries = redis.xclaim("s", "g", "c", 0, ["1-1"], { idle: 5 });
  expectType<Equal<typeof entries, Promise<StreamEntry<string>[]>>>(true);
  const autoIds = redis.xautoclaim("s", "g", "c", 0, "0-0", { justid: true });
  expectType<Equal<typeof autoIds, Promise<AutoClaimedIds>>>(true);
  const auto = redis.xautoclaim("s", "g", "c", 0, "0-0");
  expectType<Equal<typeof auto, Promise<AutoClaimed<string>>>>(true);
  // @ts-expect-error: idle and time cannot be combined
  redis.xclaim("s", "g", "c", 0, ["1-1"], { idle: 5, time: 5 });
  // @ts-expect-error: maxlen and minid cannot be combined
  redis.xtrim("s", { maxlen: 1, minid: "1-1" });

  // WITHSCORES on the deprecated range commands.
  const byScore = redis.zrangebyscore("z", 0, 1, { withscores: true });
  expectType<Equal<typeof byScore, Promise<ScoredMember<string>[]>>>(true);
  const byScorePlain = redis.zrangebyscore("z", 0, 1);
  expectType<Equal<typeof byScorePlain, Promise<string[]>>>(true);
  const revByScore = redis.zrevrangebyscore("z", 1, 0, { withscores: true });
  expectType<Equal<typeof revByScore, Promise<ScoredMember<string>[]>>>(true);
  const rev = redis.zrevrange("z", 0, 1, { withscores: true });
  expectType<Equal<typeof rev, Promise<ScoredMember<string>[]>>>(true);
  const revBytes = redis.bytes.zrevrange("z", 0, 1);
  expectType<Equal<typeof revBytes, Promise<Uint8Array[]>>>(true);

  // GEORADIUS with STORE and STOREDIST.
  const stored = redis.georadius("g", 1, 1, 1, "km", { store: "d" });
  expectType<Equal<typeof stored, Promise<number>>>(true);
  const storedDist = redis.georadiusbymember("g", "m", 1, "km", { storedist: "d", count: 2 });
  expectType<Equal<typeof storedDist, Promise<number>>>(true);
  const matches = redis.georadius("g", 1, 1, 1, "km", { withdist: true });
  expectType<Equal<typeof matches, Promise<GeoMatch<string>[]>>>(true);
  const members = redis.georadiusbymember("g", "m", 1, "km");
  expectType<Equal<typeof members, Promise<string[]>>>(true);
  // @ts-expect-error: store and storedist cannot be combined
  redis.georadius("g", 1, 1, 1, "km", { store: "d", storedist: "e" });
  // @ts-expect-error: store takes no withdist
  redis.georadiusbymember("g", "m", 1, "km", { store: "d", withdist: true });

  // Scan pages.
  const page = redis.scanPage("0", { match: "user:*", count: 100, type: "string" });
  expectType<Equal<typeof page, Promise<ScanPage<string>>>>(true);
  const bytesPage = redis.bytes.scanPage(0n);
  expectType<Equal<typeof bytesPage, Promise<ScanPage<Uint8Array>>>>(true);
  const hashPage = redis.hscanPage("h", "0");
  expectType<Equal<typeof hashPage, Promise<HashScanPage<string>>>>(true);
  const setPage = redis.sscanPage("s", 0);
  expectType<Equal<typeof setPage, Promise<SetScanPage<string>>>>(true);
  const zsetPage = sync.zscanPage("z", "0");
  expectType<Equal<typeof zsetPage, SortedSetScanPage<string>>>(true);
  // @ts-expect-error: type is for scanPage only
  redis.hscanPage("h", "0", { type: "hash" });
  void [counter, ttl];
}

describe("reply types", () => {
  it("are checked by deno check (the function is never run)", () => {
    assert.equal(typeof replyTypes, "function");
  });
});
