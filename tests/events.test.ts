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

describe("command timing follows the command listeners", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  /** Counts the `command` events the client dispatches, listened to or not. */
  function countDispatched(redis: Redis): { count: number } {
    const seen = { count: 0 };
    const dispatch = redis.events.dispatchEvent.bind(redis.events);
    redis.events.dispatchEvent = (event: Event) => {
      if (event.type === "command") seen.count++;
      return dispatch(event);
    };
    return seen;
  }

  it("a { once: true } listener: after it fired, commands are no longer timed", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const dispatched = countDispatched(redis);
    const names: string[] = [];
    redis.events.addEventListener("command", (event) => names.push(event.command), {
      once: true,
    });
    assert.equal(redis.events.wantsCommands, true);
    await redis.set("once", "1");
    await redis.get("once");
    assert.deepEqual(names, ["SET"]);
    assert.equal(redis.events.wantsCommands, false);
    assert.equal(dispatched.count, 1);
  });

  it("a once listener removed before it fired, or added twice, counts once", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const dispatched = countDispatched(redis);
    const listener = () => {};
    redis.events.addEventListener("command", listener, { once: true });
    redis.events.addEventListener("command", listener, { once: true });
    redis.events.removeEventListener("command", listener);
    assert.equal(redis.events.wantsCommands, false);
    await redis.ping();
    assert.equal(dispatched.count, 0);
  });

  it("a listener whose signal aborted: commands are no longer timed", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const dispatched = countDispatched(redis);
    const controller = new AbortController();
    let heard = 0;
    redis.events.addEventListener("command", () => heard++, { signal: controller.signal });
    await redis.ping();
    controller.abort();
    assert.equal(redis.events.wantsCommands, false);
    await redis.ping();
    assert.equal(heard, 1);
    assert.equal(dispatched.count, 1);
  });

  it("the same listener for capture and bubble is two listeners: removing one keeps the other", async () => {
    await using redis = await Redis.connect({ port: server.port });
    let heard = 0;
    const listener = () => heard++;
    redis.events.addEventListener("command", listener);
    redis.events.addEventListener("command", listener, { capture: true });
    redis.events.removeEventListener("command", listener);
    assert.equal(redis.events.wantsCommands, true);
    await redis.ping();
    assert.equal(heard, 1);
    redis.events.removeEventListener("command", listener, true);
    assert.equal(redis.events.wantsCommands, false);
    await redis.ping();
    assert.equal(heard, 1);
  });

  it("a once listener's `this` and handleEvent objects work as on any EventTarget", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const seen: unknown[] = [];
    redis.events.addEventListener("command", function (this: unknown) {
      seen.push(this);
    }, { once: true });
    redis.events.addEventListener("command", {
      handleEvent(event: Event) {
        seen.push((event as CommandEvent).command);
      },
    }, { once: true });
    await redis.ping();
    await redis.ping();
    assert.deepEqual(seen, [redis.events, "PING"]);
    assert.equal(redis.events.wantsCommands, false);
  });
});
