import assert from "node:assert/strict";
import { inspect } from "node:util";
import { after, before, describe, it } from "node:test";
import { AuthenticationError, ConstantBackoff, DataError, Redis } from "../mod.ts";
import { startServer, type TestServer } from "./support/server.ts";

describe("credentials", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({
      args: ["--user", "app", "on", ">first-secret", "~*", "&*", "+@all"],
    });
  });
  after(async () => {
    await server?.stop();
  });

  it("a provider is asked at every connection, so a rotated password is used after a reconnect", async () => {
    let secret = "first-secret";
    let calls = 0;
    await using redis = await Redis.connect({
      port: server.port,
      credentials: () => {
        calls++;
        return Promise.resolve({ username: "app", password: secret });
      },
      reconnect: { backoff: new ConstantBackoff(20) },
    });
    assert.equal(await redis.sendCommand(["ACL", "WHOAMI"]), "app");
    await redis.sendCommand(["ACL", "SETUSER", "app", "resetpass", ">second-secret"]);
    secret = "second-secret";
    await redis.sendCommand(["CLIENT", "KILL", "USER", "app", "SKIPME", "no"]).catch(() => {});
    let whoami: unknown;
    for (let attempt = 0; attempt < 50 && whoami === undefined; attempt++) {
      whoami = await redis.sendCommand(["ACL", "WHOAMI"]).catch(() => undefined);
    }
    assert.equal(whoami, "app");
    assert.ok(calls >= 2);
  });

  it("a refused password is AuthenticationError; a provider that is not a function is a DataError", async () => {
    await assert.rejects(
      Redis.connect({
        port: server.port,
        credentials: () => ({ username: "app", password: "nope" }),
      }),
      AuthenticationError,
    );
    assert.throws(() => new Redis({ credentials: "secret" as never }), DataError);
  });

  it("no inspection of a client shows its password", () => {
    const redis = new Redis(`redis://app:hunter2@127.0.0.1:${server.port}/0`);
    assert.ok(!inspect(redis, { depth: 10, showHidden: true }).includes("hunter2"));
    assert.ok(!String(redis).includes("hunter2"));
    assert.ok(!JSON.stringify(redis).includes("hunter2"));
  });
});

/** An async iterable fed by hand. */
function channel<T>(): { iterable: AsyncIterable<T>; push(value: T): void } {
  const values: T[] = [];
  let wake: (() => void) | undefined;
  return {
    push(value) {
      values.push(value);
      wake?.();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (values.length > 0) yield values.shift()!;
          await new Promise<void>((resolve) => wake = resolve);
        }
      },
    },
  };
}

describe("streaming credentials", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ args: ["--user", "svc", "on", ">pw-1", "~*", "&*", "+@all"] });
  });
  after(async () => {
    await server?.stop();
  });

  it("rotating an ACL user's password while commands flow: re-auth, and no command fails", async () => {
    const stream = channel<{ username: string; password: string }>();
    stream.push({ username: "svc", password: "pw-1" });
    await using redis = await Redis.connect({ port: server.port, credentials: stream.iterable });
    await using admin = await Redis.connect({
      port: server.port,
      username: "svc",
      password: "pw-1",
    });
    const reauthed = new Promise<void>((resolve) =>
      redis.events.addEventListener("reauth", () => resolve(), { once: true })
    );
    let running = true;
    let done = 0;
    const load = (async () => {
      while (running) {
        await redis.incr("flow");
        done++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await admin.sendCommand(["ACL", "SETUSER", "svc", ">pw-2"]);
    stream.push({ username: "svc", password: "pw-2" });
    await reauthed;
    await admin.sendCommand(["ACL", "SETUSER", "svc", "<pw-1"]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    running = false;
    await load;
    assert.ok(done > 10);
    assert.equal(await redis.get("flow"), String(done));
    await assert.rejects(
      Redis.connect({ port: server.port, username: "svc", password: "pw-1" }),
      AuthenticationError,
      "the old password is gone",
    );
    const id = await redis.clientId();
    assert.equal(await admin.clientKill({ id }), 1);
    let pong: unknown;
    for (let attempt = 0; attempt < 50 && pong === undefined; attempt++) {
      pong = await redis.ping().catch(() => undefined);
    }
    assert.equal(pong, "PONG", "a new connection uses the rotated password");
    assert.notEqual(await redis.clientId(), id);
  });
});
