import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, LockError, LockNotOwnedError, Redis } from "../mod.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachProtocol("lock()", (ctx) => {
  it("holds the key with a random token until released", async () => {
    const lock = await ctx.redis.lock("job", { ttl: 5000 });
    assert.equal(await ctx.redis.get("job"), lock.token);
    await assert.rejects(ctx.redis.lock("job", { wait: 0 }), LockError);
    await lock.release();
    assert.equal(await ctx.redis.get("job"), null);
    await lock.release();
    const again = await ctx.redis.lock("job", { wait: 0 });
    await again.release();
  });

  it("one holder at a time among ten contending clients; no update is lost", async () => {
    const clients = await Promise.all(
      Array.from(
        { length: 10 },
        () => Redis.connect({ port: ctx.server.port, protocol: ctx.protocol }),
      ),
    );
    let holders = 0;
    let most = 0;
    try {
      await Promise.all(clients.map(async (client) => {
        await using _lock = await client.lock("counter-lock", {
          ttl: 5000,
          wait: 10_000,
          retryDelay: 5,
        });
        holders++;
        most = Math.max(most, holders);
        const value = Number(await client.get("counter") ?? 0);
        await sleep(5);
        await client.set("counter", value + 1);
        holders--;
      }));
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
    assert.equal(most, 1);
    assert.equal(await ctx.redis.get("counter"), "10");
  });

  it("release and extend after the lock expired throw LockNotOwnedError", async () => {
    const lock = await ctx.redis.lock("short", { ttl: 30 });
    await sleep(80);
    const thief = await ctx.redis.lock("short", { wait: 0 });
    await assert.rejects(lock.extend(1000), LockNotOwnedError);
    await assert.rejects(lock.release(), LockNotOwnedError);
    assert.equal(await ctx.redis.get("short"), thief.token, "the thief's lock is untouched");
    await thief.release();
  });

  it("extend pushes the expiry out", async () => {
    await using lock = await ctx.redis.lock("long", { ttl: 100 });
    await lock.extend(10_000);
    const pttl = await ctx.redis.sendCommand(["PTTL", "long"]) as number;
    assert.ok(pttl > 9000, `pttl ${pttl}`);
  });

  it("await using releases; an abort signal stops the wait; bad options are DataErrors", async () => {
    {
      await using _held = await ctx.redis.lock("scoped");
      assert.notEqual(await ctx.redis.get("scoped"), null);
    }
    assert.equal(await ctx.redis.get("scoped"), null);
    const held = await ctx.redis.lock("busy");
    const controller = new AbortController();
    const waiting = ctx.redis.lock("busy", { wait: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("no longer needed")), 30);
    await assert.rejects(waiting, /no longer needed/);
    await held.release();
    await assert.rejects(ctx.redis.lock("x", { ttl: 0 }), DataError);
  });
});
