import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

describeEachClient("list commands", (ctx) => {
  const seed = () => ctx.redis.rpush("l", "a", "b", "c", "b", "d");

  it("RPUSH, LPUSHX, RPUSHX, LLEN, LINDEX", async () => {
    assert.equal(await ctx.redis.lpushx("l", "x"), 0);
    assert.equal(await ctx.redis.rpushx("l", "x"), 0);
    assert.equal(await seed(), 5);
    assert.equal(await ctx.redis.lpushx("l", "first"), 6);
    assert.equal(await ctx.redis.rpushx("l", "last"), 7);
    assert.equal(await ctx.redis.llen("l"), 7);
    assert.equal(await ctx.redis.lindex("l", 0), "first");
    assert.equal(await ctx.redis.lindex("l", -1), "last");
    assert.equal(await ctx.redis.lindex("l", 99), null);
  });

  it("LPOP and RPOP with and without count", async () => {
    await seed();
    assert.equal(await ctx.redis.lpop("l"), "a");
    assert.equal(await ctx.redis.rpop("l"), "d");
    assert.deepEqual(await ctx.redis.lpop("l", 2), ["b", "c"]);
    assert.deepEqual(await ctx.redis.rpop("l", 5), ["b"]);
    assert.equal(await ctx.redis.lpop("l"), null);
    assert.equal(await ctx.redis.lpop("l", 2), null);
  });

  it("LINSERT, LSET, LREM, LTRIM", async () => {
    await seed();
    assert.equal(await ctx.redis.linsert("l", "before", "c", "c0"), 6);
    assert.equal(await ctx.redis.linsert("l", "after", "nope", "x"), -1);
    assert.equal(await ctx.redis.lset("l", 0, "A"), "OK");
    assert.equal(await ctx.redis.lrem("l", 0, "b"), 2);
    assert.deepEqual(await ctx.redis.lrange("l", 0, -1), ["A", "c0", "c", "d"]);
    assert.equal(await ctx.redis.ltrim("l", 1, 2), "OK");
    assert.deepEqual(await ctx.redis.lrange("l", 0, -1), ["c0", "c"]);
    assert.throws(() => ctx.redis.linsert("l", "middle" as "before", "c", "x"), DataError);
  });

  it("LPOS with rank, count and maxlen", async () => {
    await seed();
    assert.equal(await ctx.redis.lpos("l", "b"), 1);
    assert.equal(await ctx.redis.lpos("l", "b", { rank: 2 }), 3);
    assert.equal(await ctx.redis.lpos("l", "b", { rank: -1 }), 3);
    assert.equal(await ctx.redis.lpos("l", "zzz"), null);
    assert.deepEqual(await ctx.redis.lpos("l", "b", { count: 0 }), [1, 3]);
    assert.deepEqual(await ctx.redis.lpos("l", "b", { count: 0, maxlen: 2 }), [1]);
    assert.throws(() => ctx.redis.lpos("l", "b", { rank: 0 }), DataError);
  });

  it("LMOVE and LMPOP", async () => {
    await seed();
    assert.equal(await ctx.redis.lmove("l", "m", "left", "right"), "a");
    assert.equal(await ctx.redis.lmove("missing", "m", "left", "right"), null);
    assert.deepEqual(await ctx.redis.lmpop(["missing", "l"], "right", { count: 2 }), {
      key: "l",
      elements: ["d", "b"],
    });
    assert.equal(await ctx.redis.lmpop(["missing"], "left"), null);
    assert.deepEqual(await ctx.redis.lrange("m", 0, -1), ["a"]);
  });

  it("RPOPLPUSH (deprecated)", async () => {
    await seed();
    assert.equal(await ctx.redis.rpoplpush("l", "m"), "d");
    assert.deepEqual(await ctx.redis.lrange("m", 0, -1), ["d"]);
  });

  it("the blocking forms return at once when there is data, null on timeout", async () => {
    await seed();
    assert.deepEqual(await ctx.redis.blpop(["missing", "l"], 1), { key: "l", element: "a" });
    assert.deepEqual(await ctx.redis.brpop(["l"], 1), { key: "l", element: "d" });
    assert.equal(await ctx.redis.blmove("l", "m", "left", "left", 1), "b");
    assert.deepEqual(await ctx.redis.blmpop(1, ["l"], "left"), { key: "l", elements: ["c"] });
    assert.equal(await ctx.redis.brpoplpush("l", "m", 1), "b");
    assert.equal(await ctx.redis.blpop(["l"], 0.1), null);
    assert.equal(await ctx.redis.blmpop(0.1, ["l"], "left"), null);
    assert.throws(() => ctx.redis.blpop(["l"], -1), DataError);
  });

  it("list commands on a string key give WrongTypeError", async () => {
    await ctx.redis.set("s", "v");
    for (
      const call of [
        () => ctx.redis.llen("s"),
        () => ctx.redis.lpop("s"),
        () => ctx.redis.rpush("s", "x"),
        () => ctx.redis.lindex("s", 0),
        () => ctx.redis.lrem("s", 0, "x"),
        () => ctx.redis.lpos("s", "x"),
        () => ctx.redis.lmove("s", "t", "left", "left"),
        () => ctx.redis.ltrim("s", 0, 1),
        () => ctx.redis.blpop(["s"], 0.1),
      ]
    ) await assert.rejects(call(), WrongTypeError);
  });
});
