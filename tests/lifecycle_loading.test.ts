/**
 * A server restarted with data answers LOADING to every data command until
 * its dataset is in memory. The clients wait for that before `ready` (up to
 * the connect timeout again): commands issued meanwhile wait and succeed,
 * no BusyLoadingError reaches the caller; a load longer than the bound is a
 * TimeoutError that says so. The loading is made slow and deterministic with
 * `key-load-delay` (microseconds per key) on a saved dataset.
 */
import assert from "node:assert/strict";
import { createConnection } from "node:net";
import { after, before, describe, it } from "node:test";
import { BusyLoadingError, Redis, type RedisErrorEvent, TimeoutError } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

/** A connect timeout (and so a loading bound) that a slow machine's load stays well within. */
const BOUND = 30_000;

/** Keys in the saved dataset. */
const KEYS = 20_000;

/** The first line a server sends back to an inline PING. */
function rawPing(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (line: string) => {
      socket.destroy();
      resolve(line);
    };
    socket.setTimeout(2000, () => done("(timeout)"));
    socket.on("error", (error) => done(`(${error.message})`));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(data.toString().split("\r\n")[0]));
  });
}

/**
 * Crash the server and start it again on the same port and directory,
 * loading its dataset at `delay` µs a key (about KEYS × delay µs in all);
 * resolves while it is still loading, which is checked.
 */
async function restartLoading(server: TestServer, delay = 100): Promise<void> {
  await server.kill();
  await server.restart({
    // Answer clients while loading after every KiB read, not every 2 MiB.
    args: ["--key-load-delay", String(delay), "--loading-process-events-interval-bytes", "1024"],
    whileLoading: true,
  });
  assert.match(await rawPing(server.port), /^-LOADING/, "the server is loading");
}

describe("a server still loading its dataset", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await using redis = await Redis.connect({ port: server.port });
    await redis.sendCommand(["DEBUG", "POPULATE", KEYS, "key", 100]);
    assert.equal(await redis.sendCommand(["SAVE"]), "OK");
  });
  after(async () => {
    await server?.stop();
  });
  expectNoUnhandledRejections();

  for (const protocol of [2, 3] as const) {
    describe(`RESP${protocol}`, () => {
      it("a client connecting during the load: ready after it, writes issued meanwhile succeed", async () => {
        await restartLoading(server);
        const redis = new Redis({ port: server.port, protocol, socketConnectTimeout: BOUND });
        const atReady: Promise<string>[] = [];
        const errors: unknown[] = [];
        redis.events.addEventListener("ready", () => atReady.push(rawPing(server.port)));
        redis.events.addEventListener("error", (e: RedisErrorEvent) => errors.push(e.error));
        try {
          const writes = Array.from({ length: 20 }, (_, i) => redis.set(`w:${i}`, String(i)));
          const results = await Promise.allSettled([
            ...writes,
            redis.incr("counter"),
            redis.blpop(["nothing"], 0.1), // a pooled connection waits too
          ]);
          const failures = results.filter((r) => r.status === "rejected");
          assert.deepEqual(failures, [], "no command failed");
          assert.equal(atReady.length, 1);
          assert.equal(await atReady[0], "+PONG", "ready only once the dataset is loaded");
          assert.equal(await redis.dbsize(), KEYS + 21);
          assert.ok(!errors.some((e) => e instanceof BusyLoadingError), String(errors));
        } finally {
          await redis.close();
        }
      });

      it("a client connected before the restart: commands during the load wait and succeed", async () => {
        await using redis = await Redis.connect({
          port: server.port,
          protocol,
          socketConnectTimeout: BOUND,
        });
        assert.equal(await redis.set("before", "1"), "OK");
        await restartLoading(server);
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => redis.set(`r:${i}`, String(i))),
        );
        const failures = results.filter((r) => r.status === "rejected");
        assert.deepEqual(failures, [], "no command failed");
        assert.equal(await redis.get("r:19"), "19");
        assert.equal(await redis.dbsize(), KEYS + 20, "the dataset and the new writes");
      });

      it("the blocking client waits for the load (bounded by its connect timeout)", async () => {
        await restartLoading(server);
        const redis = new RedisSync({ port: server.port, protocol, socketConnectTimeout: BOUND });
        try {
          assert.equal(redis.set("sync", "1"), "OK");
          assert.equal(redis.dbsize(), KEYS + 1);
        } finally {
          redis.close();
        }
      });
    });
  }

  it("a load longer than the connect timeout is a TimeoutError that says so (both clients)", async () => {
    // About 20 s of loading; the server is killed long before.
    await restartLoading(server, 1000);
    try {
      const started = performance.now();
      const error = await Redis.connect({
        port: server.port,
        socketConnectTimeout: 500,
        reconnect: false,
      }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof TimeoutError, `TimeoutError: ${error}`);
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${server.port} is still loading`));
      assert.match(error.message, /socketConnectTimeout/);
      assert.ok(performance.now() - started < 500 * 2 + 3000, "within the bound");

      const syncStarted = performance.now();
      assert.throws(
        () => RedisSync.connect({ port: server.port, socketConnectTimeout: 500 }),
        (e: Error) => e instanceof TimeoutError && /still loading/.test(e.message),
      );
      assert.ok(performance.now() - syncStarted < 500 * 2 + 3000, "within the bound");
    } finally {
      await server.kill();
      // Start it again without the delay, loaded, for nothing else to wait on.
      await server.restart();
    }
  });
});
