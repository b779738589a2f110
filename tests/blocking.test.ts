import assert from "node:assert/strict";
import { it } from "node:test";
import {
  ClientClosedError,
  ConnectionError,
  PoolTimeoutError,
  Redis,
  TimeoutError,
} from "../mod.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";

describeEachProtocol("blocking commands on pooled connections", (ctx) => {
  const clientCount = async () =>
    ((await ctx.redis.sendCommand(["CLIENT", "LIST"])) as string).trim().split("\n").length;

  it("a GET issued during a 2 s BLPOP returns in milliseconds", async () => {
    const blocked = ctx.redis.sendCommand(["BLPOP", "jobs", "2"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    assert.equal(await ctx.redis.set("k", "v"), "OK");
    assert.equal(await ctx.redis.get("k"), "v");
    assert.ok(performance.now() - started < 200, "the shared connection was not held up");
    await ctx.redis.sendCommand(["LPUSH", "jobs", "job-1"]);
    assert.deepEqual(await blocked, ["jobs", "job-1"]);
  });

  it("a blocking command's timeout is the server's plus a margin, not socketTimeout", async () => {
    await using redis = await Redis.connect({
      port: ctx.server.port,
      protocol: ctx.protocol,
      socketTimeout: 100,
    });
    const started = performance.now();
    assert.equal(await redis.sendCommand(["BLPOP", "empty", "0.5"]), null);
    assert.ok(performance.now() - started >= 450);
    await assert.rejects(redis.sendCommand(["DEBUG", "SLEEP", "0.3"]), TimeoutError);
  });

  it("an AbortSignal cancels a blocking command and its connection is closed, not reused", async () => {
    await using redis = await Redis.connect({ port: ctx.server.port, protocol: ctx.protocol });
    await redis.ping();
    const before = await clientCount();
    const controller = new AbortController();
    const blocked = redis.with({ signal: controller.signal }).sendCommand(["BLPOP", "never", "0"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await clientCount(), before + 1);
    controller.abort(new Error("stop waiting"));
    await assert.rejects(blocked, /stop waiting/);
    for (let i = 0; i < 50 && (await clientCount()) > before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await clientCount(), before);
    await ctx.redis.sendCommand(["LPUSH", "never", "x"]);
    assert.equal(await ctx.redis.sendCommand(["LLEN", "never"]), 1, "nobody popped it");
  });

  it("a full pool makes the next blocking command wait, then PoolTimeoutError", async () => {
    await using redis = await Redis.connect({
      port: ctx.server.port,
      protocol: ctx.protocol,
      pool: { maxSize: 1, acquireTimeout: 100 },
    });
    const first = redis.sendCommand(["BLPOP", "q", "1"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await assert.rejects(redis.sendCommand(["BLPOP", "q", "1"]), PoolTimeoutError);
    await ctx.redis.sendCommand(["RPUSH", "q", "a"]);
    assert.deepEqual(await first, ["q", "a"]);
    await ctx.redis.sendCommand(["RPUSH", "q", "b"]);
    assert.deepEqual(
      await redis.sendCommand(["BLPOP", "q", "1"]),
      ["q", "b"],
      "the connection came back",
    );
  });

  it("closing the client rejects pooled commands: waiting ones and running ones", async () => {
    const redis = await Redis.connect({
      port: ctx.server.port,
      protocol: ctx.protocol,
      pool: { maxSize: 1, acquireTimeout: 5000 },
    });
    const first = redis.sendCommand(["BLPOP", "q", "0"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = redis.sendCommand(["BLPOP", "q", "0.3"]);
    await redis.close();
    await assert.rejects(waiting, ClientClosedError);
    await assert.rejects(first, ConnectionError);
  });

  it("XREAD BLOCK and WAIT run on the pool too", async () => {
    const reading = ctx.redis.sendCommand(["XREAD", "BLOCK", "1000", "STREAMS", "s", "$"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const id = await ctx.redis.sendCommand(["XADD", "s", "*", "f", "v"]);
    const reply = await reading;
    assert.ok(reply !== null);
    assert.ok(JSON.stringify(reply instanceof Map ? [...reply] : reply).includes(String(id)));
    assert.equal(await ctx.redis.sendCommand(["WAIT", "0", "100"]), 0);
  });
});
