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
