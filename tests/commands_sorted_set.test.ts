import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

describeEachClient("sorted set commands", (ctx) => {
  const seed = () =>
    ctx.redis.zadd("z", { score: 1, member: "a" }, { score: 2, member: "b" }, {
      score: 3,
      member: "c",
    });

  it("ZCARD, ZCOUNT, ZLEXCOUNT, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZINCRBY", async () => {
    await seed();
    assert.equal(await ctx.redis.zcard("z"), 3);
    assert.equal(await ctx.redis.zcount("z", "(1", "+inf"), 2);
    assert.equal(await ctx.redis.zlexcount("z", "-", "+"), 3);
    assert.equal(await ctx.redis.zscore("z", "b"), 2);
    assert.equal(await ctx.redis.zscore("z", "nope"), null);
    assert.deepEqual(await ctx.redis.zmscore("z", "a", "nope", "c"), [1, null, 3]);
    assert.equal(await ctx.redis.zrank("z", "c"), 2);
    assert.equal(await ctx.redis.zrevrank("z", "c"), 0);
    assert.equal(await ctx.redis.zrank("z", "nope"), null);
    assert.equal(await ctx.redis.zincrby("z", 2.5, "a"), 3.5);
    assert.throws(() => ctx.redis.zincrby("z", NaN, "a"), DataError);
  });

  it("ZREM and the ZREMRANGEBY family", async () => {
    await seed();
    await ctx.redis.zadd("z", { score: 4, member: "d" }, { score: 5, member: "e" });
    assert.equal(await ctx.redis.zrem("z", "a", "nope"), 1);
    assert.equal(await ctx.redis.zremrangebyrank("z", 0, 0), 1);
    assert.equal(await ctx.redis.zremrangebyscore("z", "-inf", "(4"), 1);
    assert.deepEqual(await ctx.redis.zrange("z", 0, -1), ["d", "e"]);
    await ctx.redis.zadd("lex", { score: 0, member: "a" }, { score: 0, member: "b" }, {
      score: 0,
      member: "c",
    });
    assert.equal(await ctx.redis.zremrangebylex("lex", "[a", "[b"), 2);
  });

  it("ZPOPMIN, ZPOPMAX, ZMPOP and the blocking forms, same shapes on both protocols", async () => {
    await seed();
    assert.deepEqual(await ctx.redis.zpopmin("z"), [{ member: "a", score: 1 }]);
    assert.deepEqual(await ctx.redis.zpopmax("z", 5), [{ member: "c", score: 3 }, {
      member: "b",
      score: 2,
    }]);
    assert.deepEqual(await ctx.redis.zpopmin("z"), []);
    await seed();
    assert.deepEqual(await ctx.redis.zmpop(["nope", "z"], "max", { count: 2 }), {
      key: "z",
      members: [{ member: "c", score: 3 }, { member: "b", score: 2 }],
    });
    assert.equal(await ctx.redis.zmpop(["nope"], "min"), null);
    assert.deepEqual(await ctx.redis.bzpopmin(["z"], 1), { key: "z", member: "a", score: 1 });
    await seed();
    assert.deepEqual(await ctx.redis.bzpopmax(["z"], 1), { key: "z", member: "c", score: 3 });
    assert.deepEqual(await ctx.redis.bzmpop(1, ["z"], "min"), {
      key: "z",
      members: [{ member: "a", score: 1 }],
    });
    assert.equal(await ctx.redis.bzpopmin(["nope"], 0.1), null);
  });

  it("ZRANDMEMBER with count and scores", async () => {
    await seed();
    assert.ok(["a", "b", "c"].includes((await ctx.redis.zrandmember("z"))!));
    assert.deepEqual((await ctx.redis.zrandmember("z", 3)).sort(), ["a", "b", "c"]);
    const scored = await ctx.redis.zrandmember("z", 3, { withscores: true });
    assert.deepEqual(scored.sort((x, y) => x.score - y.score), [
      { member: "a", score: 1 },
      { member: "b", score: 2 },
      { member: "c", score: 3 },
    ]);
    assert.equal(await ctx.redis.zrandmember("nope"), null);
  });

  it("ZUNION, ZINTER, ZDIFF with weights, aggregate and scores; their STORE forms; ZINTERCARD", async () => {
    await seed();
    await ctx.redis.zadd("y", { score: 10, member: "b" }, { score: 20, member: "d" });
    assert.deepEqual(await ctx.redis.zinter(["z", "y"], { withscores: true }), [{
      member: "b",
      score: 12,
    }]);
    assert.deepEqual(
      await ctx.redis.zinter(["z", "y"], { weights: [2, 1], aggregate: "min", withscores: true }),
      [{ member: "b", score: 4 }],
    );
    assert.deepEqual(await ctx.redis.zunion(["z", "y"]), ["a", "c", "b", "d"]);
    assert.deepEqual(await ctx.redis.zunion(["z", "y"], { aggregate: "max", withscores: true }), [
      { member: "a", score: 1 },
      { member: "c", score: 3 },
      { member: "b", score: 10 },
      { member: "d", score: 20 },
    ]);
    assert.deepEqual(await ctx.redis.zdiff(["z", "y"]), ["a", "c"]);
    assert.deepEqual(await ctx.redis.zdiff(["z", "y"], { withscores: true }), [
      { member: "a", score: 1 },
      { member: "c", score: 3 },
    ]);
    assert.equal(await ctx.redis.zunionstore("u", ["z", "y"]), 4);
    assert.equal(await ctx.redis.zinterstore("i", ["z", "y"], { aggregate: "max" }), 1);
    assert.equal(await ctx.redis.zscore("i", "b"), 10);
    assert.equal(await ctx.redis.zdiffstore("d", ["z", "y"]), 2);
    assert.equal(await ctx.redis.zintercard(["z", "y"]), 1);
    assert.equal(await ctx.redis.zintercard(["z", "u"], { limit: 2 }), 2);
    assert.throws(() => ctx.redis.zunion(["z", "y"], { weights: [1] }), DataError);
  });

  it("ZRANGESTORE and the deprecated range commands", async () => {
    await seed();
    assert.equal(await ctx.redis.zrangestore("top", "z", 0, 1, { rev: true }), 2);
    assert.deepEqual(await ctx.redis.zrange("top", 0, -1), ["b", "c"]);
    assert.deepEqual(await ctx.redis.zrangebyscore("z", "(1", "+inf"), ["b", "c"]);
    assert.deepEqual(
      await ctx.redis.zrangebyscore("z", "-inf", "+inf", { limit: { offset: 1, count: 1 } }),
      ["b"],
    );
    assert.deepEqual(await ctx.redis.zrevrangebyscore("z", "+inf", 2), ["c", "b"]);
    assert.deepEqual(await ctx.redis.zrevrange("z", 0, 0), ["c"]);
    await ctx.redis.zadd("lex", { score: 0, member: "a" }, { score: 0, member: "b" });
    assert.deepEqual(await ctx.redis.zrangebylex("lex", "-", "+"), ["a", "b"]);
    assert.deepEqual(await ctx.redis.zrevrangebylex("lex", "+", "-"), ["b", "a"]);
  });

  it("ZRANGEBYSCORE WITHSCORES gives scored members, as ZRANGE withscores does", async () => {
    await seed();
    await ctx.redis.zadd("z", { score: -Infinity, member: "low" }, { score: 2.5, member: "mid" });
    const scored = await ctx.redis.zrangebyscore("z", "-inf", "(2.5", { withscores: true });
    assert.deepEqual(scored, [
      { member: "low", score: -Infinity },
      { member: "a", score: 1 },
      { member: "b", score: 2 },
    ]);
    assert.deepEqual(
      scored,
      await ctx.redis.zrange("z", "-inf", "(2.5", { by: "score", withscores: true }),
    );
    assert.deepEqual(
      await ctx.redis.zrangebyscore("z", 1, "+inf", {
        withscores: true,
        limit: { offset: 1, count: 2 },
      }),
      [{ member: "b", score: 2 }, { member: "mid", score: 2.5 }],
    );
    assert.deepEqual(await ctx.redis.zrangebyscore("missing", 0, 1, { withscores: true }), []);
  });

  it("ZREVRANGEBYSCORE WITHSCORES gives scored members, highest first", async () => {
    await seed();
    assert.deepEqual(await ctx.redis.zrevrangebyscore("z", "+inf", 2, { withscores: true }), [
      { member: "c", score: 3 },
      { member: "b", score: 2 },
    ]);
    assert.deepEqual(
      await ctx.redis.zrevrangebyscore("z", "+inf", "-inf", {
        withscores: true,
        limit: { offset: 0, count: 1 },
      }),
      [{ member: "c", score: 3 }],
    );
  });

  it("ZREVRANGE WITHSCORES gives scored members by descending rank", async () => {
    await seed();
    assert.deepEqual(await ctx.redis.zrevrange("z", 0, 1, { withscores: true }), [
      { member: "c", score: 3 },
      { member: "b", score: 2 },
    ]);
    assert.deepEqual(
      await ctx.redis.zrevrange("z", 0, -1, { withscores: true }),
      await ctx.redis.zrange("z", 0, -1, { rev: true, withscores: true }),
    );
    assert.deepEqual(await ctx.redis.zrevrange("z", 0, 0, { withscores: false }), ["c"]);
  });

  it("ZADD takes a member named INCR as a member, and incr returns the new score", async () => {
    assert.equal(await ctx.redis.zadd("z", { score: 1, member: "INCR" }), 1);
    assert.equal(await ctx.redis.zadd("z", { incr: true }, { score: 2, member: "INCR" }), 3);
    assert.equal(
      await ctx.redis.zadd("z", { incr: true, nx: true }, { score: 2, member: "INCR" }),
      null,
    );
  });

  it("sorted set commands on a string key give WrongTypeError", async () => {
    await ctx.redis.set("s", "v");
    for (
      const call of [
        () => ctx.redis.zcard("s"),
        () => ctx.redis.zscore("s", "m"),
        () => ctx.redis.zrank("s", "m"),
        () => ctx.redis.zrem("s", "m"),
        () => ctx.redis.zpopmin("s"),
        () => ctx.redis.zincrby("s", 1, "m"),
        () => ctx.redis.zcount("s", 0, 1),
        () => ctx.redis.zunion(["s"]),
        () => ctx.redis.zrandmember("s"),
      ]
    ) await assert.rejects(call(), WrongTypeError);
  });
});
