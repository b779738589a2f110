/**
 * The client-side cache behind Redis Sentinel: a failover (SENTINEL
 * FAILOVER) moves the client to the new master, and the cache is emptied
 * before any read is answered there (its entries were tracked by the old
 * master, which will never invalidate them); caching then resumes on the
 * new master. Over RESP3 and RESP2, one failover each (there and back).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "../mod.ts";
import { forKey, nextInvalidation, served, until } from "./support/cache.ts";
import { startSentinels, type TestSentinels } from "./support/cluster.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

/** The port of the server a client is connected to. */
async function portOf(redis: Redis): Promise<number> {
  return Number((await redis.info("server")).server.tcp_port);
}

describe("client-side cache behind Sentinel", () => {
  let set: TestSentinels;
  before(async () => {
    set = await startSentinels();
  });
  after(async () => {
    await set?.stop();
  });
  expectNoUnhandledRejections();

  for (const protocol of [3, 2] as const) {
    it(`over RESP${protocol}: a failover empties the cache before any read is answered on the new master`, async () => {
      await using redis = await Redis.connect({
        sentinel: { name: set.name, sentinels: [`127.0.0.1:${set.sentinelPorts[0]}`] },
        protocol,
        cache: true,
        socketTimeout: 3000,
      });
      const key = `failover:${protocol}`;
      const before = await portOf(redis);
      await redis.set(key, "old master");
      await until(async () => (await served(redis, () => redis.get(key))).hit, 5000, "a hit");
      const emptied = nextInvalidation(redis, (event) => event.cause === "connection", 30_000);
      await using sentinel = await Redis.connect({ port: set.sentinelPorts[1] });
      // After the previous failover, the old master needs a moment to be a replica in sync.
      await until(
        () =>
          sentinel.sendCommand(["SENTINEL", "FAILOVER", set.name]).then(() => true, () => false),
        30_000,
        "a failover the sentinels accept",
      );
      await emptied;
      let now = before;
      await until(
        async () => (now = await portOf(redis).catch(() => before)) !== before,
        30_000,
        "the client following the failover",
      );
      // A write on the new master that no invalidation of the old one announces.
      await using master = await Redis.connect({ port: now });
      await master.set(key, "new master");
      assert.equal(await redis.get(key), "new master");
      await until(async () => (await served(redis, () => redis.get(key))).hit, 5000, "a hit");
      const seen = nextInvalidation(redis, forKey(key));
      await master.set(key, "again");
      await seen;
      assert.equal(await redis.get(key), "again", "tracked by the new master");
    });
  }
});
