/**
 * Typed batches: each command chained on a pipeline or a transaction adds
 * its reply type to the batch's results, on every executor (async, blocking,
 * cluster; text and bytes views; `with()` views; `transaction(fn)`).
 * `exec()` types each slot as the reply or a `RedisError` (failed commands
 * leave their errors in their slots); `exec({ throwOnError: true })` as the
 * replies alone. The type checks are compile-time (`deno check`, with
 * `@ts-expect-error` lines that must stay errors); the runtime tests check
 * that the values have those types on a real server, and that a
 * transaction's `throwOnError` throws the first failed command's error after
 * the others ran.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Integer,
  type Pipeline,
  Redis,
  type RedisCluster,
  type RedisError,
  type Transaction,
  WrongTypeError,
} from "../mod.ts";
import { RedisSync, type SyncPipeline } from "../sync.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { type Equal, expectType } from "./support/type_assert.ts";

type Hash = Record<string, string>;

/** Compile-time only: never called. */
async function typesOnly(redis: Redis, sync: RedisSync, cluster: RedisCluster): Promise<void> {
  // The example, and the chain's own type.
  const chain = redis.pipeline().set("a", "1").incr("n").hgetall("h");
  expectType<Equal<typeof chain, Pipeline<string, ["OK", Integer, Hash]>>>(true);
  const strict = await chain.exec({ throwOnError: true });
  expectType<Equal<typeof strict, ["OK", Integer, Hash]>>(true);
  const slots = await chain.exec();
  expectType<Equal<typeof slots, ["OK" | RedisError, Integer | RedisError, Hash | RedisError]>>(
    true,
  );
  const [ok, count] = strict;
  expectType<Equal<typeof ok, "OK">>(true);
  expectType<Equal<typeof count, Integer>>(true);

  // Transactions, views, bytes.
  const multi = await redis.multi().get("a").lrange("l", 0, -1).exec({ throwOnError: true });
  expectType<Equal<typeof multi, [string | null, string[]]>>(true);
  const tx = redis.multi().incr("n");
  expectType<Equal<typeof tx, Transaction<string, [Integer]>>>(true);
  const bytes = await redis.bytes.pipeline().get("a").exec({ throwOnError: true });
  expectType<Equal<typeof bytes, [Uint8Array | null]>>(true);
  const viewed = await redis.with({ timeout: 100 }).pipeline().ping().exec({ throwOnError: true });
  expectType<Equal<typeof viewed, [string]>>(true);
  const inFn = await redis.transaction((t) => t.multi().get("a").incr("n").exec());
  expectType<Equal<typeof inFn, [string | null | RedisError, Integer | RedisError]>>(true);

  // sendCommand and runScript: unknown slots, still counted.
  const raw = await redis.pipeline().sendCommand(["OBJECT", "ENCODING", "a"]).get("a").exec({
    throwOnError: true,
  });
  expectType<Equal<typeof raw, [unknown, string | null]>>(true);

  // The blocking client: the same types, without promises.
  const syncChain = sync.pipeline().set("a", "1").incr("n");
  expectType<Equal<typeof syncChain, SyncPipeline<string, ["OK", Integer]>>>(true);
  const syncStrict = syncChain.exec({ throwOnError: true });
  expectType<Equal<typeof syncStrict, ["OK", Integer]>>(true);
  const syncMulti = sync.multi().get("a").exec();
  expectType<Equal<typeof syncMulti, [string | null | RedisError]>>(true);

  // The cluster's pipelines and transactions.
  const clustered = await cluster.pipeline().get("a").incr("b").exec({ throwOnError: true });
  expectType<Equal<typeof clustered, [string | null, Integer]>>(true);
  const clusterTx = await cluster.multi().set("{t}a", "1").get("{t}a").exec();
  expectType<Equal<typeof clusterTx, ["OK" | RedisError, string | null | RedisError]>>(true);

  // A pipeline built in a loop does not know its commands: unknown[].
  const loop = redis.pipeline();
  for (let i = 0; i < 3; i++) loop.incr("n");
  const looped = await loop.exec();
  expectType<Equal<typeof looped, unknown[]>>(true);
  // A typed chain is still a Pipeline where one is expected.
  const accepts = (_: Pipeline) => {};
  accepts(chain);

  // Errors that must stay errors.
  // @ts-expect-error: a slot of exec() may hold an error, so it is not just "OK"
  const wrong: "OK" = slots[0];
  // @ts-expect-error: the chain has three results, not four
  const [, , , fourth] = strict;
  // @ts-expect-error: incr is an Integer, not a string
  const notText: string = strict[1];
  // @ts-expect-error: the blocking client's exec returns the results, not a promise
  syncChain.exec().then;
  void [wrong, fourth, notText];
}

describe("typed batches", () => {
  let server: TestServer;
  let redis: Redis;
  let sync: RedisSync;
  before(async () => {
    server = await startServer();
    redis = await Redis.connect({ port: server.port });
    sync = RedisSync.connect({ port: server.port });
  });
  after(async () => {
    sync?.close();
    await redis?.close();
    await server?.stop();
  });

  it("are checked by deno check (the type function is never run)", () => {
    assert.equal(typeof typesOnly, "function");
  });

  it("the values have the types the chain declares, on the async and blocking clients", async () => {
    await redis.del("tb:n", "tb:h");
    await redis.hset("tb:h", { f: "v" });
    const [ok, count, hash] = await redis.pipeline().set("tb:a", "1").incr("tb:n").hgetall("tb:h")
      .exec({ throwOnError: true });
    assert.equal(ok, "OK");
    assert.equal(count, 1);
    assert.deepEqual({ ...hash }, { f: "v" });
    const [value, list] = await redis.multi().get("tb:a").lrange("tb:none", 0, -1).exec({
      throwOnError: true,
    });
    assert.equal(value, "1");
    assert.deepEqual(list, []);
    const [syncOk, syncCount] = sync.pipeline().set("tb:a", "2").incr("tb:n").exec({
      throwOnError: true,
    });
    assert.equal(syncOk, "OK");
    assert.equal(syncCount, 2);
  });

  it("a transaction with throwOnError throws the first failed command's error, after the rest ran", async () => {
    await redis.del("tb:list", "tb:after");
    await redis.rpush("tb:list", "x");
    const failing = () => redis.multi().get("tb:list").set("tb:after", "ran");
    await assert.rejects(failing().exec({ throwOnError: true }), WrongTypeError);
    assert.equal(await redis.get("tb:after"), "ran");
    const slots = await failing().exec();
    assert.ok(slots[0] instanceof WrongTypeError);
    assert.equal(slots[1], "OK");
    await redis.del("tb:after");
    assert.throws(
      () => sync.multi().get("tb:list").set("tb:after", "ran").exec({ throwOnError: true }),
      WrongTypeError,
    );
    assert.equal(sync.get("tb:after"), "ran");
  });
});
