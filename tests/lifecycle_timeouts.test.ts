/**
 * Timeouts and cancellation at the edges of a client's life (issue 13,
 * items 4–7): health checks that keep running after a timeout, an
 * AbortSignal that reaches a wait for a pooled connection, blocking commands
 * that wait for the server's timeout on every executor, and `with()`
 * settings that reach pipelines, transactions and scripts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AsyncExecutor,
  ConnectionError,
  ConstantBackoff,
  PoolTimeoutError,
  Redis,
  RedisCluster,
  TimeoutError,
} from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { startCluster, type TestCluster } from "./support/cluster.ts";
import { startProxy, type TestProxy } from "./support/proxy.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Lua script that keeps the server busy for `ms` milliseconds. */
const busyScript = (ms: number) =>
  `local s = redis.call('TIME')
   while true do
     local n = redis.call('TIME')
     if (n[1] - s[1]) * 1000000 + (n[2] - s[2]) >= ${ms * 1000} then return 1 end
   end`;

/** Resolve with `check()`'s first truthy value, polling; `undefined` once `ms` ran out. */
async function waitFor<T>(check: () => T | undefined, ms: number): Promise<T | undefined> {
  const until = performance.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > until) return undefined;
    await sleep(10);
  }
}

let server: TestServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});
expectNoUnhandledRejections(100);

