import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, WatchError } from "../mod.ts";
import {
  describeEachClient,
  skipOnBlockingClient,
  skipUnsupported,
} from "./support/per_protocol.ts";

describeEachClient("pub/sub commands", (ctx) => {
  it("PUBLISH, SPUBLISH and PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB, HELP", async (t) => {
    if (skipOnBlockingClient(t, ctx, "subscribe() is the async client's")) return;
    await using news = await ctx.redis.subscribe("news.world");
    await using pattern = await ctx.redis.psubscribe("sport.*");
    await using shard = await ctx.redis.ssubscribe("orders");
    assert.equal(await ctx.redis.publish("news.world", "hi"), 1);
    assert.equal(await ctx.redis.publish("nobody", "hi"), 0);
    assert.deepEqual(await ctx.redis.pubsubChannels("news.*"), ["news.world"]);
    assert.deepEqual(await ctx.redis.pubsubNumsub("news.world", "nobody"), {
      "news.world": 1,
      nobody: 0,
    });
    assert.equal(await ctx.redis.pubsubNumpat(), 1);
    const spublished = await ctx.redis.spublish("orders", "o1").catch((error) => error);
    if (skipUnsupported(t, spublished)) return;
    assert.equal(spublished, 1);
    assert.deepEqual(await ctx.redis.pubsubShardchannels(), ["orders"]);
    assert.deepEqual(await ctx.redis.pubsubShardnumsub("orders"), { orders: 1 });
    assert.match((await ctx.redis.pubsubHelp())[0], /PUBSUB/);
    assert.ok(news && pattern && shard);
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
});
