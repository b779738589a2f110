/**
 * The `cache` option and the per-call `cache` setting: defaults, checks
 * (each a DataError naming what is wrong), the blocking client's refusal.
 * No server needed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, Redis } from "../mod.ts";
import { resolveOptions, resolveSyncOptions } from "../lib/client/options.ts";

describe("the cache option", () => {
  it("is off by default; true gives the defaults; settings override them", () => {
    assert.equal(resolveOptions({}).cache, undefined);
    assert.equal(resolveOptions({ cache: false }).cache, undefined);
    assert.deepEqual(resolveOptions({ cache: true }).cache, {
      maxEntries: 10_000,
      maxBytes: 64 * 1024 * 1024,
      ttl: 0,
      mode: "default",
    });
    assert.deepEqual(
      resolveOptions({ cache: { maxEntries: 5, maxBytes: 1000, ttl: 60_000, mode: "optin" } })
        .cache,
      { maxEntries: 5, maxBytes: 1000, ttl: 60_000, mode: "optin" },
    );
    assert.deepEqual(
      resolveOptions({ cache: { mode: { broadcast: ["user:", "item:"] } } }).cache?.mode,
      { broadcast: ["user:", "item:"] },
    );
    assert.equal(new Redis({ cache: true }).cacheStats?.entries, 0);
    assert.equal(new Redis().cacheStats, undefined);
  });

  it("bad settings are a DataError saying what is wrong", () => {
    const cases: [unknown, RegExp][] = [
      ["yes", /cache: expected a boolean or settings, got the string "yes"/],
      [{ maxEntries: 0 }, /cache\.maxEntries: expected an integer from 1/],
      [{ maxBytes: -1 }, /cache\.maxBytes: expected an integer from 1/],
      [{ ttl: 1.5 }, /cache\.ttl: expected an integer from 0/],
      [{ mode: "bcast" }, /cache\.mode: expected "default", "optin" or \{ broadcast/],
      [{ mode: ["user:"] }, /cache\.mode: expected/],
      [
        { mode: { broadcast: "user:" } },
        /cache\.mode\.broadcast: expected an array of key prefixes/,
      ],
      [{ mode: { broadcast: [1] } }, /cache\.mode\.broadcast: expected strings, got .*1/],
      [{ mode: { broadcast: ["a", "ab"] } }, /the prefixes "a" and "ab" overlap/],
      [{ mode: { broadcast: ["a", "a"] } }, /overlap/],
      [{ maxentries: 3 }, /maxEntries/],
      [{ mode: { prefixes: [] } }, /broadcast/],
    ];
    for (const [cache, message] of cases) {
      assert.throws(
        () => resolveOptions({ cache: cache as never }),
        (error: unknown) => error instanceof DataError && message.test(error.message),
        `cache: ${JSON.stringify(cache)}`,
      );
    }
  });

  it("other clients' names for it point to it", () => {
    for (const name of ["clientSideCache", "cache_config"]) {
      assert.throws(
        () => new Redis({ [name]: {} } as never),
        (error: unknown) => error instanceof DataError && /'cache'/.test(error.message),
      );
    }
  });

  it("the blocking client refuses it, saying why", () => {
    for (const cache of [true, false, undefined, { maxEntries: 1 }]) {
      assert.throws(
        () => resolveSyncOptions({ cache } as never),
        (error: unknown) =>
          error instanceof DataError &&
          /'cache' is an option of the async client \(Redis\) only: the blocking client has no client-side cache/
            .test(error.message),
      );
    }
  });

  it("with({ cache }) and sendCommand(args, { cache }) take a boolean, with or without a cache", async () => {
    const redis = new Redis({ port: 1, reconnect: false });
    redis.with({ cache: false });
    redis.with({ cache: true });
    assert.throws(
      () => redis.with({ cache: "no" as never }),
      (error: unknown) =>
        error instanceof DataError &&
        /with: cache: expected a boolean, got the string "no"/.test(error.message),
    );
    assert.throws(() => redis.sendCommand(["GET", "k"], { cache: 1 as never }), DataError);
    assert.throws(() => redis.with({ cahce: true } as never), /did you mean 'cache'/);
    await redis.close();
  });
});
