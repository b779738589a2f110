import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

describeEachClient("bitmap commands", (ctx) => {
  it("SETBIT, GETBIT, BITCOUNT with byte and bit ranges, BITPOS", async () => {
    assert.equal(await ctx.redis.setbit("b", 7, 1), 0);
    assert.equal(await ctx.redis.setbit("b", 7, 1), 1);
    await ctx.redis.setbit("b", 9, 1);
    assert.equal(await ctx.redis.getbit("b", 7), 1);
    assert.equal(await ctx.redis.getbit("b", 1000), 0);
    assert.equal(await ctx.redis.bitcount("b"), 2);
    assert.equal(await ctx.redis.bitcount("b", { start: 1, end: 1 }), 1);
    assert.equal(await ctx.redis.bitcount("b", { start: 0, end: 7, unit: "bit" }), 1);
    assert.equal(await ctx.redis.bitpos("b", 1), 7);
    assert.equal(await ctx.redis.bitpos("b", 1, { start: 1 }), 9);
    assert.equal(await ctx.redis.bitpos("b", 1, { start: 8, end: 15, unit: "bit" }), 9);
    assert.throws(() => ctx.redis.setbit("b", 0, 2 as 1), DataError);
    assert.throws(() => ctx.redis.bitcount("b", { start: 0 }), DataError);
  });

  it("BITOP and, or, xor, not", async () => {
    await ctx.redis.set("x", "\x0f");
    await ctx.redis.set("y", "\x3c");
    assert.equal(await ctx.redis.bitop("and", "and", "x", "y"), 1);
    assert.deepEqual(await ctx.redis.bytes.get("and"), new Uint8Array([0x0c]));
    await ctx.redis.bitop("or", "or", "x", "y");
    assert.deepEqual(await ctx.redis.bytes.get("or"), new Uint8Array([0x3f]));
    await ctx.redis.bitop("xor", "xor", "x", "y");
    assert.deepEqual(await ctx.redis.bytes.get("xor"), new Uint8Array([0x33]));
    await ctx.redis.bitop("not", "not", "x");
    assert.deepEqual(await ctx.redis.bytes.get("not"), new Uint8Array([0xf0]));
    assert.throws(() => ctx.redis.bitop("not", "n", "x", "y"), DataError);
  });

  it("BITFIELD set, incrby with overflow, get; BITFIELD_RO", async () => {
    assert.deepEqual(
      await ctx.redis.bitfield("f", [
        { set: { encoding: "u8", offset: 0, value: 200 } },
        { incrby: { encoding: "u8", offset: 0, increment: 100 } },
        { overflow: "fail" },
        { incrby: { encoding: "u8", offset: 0, increment: 250 } },
        { get: { encoding: "u8", offset: "#0" } },
      ]),
      [0, 44, null, 44],
    );
    assert.deepEqual(await ctx.redis.bitfieldRo("f", [{ encoding: "u8", offset: 0 }]), [44]);
  });

  it("BITFIELD i64 values past 2^53 come back as bigints, exactly", async () => {
    assert.deepEqual(
      await ctx.redis.bitfield("f", [
        { set: { encoding: "i64", offset: 0, value: 2n ** 62n + 1n } },
        { incrby: { encoding: "i64", offset: 0, increment: -(2n ** 61n) } },
        { get: { encoding: "u8", offset: 64 } },
      ]),
      [0, 2n ** 61n + 1n, 0],
    );
    assert.deepEqual(await ctx.redis.bitfieldRo("f", [{ encoding: "i64", offset: "#0" }]), [
      2n ** 61n + 1n,
    ]);
    assert.throws(
      () => ctx.redis.bitfield("f", [{ set: { encoding: "i64", offset: 0, value: 2n ** 63n } }]),
      /bitfield operations\[0\]\.set\.value: expected a 64-bit integer, got the bigint 9223372036854775808n/,
    );
    assert.throws(
      () => ctx.redis.bitfield("f", [{ get: { encoding: "x8", offset: 0 } }]),
      /encoding: expected an encoding like "u8" or "i16", got the string "x8"/,
    );
  });

  it("bitmap commands on a list key give WrongTypeError", async () => {
    await ctx.redis.lpush("l", "x");
    await assert.rejects(ctx.redis.setbit("l", 0, 1), WrongTypeError);
    await assert.rejects(ctx.redis.bitcount("l"), WrongTypeError);
    await assert.rejects(
      ctx.redis.bitfield("l", [{ get: { encoding: "u8", offset: 0 } }]),
      WrongTypeError,
    );
  });
});

describeEachClient("hyperloglog commands", (ctx) => {
  it("PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST", async () => {
    assert.equal(await ctx.redis.pfadd("h1", "a", "b", "c"), true);
    assert.equal(await ctx.redis.pfadd("h1", "a"), false);
    await ctx.redis.pfadd("h2", "c", "d");
    assert.equal(await ctx.redis.pfcount("h1"), 3);
    assert.equal(await ctx.redis.pfcount("h1", "h2"), 4);
    assert.equal(await ctx.redis.pfmerge("h3", "h1", "h2"), "OK");
    assert.equal(await ctx.redis.pfcount("h3"), 4);
    assert.equal(await ctx.redis.pfdebug("encoding", "h3"), "sparse");
    assert.equal(await ctx.redis.pfselftest(), "OK");
    await ctx.redis.set("s", "not an hll");
    await assert.rejects(ctx.redis.pfcount("s"), /WRONGTYPE|not a valid HyperLogLog/);
  });
});
