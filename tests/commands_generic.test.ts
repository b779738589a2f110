import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, Redis, ResponseError } from "../mod.ts";
import { describeEachClient, skipUnsupported } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";
import { startServer } from "./support/server.ts";

describeEachClient("generic commands", (ctx) => {
  it("COPY, RENAME, RENAMENX, TYPE, TOUCH, UNLINK", async () => {
    await ctx.redis.set("a", "1");
    assert.equal(await ctx.redis.copy("a", "b"), true);
    assert.equal(await ctx.redis.copy("a", "b"), false);
    assert.equal(await ctx.redis.copy("a", "b", { replace: true }), true);
    assert.equal(await ctx.redis.copy("a", "a1", { db: 1 }), true);
    assert.equal(await ctx.redis.rename("b", "c"), "OK");
    assert.equal(await ctx.redis.renamenx("c", "a"), false);
    assert.equal(await ctx.redis.renamenx("c", "d"), true);
    await assert.rejects(ctx.redis.rename("missing", "x"), ResponseError);
    await ctx.redis.lpush("l", "x");
    assert.equal(await ctx.redis.type("a"), "string");
    assert.equal(await ctx.redis.type("l"), "list");
    assert.equal(await ctx.redis.type("missing"), "none");
    assert.equal(await ctx.redis.touch("a", "l", "missing"), 2);
    assert.equal(await ctx.redis.unlink("a", "l", "missing"), 2);
  });

  it("expiry in seconds and milliseconds, absolute and relative, with conditions", async () => {
    await ctx.redis.set("k", "v");
    const now = Math.floor(Date.now() / 1000);
    assert.equal(await ctx.redis.expireat("k", now + 100), 1);
    assert.ok(Math.abs(Number(await ctx.redis.expiretime("k")) - (now + 100)) <= 1);
    assert.equal(await ctx.redis.pexpire("k", 50_000, { lt: true }), 1);
    const pttl = Number(await ctx.redis.pttl("k"));
    assert.ok(pttl > 40_000 && pttl <= 50_000, `pttl ${pttl}`);
    assert.equal(await ctx.redis.pexpireat("k", Date.now() + 200_000, { gt: true }), 1);
    assert.ok((await ctx.redis.pexpiretime("k")) > Date.now() + 190_000);
    assert.equal(await ctx.redis.persist("k"), true);
    assert.equal(await ctx.redis.persist("k"), false);
    assert.equal(await ctx.redis.expiretime("k"), -1);
    assert.equal(await ctx.redis.pttl("missing"), -2);
    assert.throws(() => ctx.redis.pexpire("k", 1.5), DataError);
  });

  it("PTTL, TTL, EXPIRETIME and PEXPIRETIME past 2^53 come back as bigints, exactly", async () => {
    await ctx.redis.set("k", "v");
    await ctx.redis.sendCommand(["PEXPIREAT", "k", String(2n ** 60n)]);
    assert.equal(await ctx.redis.pexpiretime("k"), 2n ** 60n);
    const pttl = await ctx.redis.pttl("k");
    assert.equal(typeof pttl, "bigint");
    assert.ok(BigInt(pttl) > 2n ** 60n - BigInt(Date.now()) - 10_000n, String(pttl));
    assert.equal(await ctx.redis.expiretime("k"), Number((2n ** 60n + 999n) / 1000n));
    assert.equal(typeof await ctx.redis.ttl("k"), "number");
  });

  it("SORT_RO takes no store; SORT with store returns the count", async () => {
    await ctx.redis.rpush("ids", "2", "1");
    assert.throws(
      () => ctx.redis.sortRo("ids", { store: "out" } as never),
      /sortRo: option store is not allowed/,
    );
    assert.equal(await ctx.redis.exists("out"), 0);
    assert.equal(await ctx.redis.sort("ids", { store: "out" }), 2);
  });

  it("KEYS, RANDOMKEY, MOVE", async () => {
    assert.equal(await ctx.redis.randomkey(), null);
    await ctx.redis.mset({ "user:1": "a", "user:2": "b", other: "c" });
    assert.deepEqual((await ctx.redis.keys("user:*")).sort(), ["user:1", "user:2"]);
    assert.ok(["user:1", "user:2", "other"].includes((await ctx.redis.randomkey())!));
    assert.equal(await ctx.redis.move("other", 2), true);
    assert.equal(await ctx.redis.exists("other"), 0);
  });

  it("DUMP and RESTORE a value through the bytes view", async () => {
    await ctx.redis.hset("h", { f: "v" });
    const payload = await ctx.redis.bytes.dump("h");
    assert.ok(payload instanceof Uint8Array);
    assert.equal(await ctx.redis.restore("h2", 0, payload!), "OK");
    assert.deepEqual(await ctx.redis.hgetall("h2"), record({ f: "v" }));
    await assert.rejects(ctx.redis.restore("h2", 0, payload!), ResponseError);
    assert.equal(await ctx.redis.restore("h2", 100_000, payload!, { replace: true }), "OK");
    assert.ok((await ctx.redis.pttl("h2")) > 90_000);
    assert.equal(await ctx.redis.dump("missing"), null);
  });

  it("OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ, HELP", async () => {
    await ctx.redis.set("n", "12345");
    assert.equal(await ctx.redis.objectEncoding("n"), "int");
    assert.equal(await ctx.redis.objectEncoding("missing"), null);
    assert.ok((await ctx.redis.objectRefcount("n"))! >= 1);
    assert.ok((await ctx.redis.objectIdletime("n"))! >= 0);
    await assert.rejects(ctx.redis.objectFreq("n"), ResponseError, "FREQ needs an LFU policy");
    assert.match((await ctx.redis.objectHelp())[0], /OBJECT/);
  });

  it("SORT and SORT_RO: numeric, alpha, limit, by, get, store", async () => {
    await ctx.redis.rpush("ids", "3", "1", "2");
    await ctx.redis.mset({
      w_1: "30",
      w_2: "20",
      w_3: "10",
      name_1: "a",
      name_2: "b",
      name_3: "c",
    });
    assert.deepEqual(await ctx.redis.sort("ids"), ["1", "2", "3"]);
    assert.deepEqual(await ctx.redis.sort("ids", { desc: true, limit: { offset: 0, count: 2 } }), [
      "3",
      "2",
    ]);
    assert.deepEqual(await ctx.redis.sort("ids", { by: "w_*" }), ["3", "2", "1"]);
    assert.deepEqual(await ctx.redis.sort("ids", { get: ["#", "name_*", "missing_*"] }), [
      "1",
      "a",
      null,
      "2",
      "b",
      null,
      "3",
      "c",
      null,
    ]);
    assert.equal(await ctx.redis.sort("ids", { store: "sorted" }), 3);
    assert.deepEqual(await ctx.redis.lrange("sorted", 0, -1), ["1", "2", "3"]);
    await ctx.redis.sadd("names", "b", "a");
    assert.deepEqual(await ctx.redis.sortRo("names", { alpha: true }), ["a", "b"]);
  });

  it("WAIT answers 0 without replicas; WAITAOF needs 7.2", async (t) => {
    assert.equal(await ctx.redis.wait(0, 10), 0);
    const reply = await ctx.redis.waitaof(0, 0, 10).catch((error) => error);
    if (skipUnsupported(t, reply)) return;
    assert.deepEqual(reply, [0, 0]);
  });

  it("MIGRATE moves and copies keys to another server", async () => {
    const other = await startServer();
    try {
      await ctx.redis.mset({ m1: "a", m2: "b" });
      assert.equal(await ctx.redis.migrate("127.0.0.1", other.port, ["m1"], 0, 5000), "OK");
      assert.equal(await ctx.redis.exists("m1"), 0);
      assert.equal(
        await ctx.redis.migrate("127.0.0.1", other.port, ["m2"], 0, 5000, { copy: true }),
        "OK",
      );
      assert.equal(await ctx.redis.exists("m2"), 1);
      assert.equal(await ctx.redis.migrate("127.0.0.1", other.port, ["nope"], 0, 5000), "NOKEY");
      await using there = await Redis.connect({ port: other.port });
      assert.deepEqual(await there.mget("m1", "m2"), ["a", "b"]);
    } finally {
      await other.stop();
    }
  });
});
