import assert from "node:assert/strict";
import { it } from "node:test";
import {
  DataError,
  ExecAbortError,
  Redis,
  ResponseError,
  WatchError,
  WrongTypeError,
} from "../mod.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

describeEachProtocol("multi()", (ctx) => {
  it("runs the block and shapes each reply as its command declares", async () => {
    const results = await ctx.redis.multi().hset("h", { a: "1" }).hgetall("h").incr("n")
      .zadd("z", { score: 1.5, member: "m" }).zrange("z", 0, -1, { withscores: true }).exec();
    assert.deepEqual(results, [1, record({ a: "1" }), 1, 1, [{ member: "m", score: 1.5 }]]);
  });

  it("keeps a runtime error in its slot while the other commands run", async () => {
    const results = await ctx.redis.multi().set("s", "x").lpush("s", "y").incr("n").exec();
    assert.equal(results[0], "OK");
    assert.ok(results[1] instanceof WrongTypeError);
    assert.equal(results[2], 1);
  });

  it("a command refused at queue time aborts the block: ExecAbortError, nothing ran", async () => {
    await assert.rejects(ctx.redis.multi().set("a", "1").sendCommand(["NOPE"]).exec(), (error) => {
      assert.ok(error instanceof ExecAbortError);
      assert.ok(error.cause instanceof ResponseError);
      assert.match((error.cause as ResponseError).message, /unknown command/);
      return true;
    });
    assert.equal(await ctx.redis.get("a"), null);
  });

  it("an argument that cannot be sent rejects with DataError before anything is sent", async () => {
    await assert.rejects(
      ctx.redis.multi().set("a", "1").sendCommand(["SET", "b", NaN]).exec(),
      DataError,
    );
    assert.equal(await ctx.redis.exists("a", "b"), 0);
    assert.equal(await ctx.redis.ping(), "PONG");
  });

  it("a watched key changed by another client gives WatchError", async () => {
    await using redis = await Redis.connect({ port: ctx.server.port, protocol: ctx.protocol });
    await redis.sendCommand(["WATCH", "balance"]);
    await ctx.redis.set("balance", "100");
    await assert.rejects(redis.multi().set("balance", "0").exec(), WatchError);
    assert.equal(await redis.get("balance"), "100");
  });

  it("discard() forgets the queued commands; an empty exec sends nothing", async () => {
    const tx = ctx.redis.multi().incr("n");
    assert.equal(tx.length, 1);
    tx.discard();
    assert.deepEqual(await tx.exec(), []);
    assert.equal(await ctx.redis.get("n"), null);
  });

  it("commands issued around a block never land inside it", async () => {
    const before = ctx.redis.set("k", "before");
    const block = ctx.redis.multi().get("k").set("k", "inside").get("k").exec();
    const after = ctx.redis.get("k");
    assert.equal(await before, "OK");
    assert.deepEqual(await block, ["before", "OK", "inside"]);
    assert.equal(await after, "inside");
  });
});

describeEachProtocol("transaction() with WATCH", (ctx) => {
  it("retries the whole function when a watched key changes, then succeeds", async () => {
    await ctx.redis.set("balance", "100");
    let attempts = 0;
    const results = await ctx.redis.transaction(async (tx) => {
      attempts++;
      const balance = Number(await tx.get("balance"));
      if (attempts === 1) await ctx.redis.set("balance", "50"); // another writer slips in
      return tx.multi().set("balance", balance - 10).get("balance").exec();
    }, { watch: ["balance"] });
    assert.equal(attempts, 2);
    assert.deepEqual(results, ["OK", "40"]);
    assert.equal(await ctx.redis.get("balance"), "40");
  });

  it("gives up with WatchError after the retries", async () => {
    await ctx.redis.set("hot", "0");
    let attempts = 0;
    await assert.rejects(
      ctx.redis.transaction(async (tx) => {
        attempts++;
        await ctx.redis.incr("hot");
        return tx.multi().set("hot", "mine").exec();
      }, { watch: ["hot"], retries: 2 }),
      WatchError,
    );
    assert.equal(attempts, 3);
    assert.equal(await ctx.redis.get("hot"), "3");
  });

  it("an error thrown by the function is passed on and the connection is unwatched", async () => {
    await assert.rejects(
      ctx.redis.transaction(() => Promise.reject(new Error("changed my mind")), { watch: ["k"] }),
      /changed my mind/,
    );
    const results = await ctx.redis.transaction(async (tx) => {
      await ctx.redis.set("k", "changed");
      return tx.multi().get("k").exec();
    });
    assert.deepEqual(results, ["changed"], "no WATCH was left behind on the pooled connection");
  });
});
