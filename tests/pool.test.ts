import assert from "node:assert/strict";
import { it } from "node:test";
import { type ConnectionReleasedEvent, type Integer, PoolTimeoutError, Redis } from "../mod.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";
import { startProxy } from "./support/proxy.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachProtocol("the connection pool, through acquire()", (ctx) => {
  const connect = (pool: Record<string, number>) =>
    Redis.connect({ port: ctx.server.port, protocol: ctx.protocol, pool });
  const pingCalls = async () => {
    const stats = await ctx.redis.info("commandstats");
    const line = (stats.commandstats?.cmdstat_ping ?? "") as string;
    return Number(/calls=(\d+)/.exec(line)?.[1] ?? 0);
  };

  it("hands out a connection of its own and takes it back for the next caller", async () => {
    await using redis = await connect({ maxSize: 2 });
    const released: ConnectionReleasedEvent[] = [];
    redis.events.addEventListener("connection-released", (e) => released.push(e));
    const shared = await redis.clientId();
    let first: Integer;
    {
      await using connection = await redis.acquire();
      first = await connection.clientId();
      assert.notEqual(first, shared);
      assert.deepEqual(redis.poolStats, { size: 1, idle: 0, inUse: 1, waiting: 0 });
      assert.equal(await connection.set("k", "v"), "OK");
      assert.deepEqual(await connection.bytes.get("k"), new TextEncoder().encode("v"));
    }
    assert.deepEqual(redis.poolStats, { size: 1, idle: 1, inUse: 0, waiting: 0 });
    assert.equal(released.length, 1);
    assert.equal(released[0].reused, true);
    assert.equal(released[0].idle, 1);
    const again = await redis.acquire();
    assert.equal(await again.clientId(), first, "the idle connection was reused");
    await again.release();
    await again.release(); // a second release does nothing
    assert.equal(released.length, 2);
  });

  it("release() UNWATCHes: the next user's MULTI is not spoiled by an old WATCH", async () => {
    await using redis = await connect({ maxSize: 1 });
    const first = await redis.acquire();
    await first.watch("watched");
    await first.release();
    await ctx.redis.set("watched", "changed");
    await using second = await redis.acquire();
    assert.deepEqual(await second.multi().set("x", "1").exec(), ["OK"]);
  });

  it("maxSize bounds it: a waiter gets the next released connection", async () => {
    await using redis = await connect({ maxSize: 2, acquireTimeout: 2000 });
    const a = await redis.acquire();
    const b = await redis.acquire();
    const waiting = redis.acquire();
    await sleep(20);
    assert.deepEqual(redis.poolStats, { size: 2, idle: 0, inUse: 2, waiting: 1 });
    const idOfA = await a.clientId();
    await a.release();
    const c = await waiting;
    assert.equal(await c.clientId(), idOfA);
    assert.equal(redis.poolStats.size, 2);
    await b.release();
    await c.release();
  });

  it("acquireTimeout: PoolTimeoutError after the wait, or at once with 0", async () => {
    await using waits = await connect({ maxSize: 1, acquireTimeout: 100 });
    const held = await waits.acquire();
    const started = performance.now();
    await assert.rejects(waits.acquire(), PoolTimeoutError);
    assert.ok(performance.now() - started >= 90);
    await held.release();

    await using failsFast = await connect({ maxSize: 1, acquireTimeout: 0 });
    const only = await failsFast.acquire();
    await assert.rejects(failsFast.acquire(), PoolTimeoutError);
    await only.release();
    await (await failsFast.acquire()).release();
  });

  it("an idle connection older than idleCheckAfter is PINGed before it is handed out", async () => {
    await using redis = await connect({ maxSize: 1, idleCheckAfter: 50 });
    await (await redis.acquire()).release();
    const before = await pingCalls();
    await (await redis.acquire()).release();
    assert.equal(await pingCalls(), before, "a fresh idle connection is not checked");
    await sleep(80);
    await (await redis.acquire()).release();
    assert.equal(await pingCalls(), before + 1, "a stale one is");
  });

  it("a pooled connection killed while idle is replaced on acquire", async () => {
    await using redis = await connect({ maxSize: 1 });
    const first = await redis.acquire();
    const id = await first.clientId();
    await first.release();
    await ctx.redis.sendCommand(["CLIENT", "KILL", "ID", String(id)]);
    await sleep(50);
    await using second = await redis.acquire();
    assert.notEqual(await second.clientId(), id);
    assert.equal(await second.ping(), "PONG");
  });

  it("an idle connection that stopped answering fails its check and is replaced", async () => {
    const proxy = await startProxy(ctx.server.port);
    try {
      await using redis = await Redis.connect({
        port: proxy.port,
        protocol: ctx.protocol,
        pool: { maxSize: 1, idleCheckAfter: 10 },
      });
      const first = await redis.acquire();
      const id = await first.clientId();
      await first.release();
      await sleep(20);
      proxy.mode = "stall";
      setTimeout(() => proxy.resume(), 1300);
      const started = performance.now();
      await using second = await redis.acquire();
      assert.ok(performance.now() - started >= 1000, "waited for the PING's 1 s timeout");
      assert.notEqual(await second.clientId(), id);
    } finally {
      await proxy.close();
    }
  });
});
