import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, ResponseError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

describeEachClient("string commands", (ctx) => {
  it("APPEND, STRLEN, GETRANGE, SUBSTR, SETRANGE", async () => {
    assert.equal(await ctx.redis.append("g", "hello"), 5);
    assert.equal(await ctx.redis.append("g", " world"), 11);
    assert.equal(await ctx.redis.strlen("g"), 11);
    assert.equal(await ctx.redis.strlen("missing"), 0);
    assert.equal(await ctx.redis.getrange("g", 0, 4), "hello");
    assert.equal(await ctx.redis.getrange("g", -5, -1), "world");
    assert.equal(await ctx.redis.substr("g", 6, 7), "wo");
    assert.equal(await ctx.redis.setrange("g", 6, "Redis"), 11);
    assert.equal(await ctx.redis.get("g"), "hello Redis");
    assert.throws(() => ctx.redis.setrange("g", -1, "x"), DataError);
  });

  it("DECR, DECRBY and INCRBYFLOAT", async () => {
    assert.equal(await ctx.redis.decr("n"), -1);
    assert.equal(await ctx.redis.decrby("n", 9), -10);
    assert.equal(await ctx.redis.incrbyfloat("f", 1.5), 1.5);
    assert.equal(await ctx.redis.incrbyfloat("f", -0.25), 1.25);
    await ctx.redis.set("word", "abc");
    await assert.rejects(ctx.redis.decr("word"), ResponseError);
    assert.throws(() => ctx.redis.incrbyfloat("f", NaN), DataError);
  });

  it("GETDEL, GETSET, GETEX", async () => {
    await ctx.redis.set("k", "v");
    assert.equal(await ctx.redis.getset("k", "w"), "v");
    assert.equal(await ctx.redis.getex("k", { ex: 100 }), "w");
    assert.ok(Number(await ctx.redis.ttl("k")) > 90);
    assert.equal(await ctx.redis.getex("k", { persist: true }), "w");
    assert.equal(await ctx.redis.ttl("k"), -1);
    assert.equal(await ctx.redis.getdel("k"), "w");
    assert.equal(await ctx.redis.exists("k"), 0);
    assert.equal(await ctx.redis.getdel("k"), null);
    assert.throws(() => ctx.redis.getex("k", { ex: 1, persist: true } as never), DataError);
  });

  it("LCS as a string and as a length", async () => {
    await ctx.redis.mset({ a: "ohmytext", b: "mynewtext" });
    assert.equal(await ctx.redis.lcs("a", "b"), "mytext");
    assert.equal(await ctx.redis.lcs("a", "b", { len: true }), 6);
  });

  it("LCS with IDX gives the matches' ranges and the length, the same on both protocols", async () => {
    await ctx.redis.mset({ a: "ohmytext", b: "mynewtext" });
    assert.deepEqual(await ctx.redis.lcs("a", "b", { idx: true }), {
      matches: [
        { key1: { start: 4, end: 7 }, key2: { start: 5, end: 8 } },
        { key1: { start: 2, end: 3 }, key2: { start: 0, end: 1 } },
      ],
      len: 6,
    });
  });

  it("LCS with IDX, MINMATCHLEN and WITHMATCHLEN gives each match's length", async () => {
    await ctx.redis.mset({ a: "ohmytext", b: "mynewtext" });
    assert.deepEqual(await ctx.redis.lcs("a", "b", { idx: true, withmatchlen: true }), {
      matches: [
        { key1: { start: 4, end: 7 }, key2: { start: 5, end: 8 }, length: 4 },
        { key1: { start: 2, end: 3 }, key2: { start: 0, end: 1 }, length: 2 },
      ],
      len: 6,
    });
    assert.deepEqual(
      await ctx.redis.lcs("a", "b", { idx: true, minmatchlen: 4, withmatchlen: true }),
      { matches: [{ key1: { start: 4, end: 7 }, key2: { start: 5, end: 8 }, length: 4 }], len: 6 },
    );
    assert.deepEqual(await ctx.redis.lcs("a", "b", { idx: true, minmatchlen: 5 }), {
      matches: [],
      len: 6,
    });
    assert.deepEqual(await ctx.redis.lcs("a", "missing", { idx: true }), { matches: [], len: 0 });
  });

  it("LCS options that cannot go together throw DataError", () => {
    assert.throws(
      () => ctx.redis.lcs("a", "b", { len: true, idx: true } as never),
      /lcs: options len and idx cannot be combined/,
    );
    assert.throws(
      () => ctx.redis.lcs("a", "b", { minmatchlen: 2 } as never),
      /lcs: option minmatchlen needs idx/,
    );
    assert.throws(
      () => ctx.redis.lcs("a", "b", { withmatchlen: true } as never),
      /lcs: option withmatchlen needs idx/,
    );
    assert.throws(() => ctx.redis.lcs("a", "b", { idx: true, minmatchlen: -1 }), DataError);
  });

  it("INCR, INCRBY, DECR and DECRBY return a bigint past 2^53, exactly", async () => {
    await ctx.redis.set("n", String(2 ** 53 - 1));
    assert.equal(await ctx.redis.incr("n"), 9007199254740992n);
    assert.equal(await ctx.redis.incrby("n", 2n ** 62n), 9007199254740992n + 2n ** 62n);
    assert.equal(await ctx.redis.decrby("n", 2n ** 62n), 9007199254740992n);
    assert.equal(await ctx.redis.decr("n"), 2 ** 53 - 1);
    assert.equal(await ctx.redis.incrby("small", 5), 5);
    assert.throws(() => ctx.redis.incrby("n", 2n ** 63n), DataError);
    assert.throws(() => ctx.redis.incrby("n", "5" as never), /got the string "5"/);
    assert.equal(await ctx.redis.get("n"), String(2 ** 53 - 1));
  });

  it("MSETNX, SETNX, SETEX, PSETEX", async () => {
    assert.equal(await ctx.redis.msetnx({ a: "1", b: "2" }), true);
    assert.equal(await ctx.redis.msetnx([["b", "x"], ["c", "3"]]), false);
    assert.equal(await ctx.redis.exists("c"), 0);
    assert.equal(await ctx.redis.setnx("a", "x"), false);
    assert.equal(await ctx.redis.setnx("d", "4"), true);
    assert.equal(await ctx.redis.setex("e", 100, "5"), "OK");
    assert.ok(Number(await ctx.redis.ttl("e")) > 90);
    assert.equal(await ctx.redis.psetex("f", 100_000, "6"), "OK");
    assert.ok(Number(await ctx.redis.ttl("f")) > 90);
    assert.throws(() => ctx.redis.setex("e", 0, "x"), DataError);
  });

  it("string commands on a list key give WrongTypeError", async () => {
    await ctx.redis.lpush("l", "x");
    for (
      const call of [
        () => ctx.redis.append("l", "x"),
        () => ctx.redis.strlen("l"),
        () => ctx.redis.getrange("l", 0, 1),
        () => ctx.redis.setrange("l", 0, "x"),
        () => ctx.redis.decr("l"),
        () => ctx.redis.incrbyfloat("l", 1),
        () => ctx.redis.getdel("l"),
        () => ctx.redis.getex("l"),
        () => ctx.redis.getset("l", "x"),
      ]
    ) await assert.rejects(call(), WrongTypeError);
  });
});
