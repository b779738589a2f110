/**
 * The client-side cache's freshness rules where timing matters, made
 * deterministic with a proxy that holds back what the server sends on some
 * connections (tests/support/holding_proxy.ts), with DEBUG SLEEP, and with
 * killed connections and servers; over RESP3 and RESP2.
 *
 * - a read whose reply is on its way when its key changes is not kept;
 * - an invalidation that arrives before a read's reply keeps that reply out;
 * - after the client's own write, nothing is answered from memory until
 *   the write's invalidations are in (held here: the read goes to the server);
 * - multi(), transaction() and pipelines never answer from the cache, even
 *   while it is stale;
 * - a lost connection, a server restart and (RESP2) a lost invalidation
 *   connection empty the cache before any read is answered, and caching
 *   resumes once tracking is set up again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "../mod.ts";
import { forKey, nextInvalidation, served, statsOf, until } from "./support/cache.ts";
import { startHoldingProxy } from "./support/holding_proxy.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const protocol of [3, 2] as const) {
  /** What the server sends on the connection the invalidations arrive on. */
  const invalidationPath = protocol === 3
    ? (sent: string) => sent.includes("TRACKING")
    : (sent: string) => sent.includes("__redis__:invalidate");
  /** What the server sends on the connections replies arrive on (not the RESP2 listener). */
  const replyPath = protocol === 3
    ? (sent: string) => sent.includes("TRACKING")
    : (sent: string) => !sent.includes("__redis__:invalidate");

  describe(`client-side cache races over RESP${protocol}`, () => {
    let server: TestServer;
    let other: Redis;
    const closing: { close(): Promise<void> }[] = [];
    before(async () => {
      server = await startServer();
      other = await Redis.connect({ port: server.port });
    });
    after(async () => {
      for (const item of closing.reverse()) await item.close();
      await other?.close();
      await server?.stop();
    });
    expectNoUnhandledRejections();

    /** A caching client, through a holding proxy when `proxied`. */
    async function caching(proxied = false) {
      const proxy = proxied ? await startHoldingProxy(server.port) : undefined;
      if (proxy !== undefined) closing.push(proxy);
      const redis = await Redis.connect({
        port: proxy?.port ?? server.port,
        protocol,
        cache: true,
      });
      closing.push(redis);
      return { redis, proxy: proxy! };
    }

    /** The last command the server ran for client `id`. */
    async function lastCommand(id: number | bigint): Promise<string | undefined> {
      const [entry] = await other.clientList({ id: [id] });
      return entry?.cmd;
    }

    it("a read whose reply is on its way when its key changes is not kept", async () => {
      const { redis, proxy } = await caching(true);
      await other.set("race", "v1");
      const id = await redis.clientId();
      proxy.hold(replyPath);
      const read = redis.get("race");
      await until(async () => await lastCommand(id) === "get", 10_000, "the server ran the GET");
      // RESP2: the invalidation passes the held reply (it arrives on the listener). RESP3: it
      // follows the reply on the same connection, held too.
      const seen = nextInvalidation(redis, forKey("race"));
      await other.set("race", "v2");
      if (protocol === 2) await seen;
      proxy.release();
      assert.equal(await read, "v1", "the reply of before the write");
      // RESP3: the reply and the invalidation behind it may come in two reads of the socket (Node
      // split them once): until the second, v1 is what the client knows. Once it is in, v1 is gone.
      await seen;
      assert.equal(await redis.get("race"), "v2", "not kept: the next read asks the server");
    });

    it("an invalidation that arrives before a read's reply keeps the reply out (DEBUG SLEEP)", async () => {
      const { redis } = await caching();
      await other.set("slow", "v1");
      assert.equal(await redis.get("slow"), "v1"); // tracked
      const exec = other.multi().debug("SLEEP", 1).set("slow", "v22").exec();
      await sleep(300); // the server sleeps inside EXEC
      // Sent while the server sleeps, it runs after EXEC: its reply follows the invalidation.
      // (Were it to run first, its reply would be kept and then invalidated: the same outcome.)
      const length = redis.strlen("slow");
      await exec;
      assert.ok([2, 3].includes(await length));
      assert.deepEqual(await served(redis, () => redis.strlen("slow")), { value: 3, hit: false });
      assert.deepEqual(await served(redis, () => redis.strlen("slow")), { value: 3, hit: true });
    });

    it("after the client's own write, nothing is answered from memory until its invalidations are in", async () => {
      const { redis, proxy } = await caching(true);
      await other.set("mine", "v1");
      await redis.get("mine");
      assert.equal((await served(redis, () => redis.get("mine"))).hit, true);
      proxy.hold(invalidationPath);
      if (protocol === 2) {
        // RESP2: the write's reply comes on the shared connection, its invalidation on the
        // held listener.
        await redis.set("mine", "v2");
        assert.deepEqual(await served(redis, () => redis.get("mine")), { value: "v2", hit: false });
      }
      // A write on a pooled connection: its invalidation is held on the invalidation path.
      await redis.transaction((tx) => tx.multi().set("mine", "v3").exec());
      const read = redis.get("mine");
      const early = await Promise.race([read, sleep(200).then(() => "still waiting")]);
      assert.notEqual(early, "v1", "no stale answer from memory");
      proxy.release();
      assert.equal(await read, "v3");
      await until(async () => (await served(redis, () => redis.get("mine"))).hit, 5000, "a hit");
    });

    it("multi(), transaction() and pipelines never answer from the cache, even while it is stale", async () => {
      const { redis, proxy } = await caching(true);
      await other.set("tx", "v1");
      await redis.get("tx");
      assert.equal((await served(redis, () => redis.get("tx"))).hit, true);
      proxy.hold(invalidationPath);
      await other.set("tx", "v2"); // its invalidation is held
      assert.equal(await redis.get("tx"), "v1", "stale while the invalidation is on its way");
      assert.equal(await redis.transaction(async (tx) => await tx.get("tx")), "v2");
      const batches = Promise.all([
        redis.multi().get("tx").exec(),
        redis.pipeline().get("tx").exec(),
      ]);
      if (protocol === 2) assert.deepEqual(await batches, [["v2"], ["v2"]]);
      const seen = nextInvalidation(redis, forKey("tx"));
      proxy.release();
      await seen;
      assert.deepEqual(await batches, [["v2"], ["v2"]]);
      assert.equal(await redis.get("tx"), "v2");
    });

    it("a lost connection empties the cache before any read is answered", async () => {
      const { redis } = await caching();
      await other.set("lost", "v1");
      await redis.get("lost");
      assert.equal((await served(redis, () => redis.get("lost"))).hit, true);
      const id = await redis.clientId();
      const emptied = nextInvalidation(redis, (event) => event.cause === "connection");
      await other.clientKill({ id });
      const event = await emptied;
      assert.equal(event.keys, null);
      assert.equal(statsOf(redis).entries, 0);
      // No invalidation of this write can reach the client: its tracking died with the connection.
      await other.set("lost", "v2");
      assert.equal(await redis.get("lost"), "v2");
      await until(async () => (await served(redis, () => redis.get("lost"))).hit, 5000, "a hit");
      const seen = nextInvalidation(redis, forKey("lost"));
      await other.set("lost", "v3");
      await seen;
      assert.equal(await redis.get("lost"), "v3", "tracked again on the new connection");
    });

    it("a server restart empties the cache; caching resumes on the restarted server", async () => {
      const own = await startServer();
      try {
        const redis = await Redis.connect({ port: own.port, protocol, cache: true });
        try {
          await redis.set("restart", "v1");
          await until(async () => (await served(redis, () => redis.get("restart"))).hit);
          const emptied = nextInvalidation(redis, (event) => event.cause === "connection");
          const ready = new Promise((resolve) => redis.events.addEventListener("ready", resolve));
          await own.kill();
          await emptied;
          await own.restart();
          await ready; // reconnected by itself, tracking again
          await using writer = await Redis.connect({ port: own.port });
          await writer.set("restart", "v2");
          assert.equal(await redis.get("restart"), "v2");
          await until(async () => (await served(redis, () => redis.get("restart"))).hit);
          const seen = nextInvalidation(redis, forKey("restart"));
          await writer.set("restart", "v3");
          await seen;
          assert.equal(await redis.get("restart"), "v3");
        } finally {
          await redis.close();
        }
      } finally {
        await own.stop();
      }
    });

    if (protocol === 2) {
      it("the invalidation connection lost: the cache empties, then tracking is redirected to a new one", async () => {
        const { redis } = await caching();
        await other.set("listener", "v1");
        await redis.get("listener");
        const listener = (await redis.clientTrackinginfo()).redirect;
        assert.ok(Number(listener) > 0);
        const emptied = nextInvalidation(redis, (event) => event.cause === "connection");
        await other.clientKill({ id: listener });
        await emptied;
        await other.set("listener", "v2"); // the tracking's redirect is broken: nothing comes
        assert.equal(await redis.get("listener"), "v2");
        await until(
          async () => {
            const redirect = (await redis.clientTrackinginfo()).redirect;
            return redirect !== listener && Number(redirect) > 0;
          },
          10_000,
          "a new listener",
        );
        await until(async () => (await served(redis, () => redis.get("listener"))).hit);
        const seen = nextInvalidation(redis, forKey("listener"));
        await other.set("listener", "v3");
        await seen;
        assert.equal(await redis.get("listener"), "v3");
      });
    }
  });
}
