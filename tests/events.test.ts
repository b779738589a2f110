import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type CommandEvent,
  ConnectionError,
  Redis,
  type RedisErrorEvent,
  WrongTypeError,
} from "../mod.ts";
import { startServer, type TestServer } from "./support/server.ts";

describe("client events", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it("connect and ready on connecting, end on close", async () => {
    const redis = new Redis({ port: server.port });
    const seen: string[] = [];
    for (const type of ["connect", "ready", "end"] as const) {
      redis.events.addEventListener(type, () => seen.push(type));
    }
    redis.events.addEventListener("ready", (event) => {
      assert.equal(event.protocol, 3);
      assert.equal(event.address, `127.0.0.1:${server.port}`);
    });
    await redis.ping();
    await redis.close();
    assert.deepEqual(seen, ["connect", "ready", "end"]);
  });

  it("command events carry the name, the duration and the error", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const events: CommandEvent[] = [];
    const listener = (event: CommandEvent) => events.push(event);
    redis.events.addEventListener("command", listener);
    await redis.set("k", "v");
    await redis.lpush("k", "x").catch(() => {});
    redis.events.removeEventListener("command", listener);
    await redis.get("k");
    assert.deepEqual(events.map((event) => event.command), ["SET", "LPUSH"]);
    assert.ok(events.every((event) => event.duration >= 0 && event.duration < 5000));
    assert.equal(events[0].error, undefined);
    assert.ok(events[1].error instanceof WrongTypeError);
  });

  it("an error event for a lost connection; the commands reject too", async () => {
    const target = await startServer();
    try {
      await using redis = await Redis.connect({ port: target.port });
      const errors: unknown[] = [];
      redis.events.addEventListener("error", (event: RedisErrorEvent) => errors.push(event.error));
      const pending = redis.sendCommand(["DEBUG", "SLEEP", "1"]);
      const settled = pending.catch((error) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await target.kill();
      assert.ok((await settled) instanceof ConnectionError);
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof ConnectionError);
      assert.ok(!String((errors[0] as Error).message).includes("password"));
    } finally {
      await target.stop();
    }
  });

  it("a failed connect emits error; with no listener nothing crashes", async () => {
    const unreachable = new Redis({ port: 1, socketConnectTimeout: 500 });
    const errors: unknown[] = [];
    unreachable.events.addEventListener("error", (event) => errors.push(event.error));
    await assert.rejects(unreachable.ping(), ConnectionError);
    assert.equal(errors.length, 1);
    const silent = new Redis({ port: 1 });
    await assert.rejects(silent.ping(), ConnectionError);
  });
});
