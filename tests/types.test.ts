/**
 * Compile-time checks of the command types (`deno check` fails when a
 * `@ts-expect-error` line stops being an error), plus the runtime DataError
 * for callers without a type checker.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, type Pipeline, Redis, type ScoredMember } from "../mod.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
function expectType<T extends true>(_: T): void {}

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
    expectType<Equal<typeof chained, Pipeline<string>>>(true);
    assert.equal(chained.length, 2);
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
