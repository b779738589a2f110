/**
 * The client-side cache (`cache` option) on a single server, over RESP3 and
 * RESP2 (RESP2: invalidations on a listener connection the tracking is
 * redirected to): hits and misses, copies, invalidation by another client's
 * writes and by the client's own, flushes, SELECT and the other commands
 * that change what a connection reads, opting out and in, broadcast
 * prefixes, the bounds, and what is never cached. Races that need a reply
 * or an invalidation held on its way are in cache_races.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis, ResponseError } from "../mod.ts";
import type { CacheOptions } from "../lib/client/options.ts";
import { forKey, nextInvalidation, served, statsOf, until } from "./support/cache.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const protocol of [3, 2] as const) {
  describe(`client-side cache over RESP${protocol}`, () => {
    let server: TestServer;
    let other: Redis;
    const clients: Redis[] = [];
    /** A caching client of this protocol, closed after the group. */
    async function caching(cache: boolean | CacheOptions = true): Promise<Redis> {
      const redis = await Redis.connect({ port: server.port, protocol, cache });
      clients.push(redis);
      return redis;
    }
    before(async () => {
      server = await startServer();
      other = await Redis.connect({ port: server.port });
    });
    after(async () => {
      for (const redis of clients) await redis.close();
      await other?.close();
      await server?.stop();
    });
    expectNoUnhandledRejections();

    it("a second read is answered from memory; the stats count it", async () => {
      const redis = await caching();
      await other.set("basic", "v1");
      assert.deepEqual(await served(redis, () => redis.get("basic")), { value: "v1", hit: false });
      assert.deepEqual(await served(redis, () => redis.get("basic")), { value: "v1", hit: true });
      assert.deepEqual(await served(redis, () => redis.get("missing")), {
        value: null,
        hit: false,
      });
      assert.deepEqual(await served(redis, () => redis.get("missing")), { value: null, hit: true });
      const stats = statsOf(redis);
      assert.equal(stats.hits, 2);
      assert.equal(stats.misses, 2);
      assert.equal(stats.entries, 2);
      assert.ok(stats.bytes > 0);
      assert.equal(new Redis({ port: server.port }).cacheStats, undefined, "no cache, no stats");
    });

    it("the text and bytes views are cached apart; a served reply is the caller's to change", async () => {
      const redis = await caching();
      await other.set("views", "abc");
      await other.rpush("list", "a", "b");
      await other.hset("hash", { f: "1" });
      assert.equal(await redis.get("views"), "abc");
      const bytes = await redis.bytes.get("views");
      assert.deepEqual(bytes, new TextEncoder().encode("abc"));
      bytes![0] = 0x7a;
      assert.deepEqual(await redis.bytes.get("views"), new TextEncoder().encode("abc"));
      assert.equal(await redis.get("views"), "abc");
      for (let i = 0; i < 2; i++) {
        const list = await redis.lrange("list", 0, -1);
        assert.deepEqual(list, ["a", "b"]);
        list.push("mine");
        const hash = await redis.hgetall("hash");
        assert.deepEqual({ ...hash }, { f: "1" });
        hash.f = "changed";
        const values = await redis.mget("views", "list-none");
        assert.deepEqual(values, ["abc", null]);
        values.length = 0;
        const raw = await redis.sendCommand(["LRANGE", "list", 0, -1]) as string[];
        assert.deepEqual(raw, ["a", "b"]);
        raw.pop();
      }
      assert.ok(statsOf(redis).hits >= 5);
    });

    it("another client's write is seen once its invalidation arrives", async () => {
      const redis = await caching();
      await other.set("shared", "v1");
      await other.set("second", "x");
      await other.hset("profile", { name: "Ada" });
      assert.equal(await redis.get("shared"), "v1");
      assert.deepEqual(await redis.mget("shared", "second"), ["v1", "x"]);
      assert.equal(await redis.hget("profile", "name"), "Ada");
      assert.equal((await served(redis, () => redis.get("shared"))).hit, true);
      let seen = nextInvalidation(redis, forKey("shared"));
      await other.set("shared", "v2");
      const event = await seen;
      assert.deepEqual(event.keys, ["shared"]);
      assert.equal(await redis.get("shared"), "v2");
      assert.deepEqual(
        await redis.mget("shared", "second"),
        ["v2", "x"],
        "MGET depends on both keys",
      );
      seen = nextInvalidation(redis, forKey("second"));
      await other.set("second", "y");
      await seen;
      assert.deepEqual(await redis.mget("shared", "second"), ["v2", "y"]);
      seen = nextInvalidation(redis, forKey("profile"));
      await other.hset("profile", { name: "Grace" });
      await seen;
      assert.equal(await redis.hget("profile", "name"), "Grace");
      seen = nextInvalidation(redis, forKey("shared"));
      await other.pexpire("shared", 50);
      await seen;
      assert.equal(await redis.get("shared"), "v2");
      seen = nextInvalidation(redis, forKey("shared"));
      await seen; // the server's expiry cycle deleted it
      assert.equal(await redis.get("shared"), null, "an expiry invalidates too");
      assert.ok(statsOf(redis).invalidations >= 4);
    });

    it("the client's own writes invalidate before its next read: commands, pipelines, multi(), transaction(), acquire(), blocking commands, scripts", async () => {
      const redis = await caching();
      const read = async () => {
        const { value } = await served(redis, () => redis.get("own"));
        return value;
      };
      await redis.set("own", "0");
      assert.equal(await read(), "0");
      assert.equal(await read(), "0");
      await redis.set("own", "1");
      assert.equal(await read(), "1");
      await redis.pipeline().set("own", "2").exec();
      assert.equal(await read(), "2");
      await redis.multi().set("own", "3").exec();
      assert.equal(await read(), "3");
      await redis.transaction((tx) => tx.multi().set("own", "4").exec(), { watch: ["own"] });
      assert.equal(await read(), "4");
      {
        await using connection = await redis.acquire();
        await connection.set("own", "5");
        assert.equal(await read(), "5");
      }
      await redis.eval("return redis.call('SET', KEYS[1], ARGV[1])", ["own"], ["6"]);
      assert.equal(await read(), "6");
      await redis.rpush("source", "7");
      await redis.del("own");
      assert.equal(await read(), null);
      await redis.blmove("source", "own-list", "left", "right", 1);
      assert.deepEqual(await redis.lrange("own-list", 0, -1), ["7"]);
      await redis.lpush("own-list", "8");
      assert.deepEqual(await redis.lrange("own-list", 0, -1), ["8", "7"]);
      await redis.sendCommand(["SET", "own", "9"]);
      assert.equal(await read(), "9");
      assert.equal(await read(), "9");
    });

    it("FLUSHALL and FLUSHDB by another client empty the cache: one event, keys null", async () => {
      const redis = await caching();
      for (const flush of ["flushall", "flushdb"] as const) {
        await other.set(`f:${flush}`, "1");
        assert.equal(await redis.get(`f:${flush}`), "1");
        assert.equal((await served(redis, () => redis.get(`f:${flush}`))).hit, true);
        const seen = nextInvalidation(redis, (event) => event.keys === null);
        await other[flush]();
        const event = await seen;
        assert.equal(event.cause, "server");
        assert.equal(statsOf(redis).entries, 0);
        assert.equal(await redis.get(`f:${flush}`), null);
      }
    });

    it("SELECT empties the cache; later reads are of the other database", async () => {
      const redis = await caching();
      await other.set("db-key", "zero");
      await other.sendCommand(["SELECT", 1]);
      await other.set("db-key", "one");
      await other.sendCommand(["SELECT", 0]);
      assert.equal(await redis.get("db-key"), "zero");
      assert.equal((await served(redis, () => redis.get("db-key"))).hit, true);
      const cleared = nextInvalidation(redis, (event) => event.cause === "command");
      await redis.select(1);
      await cleared;
      assert.equal(await redis.get("db-key"), "one");
      assert.equal(await redis.get("db-key"), "one");
      await redis.sendCommand(["select", 0]);
      assert.equal(await redis.get("db-key"), "zero");
      await redis.pipeline().select(1).exec();
      assert.equal(await redis.get("db-key"), "one", "SELECT in a pipeline too");
      await redis.select(0);
      await other.sendCommand(["SWAPDB", 0, 1]).catch(() => {});
    });

    it("CLIENT TRACKING, HELLO and RESET sent by hand stop the cache until the next connection", async () => {
      for (const command of [["CLIENT", "TRACKING", "OFF"], ["HELLO", protocol], ["RESET"]]) {
        const redis = await caching();
        await other.set("manual", "1");
        assert.equal(await redis.get("manual"), "1");
        assert.equal((await served(redis, () => redis.get("manual"))).hit, true);
        const stopped = nextInvalidation(redis, (event) => event.cause === "command");
        await redis.sendCommand(command);
        await stopped;
        assert.equal(statsOf(redis).entries, 0);
        await redis.get("manual");
        assert.equal((await served(redis, () => redis.get("manual"))).hit, false, `${command}`);
        await other.set("manual", "2");
        assert.equal(await redis.get("manual"), "2");
        await redis.close();
      }
    });

    it("MULTI sent by hand: reads inside are neither answered nor stored; the cache resumes after EXEC", async () => {
      const redis = await caching();
      await other.set("hand", "1");
      assert.equal(await redis.get("hand"), "1");
      await redis.sendCommand(["MULTI"]);
      assert.equal(await redis.get("hand"), "QUEUED");
      assert.equal(await redis.get("hand"), "QUEUED");
      assert.deepEqual(await redis.sendCommand(["EXEC"]), ["1", "1"]);
      assert.equal(await redis.get("hand"), "1");
      // EXEC is a write: served again once its invalidations are known to be in (a PING away).
      await until(async () => (await served(redis, () => redis.get("hand"))).hit, 5000, "a hit");
    });

    it("with({ cache: false }) and sendCommand(args, { cache: false }) read past the cache", async () => {
      const redis = await caching();
      await other.set("past", "1");
      const past = redis.with({ cache: false });
      assert.deepEqual(await served(redis, () => past.get("past")), { value: "1", hit: false });
      assert.equal(statsOf(redis).entries, 0, "not stored either");
      assert.equal(await redis.get("past"), "1");
      assert.equal((await served(redis, () => redis.get("past"))).hit, true);
      assert.deepEqual(await served(redis, () => past.get("past")), { value: "1", hit: false });
      await other.set("past-raw", "2");
      const raw = await served(
        redis,
        () => redis.sendCommand(["GET", "past-raw"], { cache: false }),
      );
      assert.deepEqual(raw, { value: "2", hit: false });
      assert.equal((await served(redis, () => redis.sendCommand(["GET", "past-raw"]))).hit, false);
      assert.equal((await served(redis, () => redis.sendCommand(["GET", "past-raw"]))).hit, true);
      assert.deepEqual(
        await served(redis, () => redis.get("past-raw")),
        { value: "2", hit: true },
        "the raw reply is shared by sendCommand and the method",
      );
    });

    it("pipeline() and multi() reads are neither answered nor stored", async () => {
      const redis = await caching();
      await other.set("batch", "1");
      assert.equal(await redis.get("batch"), "1");
      const before = statsOf(redis);
      assert.deepEqual(await redis.pipeline().get("batch").get("batch-2").exec(), ["1", null]);
      assert.deepEqual(await redis.multi().get("batch").get("batch-2").exec(), ["1", null]);
      const after = statsOf(redis);
      assert.equal(after.hits, before.hits);
      assert.equal(after.misses, before.misses);
      assert.equal(after.entries, before.entries);
    });

    it("commands whose replies change without a write are never cached", async () => {
      const redis = await caching();
      await other.set("ttl", "v", { ex: 100 });
      await other.sadd("set", "a", "b", "c");
      await other.xadd("stream", "*", { f: "1" });
      const before = statsOf(redis);
      for (let i = 0; i < 2; i++) {
        await redis.ttl("ttl");
        await redis.srandmember("set");
        await redis.randomkey();
        await redis.scanPage(0);
        await redis.xread({ stream: "0" }, { block: 1 });
      }
      const after = statsOf(redis);
      assert.equal(after.hits + after.misses, before.hits + before.misses);
      assert.equal(after.entries, 0);
    });

    it("bounded: least recently used entries go first, by count and by bytes", async () => {
      const redis = await caching({ maxEntries: 3 });
      for (const key of ["a", "b", "c", "d"]) await redis.get(`lru:${key}`);
      assert.equal(statsOf(redis).entries, 3);
      assert.equal(statsOf(redis).evictions, 0, "full: a key read once does not evict");
      assert.equal((await served(redis, () => redis.get("lru:d"))).hit, false);
      assert.equal(statsOf(redis).evictions, 1, "read twice, it is kept: a goes");
      assert.equal((await served(redis, () => redis.get("lru:d"))).hit, true);
      assert.equal((await served(redis, () => redis.get("lru:a"))).hit, false);
      assert.equal((await served(redis, () => redis.get("lru:b"))).hit, true);
      await redis.get("lru:e");
      await redis.get("lru:e"); // evicts c (b and d were used since)
      assert.equal((await served(redis, () => redis.get("lru:b"))).hit, true);
      assert.equal((await served(redis, () => redis.get("lru:c"))).hit, false);

      const small = await caching({ maxBytes: 4000 });
      await other.set("big", "x".repeat(5000));
      await small.get("big");
      assert.equal(statsOf(small).entries, 0, "a reply larger than maxBytes is not kept");
      for (let i = 0; i < 10; i++) {
        await other.set(`mid:${i}`, "y".repeat(500));
        await small.get(`mid:${i}`);
        await small.get(`mid:${i}`); // a second read is kept even when full
        assert.ok(statsOf(small).bytes <= 4000, `${statsOf(small).bytes} bytes`);
      }
      assert.ok(statsOf(small).entries < 10);
      assert.ok(statsOf(small).evictions > 0);
    });

    it("the server tracks only the reads the cache keeps: none for a key read once while full", async () => {
      const redis = await caching({ maxEntries: 2 });
      await other.mset({ "kept:a": "1", "kept:b": "1", "once:c": "1" });
      await redis.get("kept:a");
      await redis.get("kept:b");
      await redis.get("once:c"); // full, read once: neither kept nor tracked
      assert.equal(statsOf(redis).entries, 2);
      const named: string[] = [];
      redis.events.addEventListener("invalidate", (event) => named.push(...event.keys ?? ["*"]));
      const invalidated = nextInvalidation(redis, forKey("kept:a"));
      await other.set("once:c", "2");
      await other.set("kept:a", "2"); // its invalidation comes after any for once:c
      await invalidated;
      assert.deepEqual(named, ["kept:a"]);
      assert.deepEqual(await served(redis, () => redis.get("once:c")), { value: "2", hit: false });
    });

    it("a read that fails leaves nothing behind: the next read of its key is kept", async () => {
      const redis = await caching();
      await other.rpush("fails", "x");
      await assert.rejects(redis.get("fails"), /WRONGTYPE/);
      assert.equal(statsOf(redis).entries, 0);
      await other.del("fails");
      await other.set("fails", "v");
      assert.deepEqual(await served(redis, () => redis.get("fails")), { value: "v", hit: false });
      assert.deepEqual(await served(redis, () => redis.get("fails")), { value: "v", hit: true });
    });

    it("ttl is a ceiling on how long a reply is served", async () => {
      const redis = await caching({ ttl: 1000 });
      await other.set("ttl-key", "1");
      await redis.get("ttl-key");
      assert.equal((await served(redis, () => redis.get("ttl-key"))).hit, true);
      await sleep(1200);
      assert.equal((await served(redis, () => redis.get("ttl-key"))).hit, false);
      assert.equal(statsOf(redis).evictions, 1);
    });

    it("broadcast: reads of keys under the prefixes are cached, and their invalidations come unread", async () => {
      const redis = await caching({ mode: { broadcast: ["user:", "item:"] } });
      await other.set("user:1", "Ada");
      await other.set("other:1", "x");
      assert.equal(await redis.get("user:1"), "Ada");
      assert.equal((await served(redis, () => redis.get("user:1"))).hit, true);
      assert.equal(await redis.get("other:1"), "x");
      assert.equal((await served(redis, () => redis.get("other:1"))).hit, false);
      assert.equal(
        (await served(redis, () => redis.mget("user:1", "other:1"))).hit,
        false,
        "a read of a key outside the prefixes is not cached",
      );
      await other.set("other:1", "y");
      assert.equal(await redis.get("other:1"), "y");
      let seen = nextInvalidation(redis, forKey("item:7"));
      await other.set("item:7", "never read");
      await seen;
      seen = nextInvalidation(redis, forKey("user:1"));
      await other.set("user:1", "Grace");
      await seen;
      assert.equal(await redis.get("user:1"), "Grace");
      const all = await caching({ mode: { broadcast: [] } });
      await all.get("other:1");
      assert.equal((await served(all, () => all.get("other:1"))).hit, true, "no prefix: every key");
    });

    it("optin: only reads under with({ cache: true }) are cached, and invalidated", async () => {
      const redis = await caching({ mode: "optin" });
      const cached = redis.with({ cache: true });
      await other.set("opt", "1");
      assert.equal(await redis.get("opt"), "1");
      assert.equal((await served(redis, () => redis.get("opt"))).hit, false);
      assert.equal(statsOf(redis).entries, 0);
      assert.equal(await cached.get("opt"), "1");
      assert.deepEqual(await served(redis, () => cached.get("opt")), { value: "1", hit: true });
      const seen = nextInvalidation(redis, forKey("opt"));
      await other.set("opt", "2");
      await seen;
      assert.equal(await cached.get("opt"), "2");
      // Reads not opted in are not tracked: a write to such a key sends nothing.
      await redis.get("unopted");
      const quiet = nextInvalidation(redis, forKey("unopted"), 300);
      await other.set("unopted", "x");
      await assert.rejects(quiet, /no matching invalidate event/);
    });

    it("optin: a read opted in is kept even when the cache is full (no second read needed)", async () => {
      const redis = await caching({ mode: "optin", maxEntries: 1 });
      const cached = redis.with({ cache: true });
      await cached.get("opt:full:a");
      assert.equal(statsOf(redis).entries, 1);
      await cached.get("opt:full:b"); // full: kept at once, a evicted
      assert.deepEqual(await served(redis, () => cached.get("opt:full:b")), {
        value: null,
        hit: true,
      });
      assert.equal(statsOf(redis).evictions, 1);
    });

    it("close() empties the cache", async () => {
      const redis = await caching();
      await redis.get("closing");
      assert.equal(statsOf(redis).entries, 1);
      await redis.close();
      assert.equal(statsOf(redis).entries, 0);
    });

    it("a server that refuses CLIENT TRACKING fails the connect, and leaves nothing open", async () => {
      await other.sendCommand(["ACL", "SETUSER", "notrack", "on", ">pw", "~*", "+@all", "-client"]);
      await assert.rejects(
        Redis.connect({
          port: server.port,
          protocol,
          username: "notrack",
          password: "pw",
          cache: true,
          reconnect: false,
        }),
        (error: unknown) => error instanceof ResponseError && /NOPERM/.test(error.message),
      );
      await until(
        async () => (await other.clientList()).every((client) => client.user !== "notrack"),
        5000,
        "no connection left",
      );
    });

    it("an aborted signal rejects a read the cache would answer", async () => {
      const redis = await caching();
      await redis.get("aborted");
      const controller = new AbortController();
      controller.abort(new Error("stop"));
      await assert.rejects(redis.with({ signal: controller.signal }).get("aborted"), /stop/);
    });
  });
}
