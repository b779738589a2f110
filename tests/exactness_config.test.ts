/**
 * Bad input is keel's `DataError`, naming the argument and what was
 * expected, before anything is sent: malformed percent-escapes in URLs, and
 * credentials providers (functions and streams) that give no credentials.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Credentials, DataError, Redis, RedisCluster, type RedisErrorEvent } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { resolveOptions } from "../lib/client/options.ts";
import { checkCredentials } from "../lib/auth/check_credentials.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

/** Assert that `run` throws (or rejects with) a DataError whose message matches `pattern`. */
function isDataError(pattern: RegExp, secret?: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.match(error.message, pattern);
    if (secret !== undefined) assert.ok(!error.message.includes(secret), "the secret leaked");
    return true;
  };
}

/** Fail if `promise` takes longer than `ms`: nothing may hang. */
function within<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe("malformed percent-escapes in a URL", () => {
  const cases: [string, string, RegExp][] = [
    ["redis://:%E0%A4%A@127.0.0.1:6379", "%E0%A4%A", /the password/],
    ["redis://:pa%ZZss@127.0.0.1:6379", "pa%ZZss", /the password/],
    ["redis://:50%@127.0.0.1:6379", "50%", /the password/],
    ["redis://:%C3%28@127.0.0.1:6379", "%C3%28", /the password/],
    ["redis://%E0%A4%A:pw@127.0.0.1:6379", "%E0%A4%A", /the user name/],
    ["unix:///tmp/%E0%A4%A.sock", "%E0%A4%A", /the socket path/],
    ["redis://127.0.0.1?password=%E0%A4%A", "%E0%A4%A", /the query option 'password'/],
    ["redis://127.0.0.1?username=al%Gice", "al%Gice", /the query option 'username'/],
    ["redis://127.0.0.1?clientName=ab%", "ab%", /the query option 'clientName'/],
    ["redis://127.0.0.1?%E0%A4%A=1", "%E0%A4%A", /a query option's name/],
  ];
  for (const [url, secret, part] of cases) {
    it(`${url.replace(secret, "…")}: DataError naming the part`, () => {
      assert.throws(() => resolveOptions(url), isDataError(part, secret));
      assert.throws(() => resolveOptions({ url }), isDataError(/percent-escape/, secret));
      assert.throws(() => new Redis(url), isDataError(/percent-escape/, secret));
    });
  }

  it("Redis.connect and a cluster seed node reject the same way, nothing sent", async () => {
    await assert.rejects(
      Redis.connect("redis://:%E0%A4%A@127.0.0.1:1"),
      isDataError(/the password/),
    );
    assert.throws(
      () => new RedisCluster({ nodes: ["redis://:%E0%A4%A@127.0.0.1:1"] }),
      isDataError(/the password/),
    );
  });

  it("well-formed escapes still decode, in every part", () => {
    const resolved = resolveOptions(
      "redis://us%C3%A9r:p%40ss%25@127.0.0.1:6379?clientName=a+b%2Bc&user=%F0%9F%94%91",
    );
    // The password lives in a credentials provider (a closure), not in a property.
    const credentials = (resolved.credentials as () => { password: string; username?: string })();
    assert.equal(credentials.password, "p@ss%");
    assert.equal(credentials.username, "🔑");
    assert.equal(resolved.username, "🔑", "the query's user comes after the URL's");
    assert.equal(resolved.clientName, "a b+c");
    assert.equal(resolveOptions("redis://us%C3%A9r:pw@h").username, "usér");
    assert.equal(resolveOptions("unix:///tmp/r%20s.sock").path, "/tmp/r s.sock");
    assert.equal(resolveOptions("redis://h?db=3&&name=x").db, 3);
  });
});

describe("checkCredentials", () => {
  const source = "the credentials provider returned";
  const bad: [unknown, RegExp][] = [
    [undefined, /returned undefined; expected \{ username\?: string, password: string \}/],
    [null, /returned null;/],
    [42, /returned a number;/],
    ["secret", /returned a string;/],
    [["u", "p"], /returned an array;/],
    [{}, /returned an object without a password;/],
    [{ username: "app" }, /an object without a password/],
    [{ password: 42 }, /whose password is a number/],
    [{ username: 7, password: "pw" }, /whose username is a number/],
  ];
  for (const [value, pattern] of bad) {
    it(`${JSON.stringify(value) ?? "undefined"} is a DataError`, () => {
      assert.throws(() => checkCredentials(value, source), isDataError(pattern, "secret"));
    });
  }

  it("good credentials come back with only username and password", () => {
    assert.deepEqual(checkCredentials({ password: "pw", extra: 1 }, source), {
      username: undefined,
      password: "pw",
    });
    assert.deepEqual(checkCredentials({ username: "u", password: "" }, source), {
      username: "u",
      password: "",
    });
  });
});

describe("credentials providers that give no credentials", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ args: ["--user", "app", "on", ">pw", "~*", "&*", "+@all"] });
  });
  after(async () => {
    await server?.stop();
  });
  expectNoUnhandledRejections();

  const values: [string, unknown, RegExp][] = [
    ["undefined", undefined, /returned undefined;/],
    ["null", null, /returned null;/],
    ["a number", 42, /returned a number;/],
    ["an object without password", { username: "app" }, /without a password/],
  ];

  for (const [label, value, pattern] of values) {
    it(`a provider function returning ${label}: connect rejects with DataError`, async () => {
      await within(assert.rejects(
        Redis.connect({ port: server.port, credentials: () => value as Credentials }),
        isDataError(pattern),
      ));
      await within(assert.rejects(
        Redis.connect({
          port: server.port,
          credentials: () => Promise.resolve(value as Credentials),
        }),
        isDataError(pattern),
      ));
      // The blocking client checks the same way (undefined has its own message there).
      assert.throws(
        () => RedisSync.connect({ port: server.port, credentials: () => value as Credentials }),
        value === undefined ? DataError : isDataError(pattern),
      );
      // Lazily connecting clients: each command rejects, none hangs.
      const redis = new Redis({ port: server.port, credentials: () => value as Credentials });
      try {
        for (let i = 0; i < 2; i++) {
          await within(assert.rejects(redis.get("k"), isDataError(pattern)));
        }
      } finally {
        await redis.close();
      }
    });

    it(`a stream whose first value is ${label}: connect rejects with DataError`, async () => {
      const stream = (async function* () {
        yield value as Credentials;
        await new Promise(() => {}); // never ends
      })();
      const redis = new Redis({ port: server.port, credentials: stream });
      try {
        const expected = new RegExp(pattern.source.replace("returned", "yielded"));
        await within(assert.rejects(redis.connect(), isDataError(expected)));
        await within(assert.rejects(redis.ping(), isDataError(expected)));
      } finally {
        await redis.close();
      }
    });
  }

  it("a stream that ends without a value is a DataError", async () => {
    const stream = (async function* (): AsyncGenerator<Credentials> {})();
    await within(assert.rejects(
      Redis.connect({ port: server.port, credentials: stream }),
      isDataError(/the credentials stream ended without a value/),
    ));
  });

  it("a stream's bad later value is an error event; the last good credentials stay", async () => {
    let push!: (value: unknown) => void;
    const queue: unknown[] = [{ username: "app", password: "pw" }];
    const stream = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queue.length > 0) yield queue.shift() as Credentials;
          await new Promise<void>((resolve) => push = (value) => (queue.push(value), resolve()));
        }
      },
    };
    await using redis = await Redis.connect({ port: server.port, credentials: stream });
    const errors: unknown[] = [];
    redis.events.addEventListener(
      "error",
      (event) => errors.push((event as RedisErrorEvent).error),
    );
    push(null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof DataError);
    assert.match((errors[0] as DataError).message, /the credentials stream yielded null/);
    assert.equal(await redis.sendCommand(["ACL", "WHOAMI"]), "app");
    // A new connection uses the last good credentials.
    await redis.sendCommand(["CLIENT", "KILL", "USER", "app", "SKIPME", "no"]).catch(() => {});
    let whoami: unknown;
    for (let attempt = 0; attempt < 50 && whoami === undefined; attempt++) {
      whoami = await redis.sendCommand(["ACL", "WHOAMI"]).catch(() => undefined);
    }
    assert.equal(whoami, "app");
  });

  it("after a reconnect the provider's bad value fails the waiting commands, not forever", async () => {
    let value: unknown = { username: "app", password: "pw" };
    await using redis = await Redis.connect({
      port: server.port,
      credentials: () => value as Credentials,
      reconnect: { maxAttempts: 1000 },
    });
    assert.equal(await redis.ping(), "PONG");
    value = undefined;
    await redis.sendCommand(["CLIENT", "KILL", "USER", "app", "SKIPME", "no"]).catch(() => {});
    let error: unknown;
    // The commands caught by the kill fail with ConnectionError; the reconnection then with DataError.
    const deadline = Date.now() + 5000;
    while (!(error instanceof DataError) && Date.now() < deadline) {
      error = await within(redis.ping(), 2000).then(() => undefined, (e) => e);
    }
    assert.ok(error instanceof DataError, String(error));
    value = { username: "app", password: "pw" };
    let pong: unknown;
    for (let attempt = 0; attempt < 50 && pong === undefined; attempt++) {
      pong = await within(redis.ping()).catch(() => undefined);
    }
    assert.equal(pong, "PONG", "good credentials again: the client recovers");
  });

  it("a cluster client's provider returning undefined: DataError, not a ClusterError", async () => {
    await within(assert.rejects(
      RedisCluster.connect({
        nodes: [`redis://127.0.0.1:${server.port}`],
        credentials: () => undefined as unknown as Credentials,
        refreshInterval: 0,
      }),
      isDataError(/the credentials provider returned undefined/),
    ));
  });

  it("sentinel credentials that are not strings are a DataError", () => {
    assert.throws(
      () =>
        new Redis({
          sentinel: { name: "m", sentinels: ["127.0.0.1:26379"], password: 42 as never },
        }),
      isDataError(/sentinel\.password: expected a string, got number/),
    );
    assert.throws(
      () => new Redis({ sentinel: { name: "m", sentinels: ["nowhere"] } }),
      isDataError(/sentinel\.sentinels\[0\]: expected "host:port"/),
    );
  });
});
