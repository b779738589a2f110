import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

/** Field names that are members of `Object.prototype`. */
const PROTOTYPE_NAMES = ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"];

describeEachClient("hash commands", (ctx) => {
  const seed = () => ctx.redis.hset("h", { name: "Ada", born: 1815, visits: 1 });

  it("HDEL, HEXISTS, HLEN, HSTRLEN", async () => {
    await seed();
    assert.equal(await ctx.redis.hexists("h", "name"), true);
    assert.equal(await ctx.redis.hexists("h", "nope"), false);
    assert.equal(await ctx.redis.hlen("h"), 3);
    assert.equal(await ctx.redis.hstrlen("h", "name"), 3);
    assert.equal(await ctx.redis.hstrlen("h", "nope"), 0);
    assert.equal(await ctx.redis.hdel("h", "name", "nope"), 1);
    assert.equal(await ctx.redis.hlen("h"), 2);
    assert.throws(() => ctx.redis.hdel("h"), DataError);
  });

  it("HINCRBY and HINCRBYFLOAT return the new number", async () => {
    await seed();
    assert.equal(await ctx.redis.hincrby("h", "visits", 41), 42);
    assert.equal(await ctx.redis.hincrby("h", "fresh", -3), -3);
    assert.equal(await ctx.redis.hincrbyfloat("h", "price", 1.5), 1.5);
    assert.equal(await ctx.redis.hincrbyfloat("h", "price", -0.25), 1.25);
    assert.throws(() => ctx.redis.hincrby("h", "visits", 1.5), DataError);
    assert.throws(() => ctx.redis.hincrbyfloat("h", "price", NaN), DataError);
  });

  it("HKEYS, HVALS and HMGET", async () => {
    await seed();
    assert.deepEqual((await ctx.redis.hkeys("h")).sort(), ["born", "name", "visits"]);
    assert.deepEqual((await ctx.redis.hvals("h")).sort(), ["1", "1815", "Ada"]);
    assert.deepEqual(await ctx.redis.hmget("h", "name", "nope", "born"), ["Ada", null, "1815"]);
    assert.deepEqual(await ctx.redis.hkeys("missing"), []);
  });

  it("HMSET (deprecated) and HSETNX", async () => {
    assert.equal(await ctx.redis.hmset("h", [["a", "1"], ["b", "2"]]), "OK");
    assert.equal(await ctx.redis.hsetnx("h", "a", "x"), false);
    assert.equal(await ctx.redis.hsetnx("h", "c", "3"), true);
    assert.deepEqual(await ctx.redis.hgetall("h"), record({ a: "1", b: "2", c: "3" }));
  });

  it("HRANDFIELD: one field, a count, and pairs with values", async () => {
    await seed();
    const fields = ["born", "name", "visits"];
    assert.ok(fields.includes((await ctx.redis.hrandfield("h"))!));
    assert.equal(await ctx.redis.hrandfield("missing"), null);
    assert.deepEqual((await ctx.redis.hrandfield("h", 3)).sort(), fields);
    assert.equal((await ctx.redis.hrandfield("h", -5)).length, 5);
    const pairs = await ctx.redis.hrandfield("h", 3, { withvalues: true });
    assert.deepEqual(
      pairs.sort((a, b) => a.field.localeCompare(b.field)),
      [{ field: "born", value: "1815" }, { field: "name", value: "Ada" }, {
        field: "visits",
        value: "1",
      }],
    );
  });

  it("HINCRBY returns a bigint past 2^53 and takes a bigint increment", async () => {
    assert.equal(await ctx.redis.hincrby("h", "n", 2 ** 53 - 1), 2 ** 53 - 1);
    assert.equal(await ctx.redis.hincrby("h", "n", 2), 9007199254740993n);
    assert.equal(await ctx.redis.hincrby("h", "n", -(2n ** 62n)), 9007199254740993n - 2n ** 62n);
    assert.throws(() => ctx.redis.hincrby("h", "n", 2n ** 63n), DataError);
  });

  for (const name of PROTOTYPE_NAMES) {
    it(`HGETALL keeps a field named '${name}' as an own property of a record without prototype`, async () => {
      await ctx.redis.hset("h", [[name, "own"], ["plain", "p"]]);
      const fields = await ctx.redis.hgetall("h");
      assert.equal(Object.getPrototypeOf(fields), null);
      assert.ok(Object.hasOwn(fields, name), `${name} is an own property`);
      assert.equal(fields[name], "own");
      assert.deepEqual(Object.keys(fields).sort(), [name, "plain"].sort());
      assert.deepEqual(fields, record({ [name]: "own", plain: "p" }));
    });

    it(`the bytes view's HGETALL keeps a field named '${name}' (the prototype stays null)`, async () => {
      await ctx.redis.hset("h", [[name, "own"]]);
      const fields = await ctx.redis.bytes.hgetall("h");
      assert.equal(Object.getPrototypeOf(fields), null);
      assert.ok(Object.hasOwn(fields, name));
      assert.deepEqual(fields[name], new TextEncoder().encode("own"));
      assert.deepEqual(Object.keys(fields), [name]);
    });

    it(`HRANDFIELD WITHVALUES returns a field named '${name}' with its value`, async () => {
      await ctx.redis.hset("h", [[name, "own"]]);
      assert.deepEqual(await ctx.redis.hrandfield("h", 1, { withvalues: true }), [
        { field: name, value: "own" },
      ]);
      assert.deepEqual(await ctx.redis.hrandfield("h", -2, { withvalues: true }), [
        { field: name, value: "own" },
        { field: name, value: "own" },
      ]);
    });
  }

  it("HGETALL of every prototype-like name at once, and of a missing key", async () => {
    await ctx.redis.hset("h", PROTOTYPE_NAMES.map((name): [string, string] => [name, `v:${name}`]));
    const fields = await ctx.redis.hgetall("h");
    assert.deepEqual({ ...fields }, Object.fromEntries(PROTOTYPE_NAMES.map((n) => [n, `v:${n}`])));
    const none = await ctx.redis.hgetall("missing");
    assert.equal(Object.getPrototypeOf(none), null);
    assert.deepEqual(Object.keys(none), []);
  });

  it("hash commands on a string key give WrongTypeError", async () => {
    await ctx.redis.set("s", "x");
    for (
      const call of [
        () => ctx.redis.hlen("s"),
        () => ctx.redis.hkeys("s"),
        () => ctx.redis.hvals("s"),
        () => ctx.redis.hexists("s", "f"),
        () => ctx.redis.hincrby("s", "f", 1),
        () => ctx.redis.hrandfield("s"),
        () => ctx.redis.hstrlen("s", "f"),
        () => ctx.redis.hmget("s", "f"),
        () => ctx.redis.hdel("s", "f"),
        () => ctx.redis.hsetnx("s", "f", "v"),
      ]
    ) await assert.rejects(call(), WrongTypeError);
  });
});
