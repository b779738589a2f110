import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, Redis, WatchError } from "../mod.ts";
import { assertSameOnBothProtocols } from "./support/both_protocols.ts";
import {
  describeEachClient,
  skipOnBlockingClient,
  skipUnsupported,
} from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

describeEachClient("pub/sub commands", (ctx) => {
  it("PUBLISH, SPUBLISH and PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB, HELP", async (t) => {
    if (skipOnBlockingClient(t, ctx, "subscribe() is the async client's")) return;
    await using news = await ctx.redis.subscribe("news.world");
    await using pattern = await ctx.redis.psubscribe("sport.*");
    await using shard = await ctx.redis.ssubscribe("orders");
    assert.equal(await ctx.redis.publish("news.world", "hi"), 1);
    assert.equal(await ctx.redis.publish("nobody", "hi"), 0);
    assert.deepEqual(await ctx.redis.pubsubChannels("news.*"), ["news.world"]);
    assert.deepStrictEqual(
      await ctx.redis.pubsubNumsub("news.world", "nobody"),
      record({ "news.world": 1, nobody: 0 }),
    );
    assert.equal(await ctx.redis.pubsubNumpat(), 1);
    const spublished = await ctx.redis.spublish("orders", "o1").catch((error) => error);
    if (skipUnsupported(t, spublished)) return;
    assert.equal(spublished, 1);
    assert.deepEqual(await ctx.redis.pubsubShardchannels(), ["orders"]);
    assert.deepStrictEqual(await ctx.redis.pubsubShardnumsub("orders"), record({ orders: 1 }));
    assert.match((await ctx.redis.pubsubHelp())[0], /PUBSUB/);
    assert.ok(news && pattern && shard);
  });
});

describeEachClient("pub/sub replies over RESP2 and RESP3", (ctx) => {
  it("PUBLISH, SPUBLISH, PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB: the same over both", async () => {
    // Subscriptions on an async client of their own, so that every group has subscribers.
    await using subscriber = await Redis.connect({ port: ctx.server.port });
    await using news = await subscriber.subscribe("news", "__proto__");
    await using pattern = await subscriber.psubscribe("sport.*");
    await using shard = await subscriber.ssubscribe("orders");
    assert.ok(news && pattern && shard);
    assert.equal(await assertSameOnBothProtocols(ctx, (redis) => redis.publish("news", "m")), 1);
    assert.equal(await assertSameOnBothProtocols(ctx, (redis) => redis.spublish("orders", "m")), 1);
    await assertSameOnBothProtocols(ctx, (redis) => redis.pubsubChannels());
    const numsub = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.pubsubNumsub("news", "__proto__", "nobody"),
    );
    assert.deepStrictEqual(numsub, record({ news: 1, ["__proto__"]: 1, nobody: 0 }));
    assert.equal(await assertSameOnBothProtocols(ctx, (redis) => redis.pubsubNumpat()), 1);
    await assertSameOnBothProtocols(ctx, (redis) => redis.pubsubShardchannels());
    assert.deepStrictEqual(
      await assertSameOnBothProtocols(ctx, (redis) => redis.pubsubShardnumsub("orders", "none")),
      record({ orders: 1, none: 0 }),
    );
    await assertSameOnBothProtocols(ctx, (redis) => redis.bytes.pubsubNumsub("news"));
  });
});

describeEachClient("WATCH and UNWATCH", (ctx) => {
  it("watch in a transaction() callback makes EXEC fail after a change; unwatch clears it", async (t) => {
    if (skipOnBlockingClient(t, ctx, "transaction(fn) is the async client's")) return;
    await ctx.redis.set("k", "1");
    await assert.rejects(
      ctx.redis.transaction(async (tx) => {
        assert.equal(await tx.watch("k"), "OK");
        await ctx.redis.set("k", "2");
        return tx.multi().set("k", "mine").exec();
      }, { retries: 0 }),
      WatchError,
    );
    const results = await ctx.redis.transaction(async (tx) => {
      await tx.watch("k");
      await ctx.redis.set("k", "3");
      assert.equal(await tx.unwatch(), "OK");
      return tx.multi().set("k", "mine").exec();
    });
    assert.deepEqual(results, ["OK"]);
    assert.throws(() => ctx.redis.watch(), DataError);
  });

  it("WATCH and UNWATCH answer OK over RESP2 and RESP3 alike", async () => {
    assert.equal(await assertSameOnBothProtocols(ctx, (redis) => redis.watch("k", "l")), "OK");
    assert.equal(await assertSameOnBothProtocols(ctx, (redis) => redis.unwatch()), "OK");
  });
});
