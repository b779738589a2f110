import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  type CommandEvent,
  ConnectionError,
  ConstantBackoff,
  Redis,
  type RedisOptions,
  Retry,
} from "../mod.ts";
import { isReadOnly } from "../lib/commands/read_only.ts";
import { startProxy, type TestProxy } from "./support/proxy.ts";
import { startServer, type TestServer } from "./support/server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("retry of commands whose connection was lost after they were written", () => {
  let server: TestServer;
  let proxy: TestProxy;
  let direct: Redis;
  before(async () => {
    server = await startServer();
    proxy = await startProxy(server.port);
    direct = await Redis.connect({ port: server.port });
  });
  beforeEach(async () => {
    proxy.resume();
    await direct.flushdb();
    await direct.set("k", "v");
  });
  after(async () => {
    await direct?.close();
    await proxy?.close();
    await server?.stop();
  });

  /** Start `run` while the proxy holds traffic, then drop the connection under it. */
  async function lostInFlight<T>(redis: Redis, run: () => Promise<T>): Promise<T> {
    await redis.ping();
    proxy.mode = "stall";
    const pending = run();
    await sleep(30);
    proxy.dropAll();
    proxy.resume();
    return await pending;
  }

  const connect = (options: RedisOptions = {}) =>
    Redis.connect({
      port: proxy.port,
      reconnect: { backoff: new ConstantBackoff(10) },
      ...options,
    });

  it("a read-only command (GET) is sent again and resolves", async () => {
    await using redis = await connect();
    assert.equal(await lostInFlight(redis, () => redis.get("k")), "v");
    assert.equal(
      await lostInFlight(redis, () => redis.sendCommand(["object", "encoding", "k"])),
      "embstr",
    );
  });

  it("a write (INCR) is not sent again: ConnectionError, and it did not run twice", async () => {
    await using redis = await connect();
    await assert.rejects(lostInFlight(redis, () => redis.incr("n")), ConnectionError);
    assert.equal(await direct.get("n"), null, "the stalled INCR never reached the server");
  });

  it("a Retry with retryWrites sends writes again", async () => {
    await using redis = await connect({
      retry: new Retry(new ConstantBackoff(10), 2, { retryWrites: true }),
    });
    assert.equal(await lostInFlight(redis, () => redis.incr("n")), 1);
    assert.equal(await direct.get("n"), "1");
  });

  it("pipelines and MULTI/EXEC are never sent again", async () => {
    await using redis = await connect({
      retry: new Retry(new ConstantBackoff(10), 2, { retryWrites: true }),
    });
    await assert.rejects(
      lostInFlight(redis, () => redis.pipeline().get("k").exec()),
      ConnectionError,
    );
    await assert.rejects(
      lostInFlight(redis, () => redis.multi().incr("n").exec()),
      ConnectionError,
    );
    assert.equal(await direct.get("n"), null);
  });

  it("retry: false turns it off; the count of retries is bounded", async () => {
    await using off = await connect({ retry: false });
    await assert.rejects(lostInFlight(off, () => off.get("k")), ConnectionError);

    await using bounded = await connect({
      retry: new Retry(new ConstantBackoff(5), 2),
      reconnect: false,
    });
    await bounded.ping();
    const attempts: CommandEvent[] = [];
    bounded.events.addEventListener("command", (e) => attempts.push(e));
    proxy.mode = "stall";
    const pending = bounded.get("k");
    await sleep(30);
    await proxy.close(); // drops the connection, and nothing listens any more
    try {
      await assert.rejects(pending, ConnectionError);
      assert.equal(attempts.length, 3, "the first attempt and two retries");
      assert.ok(attempts.every((e) => e.command === "GET" && e.error instanceof ConnectionError));
    } finally {
      proxy = await startProxy(server.port);
    }
  });
});

describe("isReadOnly, from the command flags", () => {
  it("knows reads, writes and read-only subcommands", () => {
    for (
      const args of [["GET", "k"], ["hgetall", "h"], ["EVALSHA_RO", "x", 0], [
        "XINFO",
        "STREAM",
        "s",
      ]]
    ) {
      assert.equal(isReadOnly(args), true, String(args));
    }
    for (
      const args of [["SET", "k", "v"], ["INCR", "k"], ["EVALSHA", "x", 0], ["XINFO", "HELP"], [
        "PUBLISH",
        "c",
        "m",
      ]]
    ) {
      assert.equal(isReadOnly(args), false, String(args));
    }
  });
});
