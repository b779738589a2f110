import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

const sorted = (values: string[]) => [...values].sort();

describeEachClient("set commands", (ctx) => {
  const seed = async () => {
    await ctx.redis.sadd("a", "x", "y", "z");
    await ctx.redis.sadd("b", "y", "z", "w");
  };

  it("SCARD, SISMEMBER, SMISMEMBER, SREM", async () => {
    await seed();
    assert.equal(await ctx.redis.scard("a"), 3);
    assert.equal(await ctx.redis.scard("missing"), 0);
    assert.equal(await ctx.redis.sismember("a", "x"), true);
    assert.equal(await ctx.redis.sismember("a", "w"), false);
    assert.deepEqual(await ctx.redis.smismember("a", "x", "w", "z"), [true, false, true]);
    assert.equal(await ctx.redis.srem("a", "x", "nope"), 1);
    assert.equal(await ctx.redis.scard("a"), 2);
    assert.throws(() => ctx.redis.srem("a"), DataError);
  });

  it("SDIFF, SINTER, SUNION and their STORE forms", async () => {
    await seed();
    assert.deepEqual(sorted(await ctx.redis.sdiff("a", "b")), ["x"]);
    assert.deepEqual(sorted(await ctx.redis.sinter("a", "b")), ["y", "z"]);
    assert.deepEqual(sorted(await ctx.redis.sunion("a", "b")), ["w", "x", "y", "z"]);
    assert.equal(await ctx.redis.sdiffstore("d", "a", "b"), 1);
    assert.equal(await ctx.redis.sinterstore("i", "a", "b"), 2);
    assert.equal(await ctx.redis.sunionstore("u", "a", "b"), 4);
    assert.deepEqual(sorted(await ctx.redis.smembers("i")), ["y", "z"]);
  });

  it("SINTERCARD with and without LIMIT", async () => {
    await seed();
    assert.equal(await ctx.redis.sintercard(["a", "b"]), 2);
    assert.equal(await ctx.redis.sintercard(["a", "b"], { limit: 1 }), 1);
    assert.throws(() => ctx.redis.sintercard([]), DataError);
  });

  it("SMOVE moves one member and says whether it did", async () => {
    await seed();
    assert.equal(await ctx.redis.smove("a", "b", "x"), true);
    assert.equal(await ctx.redis.smove("a", "b", "x"), false);
    assert.equal(await ctx.redis.sismember("b", "x"), true);
  });

  it("SPOP and SRANDMEMBER, with and without count", async () => {
    await seed();
    const members = ["x", "y", "z"];
    assert.ok(members.includes((await ctx.redis.srandmember("a"))!));
    assert.deepEqual(sorted(await ctx.redis.srandmember("a", 3)), members);
    assert.equal((await ctx.redis.srandmember("a", -7)).length, 7);
    assert.equal(await ctx.redis.srandmember("missing"), null);
    const popped = await ctx.redis.spop("a");
    assert.ok(members.includes(popped!));
    assert.equal((await ctx.redis.spop("a", 5)).length, 2);
    assert.equal(await ctx.redis.spop("a"), null);
    assert.deepEqual(await ctx.redis.spop("a", 2), []);
  });

  it("set commands on a string key give WrongTypeError", async () => {
    await ctx.redis.set("s", "v");
    for (
      const call of [
        () => ctx.redis.scard("s"),
        () => ctx.redis.sismember("s", "m"),
        () => ctx.redis.smismember("s", "m"),
        () => ctx.redis.srem("s", "m"),
        () => ctx.redis.sdiff("s"),
        () => ctx.redis.sinter("s"),
        () => ctx.redis.sunion("s"),
        () => ctx.redis.spop("s"),
        () => ctx.redis.srandmember("s"),
        () => ctx.redis.smove("s", "t", "m"),
        () => ctx.redis.sintercard(["s"]),
      ]
    ) await assert.rejects(call(), WrongTypeError);
  });
});
