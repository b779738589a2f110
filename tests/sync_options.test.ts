/**
 * The blocking client's options: what only the async client can do (a pool,
 * background reconnects, an offline queue, retries, Sentinel, health-check
 * PINGs, caller stacks, a credentials stream) is refused with a DataError
 * naming the option, in the options and in the URL query, instead of being
 * silently ignored; the async client still takes all of it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConstantBackoff, Redis, Retry } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { expectDataError } from "./support/data_error.ts";

/** A credentials stream that never yields (nothing iterates it here). */
const stream: AsyncIterable<{ password: string }> = {
  [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }),
};

/** Each async-only option, a value the async client takes, and what the message says. */
const ASYNC_ONLY: [string, unknown, RegExp][] = [
  ["pool", { maxSize: 2 }, /no connection pool/],
  ["reconnect", { maxAttempts: 3 }, /does not reconnect in the background/],
  ["offlineQueue", false, /no offline queue/],
  ["retry", new Retry(new ConstantBackoff(1), 2), /does not retry/],
  ["sentinel", { name: "m", sentinels: ["127.0.0.1:1"] }, /cannot follow Sentinel/],
  ["healthCheckInterval", 1000, /no health-check PINGs/],
  ["callerStacks", true, /always shows the caller/],
];

describe("RedisSync options: async-only options are refused, naming the option", () => {
  for (const [key, value, why] of ASYNC_ONLY) {
    it(`${key}`, () => {
      const message = new RegExp(`'${key}' is an option of the async client \\(Redis\\) only: .*`);
      expectDataError(
        `new ${key}`,
        () => new RedisSync({ port: 1, [key]: value } as never),
        message,
      );
      expectDataError(
        `new ${key} why`,
        () => new RedisSync({ port: 1, [key]: value } as never),
        why,
      );
      expectDataError(
        `connect ${key}`,
        () => RedisSync.connect({ port: 1, [key]: value } as never),
        message,
      );
      // An undefined value is refused too: the key says the caller expects it to work.
      expectDataError(
        `undefined ${key}`,
        () => new RedisSync({ port: 1, [key]: undefined } as never),
        message,
      );
      // The async client takes it.
      const redis = new Redis({ port: 1, [key]: value } as never);
      void redis.close();
    });
  }

  it("the URL query's health-check interval, under each of its names", () => {
    for (const name of ["healthCheckInterval", "health_check_interval"]) {
      expectDataError(
        name,
        () => new RedisSync(`redis://127.0.0.1:1?${name}=1000`),
        /'healthCheckInterval' is an option of the async client \(Redis\) only: .*no health-check PINGs.*\(in the URL query\)/,
      );
      expectDataError(
        `${name} in url`,
        () => new RedisSync({ url: `redis://127.0.0.1:1?${name}=1000` }),
        /'healthCheckInterval'/,
      );
    }
  });

  it("a credentials stream (an async iterable), before any connect", () => {
    expectDataError(
      "stream",
      () => new RedisSync({ port: 1, credentials: stream } as never),
      /^credentials: the blocking client needs a function that returns credentials synchronously; a stream \(an async iterable\) needs the async client \(Redis\)$/,
    );
  });

  it("other clients' names for async-only options say so, not 'did you mean'", () => {
    expectDataError(
      "enableOfflineQueue",
      () => new RedisSync({ enableOfflineQueue: false } as never),
      /^unknown option 'enableOfflineQueue' of the blocking client's options; 'offlineQueue' is an option of the async client \(Redis\) only: /,
    );
    expectDataError(
      "retryStrategy",
      () => new RedisSync({ retryStrategy: () => 1 } as never),
      /of the blocking client's options; 'reconnect' is an option of the async client/,
    );
    expectDataError(
      "sentinels",
      () => new RedisSync({ sentinels: [] } as never),
      /'sentinel' is an option of the async client \(Redis\) only/,
    );
    expectDataError(
      "lazyConnect",
      () => new RedisSync({ lazyConnect: true } as never),
      /new RedisSync\(\) connects on the first command, RedisSync\.connect\(\) at once/,
    );
    expectDataError(
      "database",
      () => new RedisSync({ database: 1 } as never),
      /did you mean 'db'\?/,
    );
  });

  it("what the blocking client uses is still taken", () => {
    const redis = new RedisSync({
      url: "redis://127.0.0.1:1/2?protocol=2&socketTimeout=50&name=app",
      host: "127.0.0.1",
      port: 1,
      tls: false,
      username: "u",
      password: "p",
      db: 3,
      clientName: "c",
      protocol: 3,
      socketConnectTimeout: 100,
      socketTimeout: 200,
      credentials: () => ({ password: "p" }),
    });
    redis.close();
    new RedisSync({ path: "/tmp/none.sock" }).close();
  });

  it("the blocking client's options type has no async-only option", () => {
    // Compile-time checks (deno check): each line fails to compile without the directive.
    const check = (make: () => unknown) => assert.throws(make);
    // @ts-expect-error: no pool on the blocking client
    check(() => new RedisSync({ pool: {} }));
    // @ts-expect-error: no background reconnect
    check(() => new RedisSync({ reconnect: false }));
    // @ts-expect-error: no offline queue
    check(() => new RedisSync({ offlineQueue: false }));
    // @ts-expect-error: no retry
    check(() => new RedisSync({ retry: false }));
    // @ts-expect-error: no Sentinel
    check(() => RedisSync.connect({ sentinel: { name: "m", sentinels: [] } }));
    // @ts-expect-error: no health-check PINGs
    check(() => new RedisSync({ healthCheckInterval: 5 }));
    // @ts-expect-error: caller stacks always
    check(() => new RedisSync({ callerStacks: true }));
    // @ts-expect-error: a credentials stream needs the async client
    check(() => new RedisSync({ credentials: stream }));
  });
});