for (const protocol of [2, 3] as const) {
  describe(`health checks find a silent peer whatever happened before, RESP${protocol}`, () => {
    const interval = 300;
    const timeout = 200;
    let proxy: TestProxy;
    let redis: Redis;
    let errors: unknown[];
    let reconnecting: number;

    const connect = async () => {
      proxy = await startProxy(server.port);
      redis = await Redis.connect({
        port: proxy.port,
        protocol,
        socketTimeout: timeout,
        healthCheckInterval: interval,
        socketConnectTimeout: 500,
        reconnect: { backoff: new ConstantBackoff(100) },
      });
      errors = [];
      reconnecting = 0;
      redis.events.addEventListener("error", (event) => errors.push(event.error));
      redis.events.addEventListener("reconnecting", () => reconnecting++);
      await redis.ping();
    };
    const healthCheckFailure = () =>
      errors.find((error) =>
        error instanceof ConnectionError && /health check/.test(error.message)
      );
    const cleanUp = async () => {
      await redis?.close();
      await proxy?.close();
    };

    it("a command that timed out does not stop the health check", async () => {
      await connect();
      try {
        proxy.mode = "stall";
        await assert.rejects(redis.get("k"), TimeoutError);
        const timedOut = performance.now();
        // Commands still waiting when the peer is found dead fail as documented.
        const write = redis.with({ timeout: 20_000 }).set("k", "v").catch((error) => error);
        const read = redis.with({ timeout: 20_000 }).get("k").catch((error) => error);
        const found = await waitFor(healthCheckFailure, interval + timeout + 2000);
        assert.ok(found, `no health check failure within ${interval + timeout + 2000} ms`);
        const after = performance.now() - timedOut;
        assert.ok(after < interval + timeout + 2000, `found after ${after} ms`);
        assert.ok(await write instanceof ConnectionError, "the pending write failed");
        const readError = await read;
        assert.ok(
          readError instanceof ConnectionError || readError instanceof TimeoutError,
          `the pending read failed: ${readError}`,
        );
        assert.ok(await waitFor(() => reconnecting > 0, 2000), "a reconnect began");
        proxy.resume();
        let pong: unknown;
        for (let attempt = 0; attempt < 100 && pong === undefined; attempt++) {
          pong = await redis.ping().catch(() => sleep(30).then(() => undefined));
        }
        assert.equal(pong, "PONG", "reconnected once the peer answers again");
      } finally {
        await cleanUp();
      }
    });

    it("commands that keep timing out do not hide a silent peer", async () => {
      await connect();
      try {
        proxy.mode = "stall";
        const stalled = performance.now();
        let stop = false;
        const traffic = (async () => {
          while (!stop) {
            await redis.set("k", "v").catch(() => {});
            await sleep(50);
          }
        })();
        const bound = interval + timeout + 2000;
        const found = await waitFor(healthCheckFailure, timeout + bound);
        stop = true;
        await traffic;
        assert.ok(found, "the health check found the silent peer");
        assert.ok(performance.now() - stalled < timeout + bound);
      } finally {
        await cleanUp();
      }
    });

    it("a blocking command is not mistaken for a silent peer", async () => {
      await using redis = await Redis.connect({
        port: server.port,
        protocol,
        socketTimeout: timeout,
        healthCheckInterval: interval,
      });
      const errors: unknown[] = [];
      redis.events.addEventListener("error", (event) => errors.push(event.error));
      const started = performance.now();
      assert.equal(await redis.blpop(["lifecycle:none"], 1.2), null);
      await using connection = await redis.acquire();
      assert.equal(await connection.blpop(["lifecycle:none"], 1.2), null);
      assert.ok(performance.now() - started >= 2200);
      assert.deepEqual(errors, []);
    });
  });

  describe(`an AbortSignal reaches the wait for a pooled connection, RESP${protocol}`, () => {
    /** A client whose pool has one connection at most. */
    const poolOfOne = (acquireTimeout: number) =>
      Redis.connect({ port: server.port, protocol, pool: { maxSize: 1, acquireTimeout } });

    it("a blocking command waiting for an exhausted pool rejects at once on abort", async () => {
      await using redis = await poolOfOne(5000);
      const held = await redis.acquire();
      const controller = new AbortController();
      const blocked = redis.with({ signal: controller.signal }).blpop(["lifecycle:k"], 0);
      assert.ok(await waitFor(() => redis.poolStats.waiting === 1, 2000), "it waits");
      const started = performance.now();
      controller.abort(new Error("stop waiting"));
      await assert.rejects(blocked, /stop waiting/);
      assert.ok(performance.now() - started < 2000, "rejected without waiting for acquireTimeout");
      assert.deepEqual(redis.poolStats, { size: 1, idle: 0, inUse: 1, waiting: 0 });
      await held.release();
      assert.deepEqual(redis.poolStats, { size: 1, idle: 1, inUse: 0, waiting: 0 });
      assert.equal(await redis.blpop(["lifecycle:k"], 0.1), null, "the pool still works");
    });

    it("acquire({ signal }) rejects at once on abort, without leaking a waiter", async () => {
      await using redis = await poolOfOne(5000);
      const held = await redis.acquire();
      const controller = new AbortController();
      const waiting = redis.acquire({ signal: controller.signal });
      assert.ok(await waitFor(() => redis.poolStats.waiting === 1, 2000), "it waits");
      controller.abort(new Error("no more"));
      await assert.rejects(waiting, /no more/);
      assert.equal(redis.poolStats.waiting, 0);
      // The released connection goes to the next caller, not to the aborted one.
      const next = redis.acquire();
      await held.release();
      const connection = await next;
      assert.deepEqual(redis.poolStats, { size: 1, idle: 0, inUse: 1, waiting: 0 });
      await connection.release();
      assert.deepEqual(redis.poolStats, { size: 1, idle: 1, inUse: 0, waiting: 0 });
      // An aborted signal takes nothing; one that aborts later changes nothing.
      const aborted = AbortSignal.abort(new Error("already"));
      await assert.rejects(redis.acquire({ signal: aborted }), /already/);
      const later = new AbortController();
      const kept = await redis.acquire({ signal: later.signal });
      later.abort();
      assert.equal(await kept.ping(), "PONG");
      await kept.release();
      assert.deepEqual(redis.poolStats, { size: 1, idle: 1, inUse: 0, waiting: 0 });
    });

    it("without a signal, the wait still ends in PoolTimeoutError", async () => {
      await using redis = await poolOfOne(200);
      const held = await redis.acquire();
      await assert.rejects(redis.acquire(), PoolTimeoutError);
      await assert.rejects(redis.blpop(["lifecycle:k"], 0), PoolTimeoutError);
      assert.equal(redis.poolStats.waiting, 0);
      await held.release();
    });

    it("an abort while a new pooled connection opens rejects at once; the connection is not leaked", async () => {
      const proxy = await startProxy(server.port);
      try {
        await using redis = await Redis.connect({
          port: proxy.port,
          protocol,
          socketConnectTimeout: 800,
        });
        proxy.mode = "stall";
        const controller = new AbortController();
        const opening = redis.acquire({ signal: controller.signal });
        await sleep(50);
        assert.equal(redis.poolStats.size, 1, "a connection is being opened");
        const started = performance.now();
        controller.abort(new Error("gave up"));
        await assert.rejects(opening, /gave up/);
        assert.ok(performance.now() - started < 500);
        proxy.resume();
        const settled = await waitFor(() => {
          const stats = redis.poolStats;
          return stats.size === stats.idle ? stats : undefined;
        }, 3000);
        assert.ok(settled !== undefined, "the opened connection was given back, not left in use");
        assert.equal(settled.inUse, 0);
        assert.equal(settled.waiting, 0);
        assert.ok(settled.size <= 1);
      } finally {
        await proxy.close();
      }
    });
  });

  describe(`blocking commands wait for the server's timeout on every executor, RESP${protocol}`, () => {
    let redis: Redis;
    before(async () => {
      redis = await Redis.connect({ port: server.port, protocol, socketTimeout: 400 });
    });
    after(async () => {
      await redis?.close();
    });

    const atLeast = async (ms: number, run: () => Promise<unknown>) => {
      const started = performance.now();
      const result = await run();
      const took = performance.now() - started;
      assert.ok(took >= ms - 50, `returned after ${took} ms`);
      return result;
    };

    it("on an acquired connection", async () => {
      await using connection = await redis.acquire();
      assert.equal(await atLeast(1000, () => connection.blpop(["lifecycle:x"], 1)), null);
      assert.deepEqual(
        await atLeast(1000, () => connection.pipeline().blpop(["lifecycle:x"], 1).exec()),
        [null],
      );
      await assert.rejects(connection.sendCommand(["DEBUG", "SLEEP", "0.6"]), TimeoutError);
    });

    it("without limit on an acquired connection: not cut at socketTimeout", async () => {
      await using connection = await redis.acquire();
      const popped = connection.blpop(["lifecycle:later"], 0);
      await sleep(800);
      await redis.rpush("lifecycle:later", "job");
      assert.deepEqual(await popped, { key: "lifecycle:later", element: "job" });
    });

    it("inside transaction()", async () => {
      const result = await atLeast(
        1000,
        () => redis.transaction((tx) => tx.blpop(["lifecycle:x"], 1)),
      );
      assert.equal(result, null);
    });

    it("in a pipeline, which does not hold up the shared connection", async () => {
      const piped = atLeast(
        1000,
        () => redis.pipeline().set("lifecycle:p", "1").blpop(["lifecycle:x"], 1).exec(),
      );
      await sleep(100);
      const started = performance.now();
      assert.equal(await redis.get("lifecycle:p"), "1");
      assert.ok(performance.now() - started < 700, "the shared connection was not held up");
      assert.deepEqual(await piped, ["OK", null]);
      // The server's timeouts add up: two BLPOP 0.5 wait 1 s, still within their margin.
      assert.deepEqual(
        await atLeast(
          1000,
          () => redis.pipeline().blpop(["lifecycle:x"], 0.5).blpop(["lifecycle:x"], 0.5).exec(),
        ),
        [null, null],
      );
    });

    it("a MULTI block does not block: its commands answer at once", async () => {
      assert.deepEqual(await redis.multi().blpop(["lifecycle:x"], 1).exec(), [null]);
    });

    it("the blocking client, alone and in a pipeline", () => {
      using sync = RedisSync.connect({ port: server.port, protocol, socketTimeout: 400 });
      let started = performance.now();
      assert.equal(sync.blpop(["lifecycle:x"], 1), null);
      assert.ok(performance.now() - started >= 950);
      started = performance.now();
      assert.deepEqual(sync.pipeline().blpop(["lifecycle:x"], 1).exec(), [null]);
      assert.ok(performance.now() - started >= 950);
      assert.throws(() => sync.sendCommand(["DEBUG", "SLEEP", "0.6"]), TimeoutError);
    });
  });

  describe(`with({ timeout, signal }) reaches pipelines, transactions and scripts, RESP${protocol}`, () => {
    let redis: Redis;
    before(async () => {
      redis = await Redis.connect({ port: server.port, protocol });
    });
    after(async () => {
      await redis?.close();
    });

    const quickly = async (run: () => Promise<unknown>, expected: RegExp | typeof TimeoutError) => {
      const started = performance.now();
      await assert.rejects(run(), expected);
      const took = performance.now() - started;
      assert.ok(took < 650, `rejected after ${took} ms`);
      assert.equal(await redis.ping(), "PONG", "answered once the server is done");
    };

    it("timeout: pipeline, multi and script of the view", async () => {
      const view = redis.with({ timeout: 100 });
      await quickly(
        () => view.pipeline().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec(),
        TimeoutError,
      );
      await quickly(() => view.multi().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec(), TimeoutError);
      await quickly(() => view.script(busyScript(800)).run(), TimeoutError);
      const bytes = redis.bytes.with({ timeout: 100 });
      await quickly(
        () => bytes.pipeline().get("k").sendCommand(["DEBUG", "SLEEP", "0.8"]).exec(),
        TimeoutError,
      );
      assert.equal(await redis.ping(), "PONG", "the connection stays usable");
    });

    it("signal: pipeline, multi and script of the view", async () => {
      const cancelled = (run: (view: AsyncExecutor<string>) => Promise<unknown>) =>
        quickly(() => {
          const controller = new AbortController();
          const pending = run(redis.with({ signal: controller.signal }));
          setTimeout(() => controller.abort(new Error("cancelled")), 50);
          return pending;
        }, /cancelled/);
      await cancelled((view) => view.pipeline().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec());
      await cancelled((view) => view.multi().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec());
      await cancelled((view) => view.script(busyScript(800)).run());
      // An aborted signal sends nothing.
      const aborted = redis.with({ signal: AbortSignal.abort(new Error("before")) });
      await assert.rejects(aborted.pipeline().incr("lifecycle:n").exec(), /before/);
      await assert.rejects(aborted.multi().incr("lifecycle:n").exec(), /before/);
      await assert.rejects(
        aborted.script("return redis.call('INCR', KEYS[1])").run(["lifecycle:n"]),
        /before/,
      );
      assert.equal(await redis.get("lifecycle:n"), null, "nothing was sent");
    });

    it("on an acquired connection's view too", async () => {
      await using connection = await redis.acquire();
      const view = connection.with({ timeout: 100 });
      await quickly(
        () => view.pipeline().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec(),
        TimeoutError,
      );
    });

    it("the blocking client: timeout on pipeline, multi and script", () => {
      using sync = RedisSync.connect({ port: server.port, protocol });
      const view = sync.with({ timeout: 100 });
      const fast = (run: () => unknown) => {
        const started = performance.now();
        assert.throws(run, TimeoutError);
        const took = performance.now() - started;
        assert.ok(took < 650, `threw after ${took} ms`);
        assert.equal(sync.ping(), "PONG");
      };
      fast(() => view.pipeline().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec());
      fast(() => view.multi().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec());
      fast(() => view.script(busyScript(800)).run());
      fast(() =>
        sync.bytes.with({ timeout: 100 }).pipeline().sendCommand(["DEBUG", "SLEEP", "0.8"]).exec()
      );
    });
  });
}

describe("blocking commands in a cluster pipeline", () => {
  let cluster: TestCluster;
  let redis: RedisCluster;
  before(async () => {
    cluster = await startCluster();
    redis = await RedisCluster.connect({ nodes: [cluster.urls[0]], socketTimeout: 400 });
  });
  after(async () => {
    await redis?.close();
    await cluster?.stop();
  });

  it("a pipeline with BLPOP 1 waits for the server's timeout, not socketTimeout", async () => {
    const started = performance.now();
    assert.deepEqual(await redis.pipeline().blpop(["lifecycle:x"], 1).get("lifecycle:y").exec(), [
      null,
      null,
    ]);
    assert.ok(performance.now() - started >= 950);
    assert.equal(await redis.blpop(["lifecycle:x"], 1), null);
  });
});
