import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { DataError, Redis, WrongTypeError } from "../mod.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { record } from "./support/record.ts";

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

for (const protocol of [2, 3] as const) {
  describe(`commands over RESP${protocol}`, () => {
    let redis: Redis;
    before(async () => {
      redis = await Redis.connect({ port: server.port, protocol });
      assert.equal(redis.protocol, protocol);
    });
    after(async () => {
      await redis?.close();
    });
    beforeEach(async () => {
      await redis.flushdb();
    });

    it("PING answers PONG, or the message", async () => {
      assert.equal(await redis.ping(), "PONG");
      assert.equal(await redis.ping("hi"), "hi");
    });

    it("ECHO returns its argument, bytes included", async () => {
      assert.equal(await redis.echo("héllo ✓"), "héllo ✓");
      assert.deepEqual(
        await redis.bytes.echo(new Uint8Array([0, 255, 13, 10])),
        new Uint8Array([0, 255, 13, 10]),
      );
    });

    it("GET returns null for a missing key and the value for a set one", async () => {
      assert.equal(await redis.get("missing"), null);
      assert.equal(await redis.set("k", "v"), "OK");
      assert.equal(await redis.get("k"), "v");
    });

    it("SET EX and PX set a TTL", async () => {
      await redis.set("ex", "v", { ex: 100 });
      const ttl = await redis.ttl("ex");
      assert.ok(ttl > 90 && ttl <= 100, `ttl ${ttl}`);
      await redis.set("px", "v", { px: 50_000 });
      const pxTtl = await redis.ttl("px");
      assert.ok(pxTtl > 40 && pxTtl <= 50, `ttl ${pxTtl}`);
    });

    it("SET EXAT and PXAT set an absolute expiry", async () => {
      const now = Math.floor(Date.now() / 1000);
      await redis.set("exat", "v", { exat: now + 200 });
      const ttl = await redis.ttl("exat");
      assert.ok(ttl > 150 && ttl <= 200, `ttl ${ttl}`);
      await redis.set("pxat", "v", { pxat: (now + 300) * 1000 });
      const pxTtl = await redis.ttl("pxat");
      assert.ok(pxTtl > 250 && pxTtl <= 300, `ttl ${pxTtl}`);
    });

    it("SET NX returns null when the key exists", async () => {
      assert.equal(await redis.set("k", "1", { nx: true }), "OK");
      assert.equal(await redis.set("k", "2", { nx: true }), null);
      assert.equal(await redis.get("k"), "1");
    });

    it("SET XX returns null when the key is missing", async () => {
      assert.equal(await redis.set("k", "1", { xx: true }), null);
      assert.equal(await redis.get("k"), null);
    });

    it("SET KEEPTTL keeps the TTL and GET returns the old value", async () => {
      await redis.set("k", "1", { ex: 100 });
      assert.equal(await redis.set("k", "2", { keepttl: true, get: true }), "1");
      assert.ok((await redis.ttl("k")) > 90);
      assert.equal(await redis.set("fresh", "x", { get: true }), null);
    });

    it("SET rejects combined expiries and bad values with DataError before sending", () => {
      assert.throws(
        () => redis.set("k", "v", { ex: 1, px: 1 } as never),
        (error: unknown) => error instanceof DataError && /ex and px/.test(error.message),
      );
      assert.throws(() => redis.set("k", "v", { ex: 0 }), /set ex: expected an integer ≥ 1, got 0/);
      assert.throws(() => redis.set("k", "v", { ex: 1.5 }), DataError);
    });

    it("DEL and EXISTS count keys", async () => {
      await redis.mset({ a: "1", b: "2" });
      assert.equal(await redis.exists("a", "b", "a", "missing"), 3);
      assert.equal(await redis.del("a", "missing"), 1);
      assert.equal(await redis.exists("a"), 0);
      assert.throws(() => redis.del(), DataError);
    });

    it("INCR and INCRBY return the new value; past 2^53 a bigint", async () => {
      assert.equal(await redis.incr("n"), 1);
      assert.equal(await redis.incrby("n", 41), 42);
      assert.equal(await redis.incrby("n", -2), 40);
      await redis.set("big", "9007199254740990");
      assert.equal(await redis.incrby("big", 10), 9007199254741000n);
      assert.equal(await redis.incrby("big", 1n), 9007199254741001n);
    });

    it("MGET returns values and nulls in order; MSET takes objects and pairs", async () => {
      assert.equal(await redis.mset({ a: "1", b: 2 }), "OK");
      assert.equal(await redis.mset([["c", "3"]]), "OK");
      assert.deepEqual(await redis.mget("a", "missing", "b", "c"), ["1", null, "2", "3"]);
    });

    it("EXPIRE sets a timeout; TTL reports -1 without and -2 for missing keys", async () => {
      await redis.set("k", "v");
      assert.equal(await redis.ttl("k"), -1);
      assert.equal(await redis.ttl("missing"), -2);
      assert.equal(await redis.expire("k", 100), 1);
      assert.equal(await redis.expire("k", 10, { gt: true }), 0);
      assert.equal(await redis.expire("k", 10, { lt: true }), 1);
      assert.ok((await redis.ttl("k")) <= 10);
      assert.equal(await redis.expire("missing", 10), 0);
    });

    it("HSET, HGET and HGETALL round-trip a hash as an object", async () => {
      assert.equal(await redis.hset("h", { name: "Ada", born: 1815 }), 2);
      assert.equal(await redis.hset("h", [["name", "Grace"], ["field", "x"]]), 1);
      assert.equal(await redis.hget("h", "name"), "Grace");
      assert.equal(await redis.hget("h", "nope"), null);
      assert.deepEqual(
        await redis.hgetall("h"),
        record({ name: "Grace", born: "1815", field: "x" }),
      );
      assert.deepEqual(await redis.hgetall("missing"), record({}));
    });

    it("HGETALL on the bytes view gives string fields and byte values", async () => {
      await redis.hset("h", { f: new Uint8Array([1, 2, 255]) });
      assert.deepEqual(await redis.bytes.hgetall("h"), record({ f: new Uint8Array([1, 2, 255]) }));
    });

    it("LPUSH and LRANGE", async () => {
      assert.equal(await redis.lpush("l", "a", "b", 3), 3);
      assert.deepEqual(await redis.lrange("l", 0, -1), ["3", "b", "a"]);
      assert.deepEqual(await redis.lrange("l", -1, -1), ["a"]);
      assert.deepEqual(await redis.lrange("missing", 0, -1), []);
    });

    it("SADD and SMEMBERS", async () => {
      assert.equal(await redis.sadd("s", "a", "b", "a"), 2);
      assert.deepEqual((await redis.smembers("s")).sort(), ["a", "b"]);
      assert.deepEqual(await redis.smembers("missing"), []);
    });

    it("ZADD with options and ZRANGE with and without scores", async () => {
      assert.equal(
        await redis.zadd("z", { score: 1, member: "a" }, { score: 2.5, member: "b" }, {
          score: Infinity,
          member: "c",
        }),
        3,
      );
      assert.equal(await redis.zadd("z", { xx: true, ch: true }, { score: 5, member: "a" }), 1);
      assert.equal(await redis.zadd("z", { nx: true }, { score: 9, member: "a" }), 0);
      assert.equal(await redis.zadd("z", { gt: true, ch: true }, { score: 1, member: "a" }), 0);
      assert.equal(await redis.zadd("z", { incr: true }, { score: 1.5, member: "a" }), 6.5);
      assert.equal(
        await redis.zadd("z", { incr: true, nx: true }, { score: 1, member: "a" }),
        null,
      );
      assert.deepEqual(await redis.zrange("z", 0, -1), ["b", "a", "c"]);
      assert.deepEqual(await redis.zrange("z", 0, -1, { withscores: true }), [
        { member: "b", score: 2.5 },
        { member: "a", score: 6.5 },
        { member: "c", score: Infinity },
      ]);
      assert.deepEqual(await redis.zrange("z", "(2.5", "+inf", { by: "score" }), ["a", "c"]);
      assert.deepEqual(
        await redis.zrange("z", "+inf", "-inf", {
          by: "score",
          rev: true,
          limit: { offset: 0, count: 1 },
        }),
        ["c"],
      );
    });

    it("ZADD rejects a NaN score with DataError naming it", () => {
      assert.throws(
        () => redis.zadd("z", { score: NaN, member: "a" }),
        (error: unknown) =>
          error instanceof DataError && error.message.includes("members[0].score"),
      );
      assert.throws(
        () => redis.zadd("z", { nx: true, gt: true } as never, { score: 1, member: "a" }),
        DataError,
      );
    });

    it("INFO parses sections; infoRaw returns the text", async () => {
      const info = await redis.info("server");
      assert.match(info.server.redis_version, /^\d+\.\d+\.\d+$/);
      assert.equal(info.server.tcp_port, String(server.port));
      assert.match(await redis.infoRaw("server"), /^# Server\r\n/);
      const keyspace = await redis.set("k", "v").then(() => redis.info("keyspace"));
      assert.match(keyspace.keyspace.db0, /^keys=1,/);
    });

    it("FLUSHDB empties the database", async () => {
      await redis.set("k", "v");
      assert.equal(await redis.flushdb("async"), "OK");
      assert.equal(await redis.exists("k"), 0);
    });

    it("a server error rejects with its typed class and code", async () => {
      await redis.lpush("list", "x");
      await assert.rejects(redis.get("list"), (error: unknown) => {
        assert.ok(error instanceof WrongTypeError);
        assert.equal(error.code, "WRONGTYPE");
        return true;
      });
    });

    it("sendCommand returns the raw reply", async () => {
      await redis.hset("h", { a: "1" });
      const raw = await redis.sendCommand(["HGETALL", "h"]);
      if (protocol === 3) assert.deepEqual(raw, new Map([["a", "1"]]));
      else assert.deepEqual(raw, ["a", "1"]);
    });

    it("a pipeline returns replies in order with errors in their slots", async () => {
      await redis.set("str", "x");
      const results = await redis.pipeline().set("a", "1").incr("a").lpush("str", "y").get("a")
        .exec();
      assert.equal(results[0], "OK");
      assert.equal(results[1], 2);
      assert.ok(results[2] instanceof WrongTypeError);
      assert.equal(results[3], "2");
    });

    it("a pipeline with throwOnError throws the first error after every command ran", async () => {
      await redis.set("str", "x");
      await assert.rejects(
        redis.pipeline().lpush("str", "y").incr("after").exec({ throwOnError: true }),
        WrongTypeError,
      );
      assert.equal(await redis.get("after"), "1");
      assert.deepEqual(await redis.pipeline().incr("after").exec({ throwOnError: true }), [2]);
    });

    it("a pipeline keeps a DataError in the slot of an argument that cannot be sent", async () => {
      const results = await redis.pipeline().set("a", "1").sendCommand(["SET", "b", NaN]).get("a")
        .exec();
      assert.equal(results[0], "OK");
      assert.ok(results[1] instanceof DataError);
      assert.match((results[1] as DataError).message, /argument 2: expected a number, got NaN/);
      assert.equal(results[2], "1");
      assert.equal(await redis.exists("b"), 0);
    });

    it("a pipeline of 100,000 commands returns every reply in order", async () => {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 100_000; i++) pipeline.echo(String(i));
      const results = await pipeline.exec();
      assert.equal(results.length, 100_000);
      assert.ok(results.every((value, i) => value === String(i)));
      assert.deepEqual(await redis.pipeline().exec(), []);
    });

    it("1,000 concurrent commands resolve in order", async () => {
      const replies = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => redis.echo(String(i))),
      );
      assert.deepEqual(replies, Array.from({ length: 1000 }, (_, i) => String(i)));
    });

    it("a 4 MiB binary value round-trips on the bytes view", async () => {
      const value = new Uint8Array(4 * 1024 * 1024);
      for (let i = 0; i < value.length; i++) value[i] = (i * 31) & 0xff;
      await redis.set("big", value);
      assert.deepEqual(await redis.bytes.get("big"), value);
    });
  });
}
