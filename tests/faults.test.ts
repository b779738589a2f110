import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConnectionError, ConstantBackoff, Redis, TimeoutError } from "../mod.ts";
import { startProxy, type TestProxy } from "./support/proxy.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { record } from "./support/record.ts";

describe("faults between client and server (through a misbehaving proxy)", () => {
  let server: TestServer;
  let proxy: TestProxy;
  before(async () => {
    server = await startServer();
    proxy = await startProxy(server.port);
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it("traffic split into 1-byte writes decodes the same", async () => {
    await using redis = await Redis.connect({ port: proxy.port });
    proxy.mode = "split";
    try {
      await redis.hset("h", { field: "value with spaces ✓", n: 42 });
      assert.deepEqual(
        await redis.hgetall("h"),
        record({ field: "value with spaces ✓", n: "42" }),
      );
      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => redis.echo(`m${i}`)));
      assert.deepEqual(replies, Array.from({ length: 50 }, (_, i) => `m${i}`));
    } finally {
      proxy.mode = "pass";
    }
  });

  it("stalled traffic gives TimeoutError, not a hang", async () => {
    await using redis = await Redis.connect({ port: proxy.port, socketTimeout: 200 });
    proxy.mode = "stall";
    try {
      const started = performance.now();
      await assert.rejects(redis.get("k"), TimeoutError);
      assert.ok(performance.now() - started < 1000);
    } finally {
      proxy.mode = "pass";
      proxy.dropAll();
    }
  });

  it("a dropped connection rejects pending commands with ConnectionError, then reconnects", async () => {
    await using redis = await Redis.connect({
      port: proxy.port,
      reconnect: { backoff: new ConstantBackoff(20) },
    });
    const slow = redis.sendCommand(["DEBUG", "SLEEP", "0.5"]);
    const settled = slow.catch((error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    proxy.dropAll();
    assert.ok((await settled) instanceof ConnectionError);
    assert.equal(await redis.ping(), "PONG");
  });
});
