/**
 * Run a group of command tests once per protocol (RESP2 and RESP3) against
 * one private server per test file, each test starting from an empty database.
 *
 * Every reply the group's client gives is recorded (tests/support/reply_shape.ts);
 * after the RESP3 run of a group, one more test, "replies have the same shape
 * on RESP2 and RESP3", compares the two runs call by call and fails listing
 * each reply whose shape differs (a `Map` where a record is, a string where a
 * number is, …).
 *
 * @module
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { DataError, Redis, ResponseError } from "../../mod.ts";
import { RedisSync } from "../../sync.ts";
import { type StartOptions, startServer, type TestServer } from "./server.ts";
import { type SkippableTest, skipTest } from "./skip.ts";
import {
  compareRecordings,
  formatGroup,
  groupDifferences,
  recordReplies,
  ReplyRecording,
} from "./reply_shape.ts";

/** What a test body can reach. */
export interface ProtocolContext {
  /** The client speaking this protocol; valid inside tests and hooks. */
  readonly redis: Redis;
  /** The server of this test file. */
  readonly server: TestServer;
  /** 2 or 3. */
  readonly protocol: 2 | 3;
  /** Which client `redis` is: the async one, or the blocking one behind {@link asAsync}. */
  readonly client: "async" | "sync";
}

let shared: Promise<TestServer> | undefined;
let users = 0;

/**
 * `describe(name over RESPn)` for n in 2 and 3, with a connected client and
 * `FLUSHALL` before each test. One server serves every group of the file.
 *
 * @example
 * ```ts
 * describeEachProtocol("GET", (ctx) => {
 *   it("returns null for a missing key", async () => {
 *     assert.equal(await ctx.redis.get("missing"), null);
 *   });
 * });
 * ```
 */
export function describeEachProtocol(
  name: string,
  body: (context: ProtocolContext) => void,
  options?: StartOptions,
): void {
  describeClients(name, body, options, ["async"]);
}

/**
 * {@link describeEachProtocol} for the async client and for the blocking
 * one (`RedisSync`, seen through {@link asAsync}): four groups.
 *
 * @example
 * ```ts
 * describeEachClient("GET", (ctx) => {
 *   it("returns null for a missing key", async () => {
 *     assert.equal(await ctx.redis.get("missing"), null);
 *   });
 * });
 * ```
 */
export function describeEachClient(
  name: string,
  body: (context: ProtocolContext) => void,
  options?: StartOptions,
): void {
  describeClients(name, body, options, ["async", "sync"]);
}

function describeClients(
  name: string,
  body: (context: ProtocolContext) => void,
  options: StartOptions | undefined,
  clients: ("async" | "sync")[],
): void {
  for (const client of clients) {
    const recordings = { 2: new ReplyRecording(), 3: new ReplyRecording() };
    for (const protocol of [2, 3] as const) {
      const title = client === "async"
        ? `${name} over RESP${protocol}`
        : `${name} over RESP${protocol}, blocking client`;
      describe(title, () => {
        let redis: Redis | undefined;
        let unrecorded: Redis | undefined;
        let server: TestServer | undefined;
        const context: ProtocolContext = {
          get redis() {
            if (redis === undefined) throw new Error("the client is not connected yet");
            return redis;
          },
          get server() {
            if (server === undefined) throw new Error("the server is not started yet");
            return server;
          },
          protocol,
          client,
        };
        before(async () => {
          users++;
          shared ??= startServer(options);
          server = await shared;
          unrecorded = client === "async"
            ? await Redis.connect({ port: server.port, protocol })
            : asAsync(RedisSync.connect({ port: server.port, protocol }));
          redis = recordReplies(unrecorded, recordings[protocol]);
        });
        after(async () => {
          await unrecorded?.close();
          if (--users === 0) {
            const stopping = shared;
            shared = undefined;
            await (await stopping)?.stop();
          }
        });
        let tests = 0;
        beforeEach(async (t?: { name?: string }) => {
          recordings[protocol].startTest(t?.name ?? `test ${++tests}`);
          await unrecorded!.sendCommand(["FLUSHALL"]);
        });
        body(context);
        if (protocol === 3) {
          it(SHAPE_TEST, () => checkShapes(title, recordings[2], recordings[3]));
        }
      });
    }
  }
}

/** The name of the test appended to each RESP3 group. */
const SHAPE_TEST = "replies have the same shape on RESP2 and RESP3";

/** Compare a group's RESP2 and RESP3 recordings; print what was compared; fail on differences. */
function checkShapes(title: string, resp2: ReplyRecording, resp3: ReplyRecording): void {
  const { calls, tests, differences, notes } = compareRecordings(resp2, resp3);
  const group = title.replace(" over RESP3", "");
  const failing = groupDifferences(differences.filter((difference) => !difference.allowed));
  const allowed = groupDifferences(differences.filter((difference) => difference.allowed));
  console.log(
    `shape check, ${group}: ${calls} calls compared in ${tests} tests, ` +
      `${failing.length} differences` + (allowed.length > 0 ? `, ${allowed.length} allowed` : ""),
  );
  for (const note of notes) console.log(`  note: ${note}`);
  for (const difference of allowed) console.log(`  ${formatGroup(difference)}`);
  if (failing.length > 0) {
    assert.fail(
      `${failing.length} replies differ in shape between RESP2 and RESP3 (${group}):\n` +
        failing.map((difference) => `  ${formatGroup(difference)}`).join("\n"),
    );
  }
}

/**
 * The blocking client dressed as the async one, so that the same tests run
 * on both: replies become resolved promises, errors rejected ones, except
 * `DataError`, which both clients throw synchronously; chained calls stay
 * chained and executors, pipelines and scripts are dressed too (and given
 * back undressed when passed as an argument, e.g. to `runScript`).
 *
 * @example
 * ```ts
 * const redis = asAsync(RedisSync.connect({ port }));
 * await redis.get("k");
 * ```
 */
export function asAsync<T extends object>(target: T): Redis {
  const proxy: Redis = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (property === "bytes" && typeof value === "object" && value !== null) {
        return asAsync(value);
      }
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(object, args.map(undress));
        } catch (error) {
          if (error instanceof DataError) throw error;
          return Promise.reject(error);
        }
        if (result === object) return proxy;
        if (isDressed(result)) return asAsync(result as object);
        return Promise.resolve(result);
      };
    },
  }) as unknown as Redis;
  dressed.set(proxy, target);
  return proxy;
}

/** The objects behind {@link asAsync}'s proxies. */
const dressed = new WeakMap<object, object>();

/** A dressed object given back as an argument (a script to `runScript`) goes in undressed. */
function undress(value: unknown): unknown {
  return typeof value === "object" && value !== null ? dressed.get(value) ?? value : value;
}

/** Objects whose methods are dressed too: executors, pipelines, scripts (not iterators). */
function isDressed(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Symbol.iterator in value) return false;
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name.startsWith("Sync");
}

/**
 * Whether `error` says the server does not know the command (older than the
 * command, or a Valkey-only one). Tests call `skipUnsupported` with it.
 *
 * @example
 * ```ts
 * const reply = await redis.waitaof(0, 0, 0).catch((e) => e);
 * if (skipUnsupported(t, reply)) return;
 * ```
 */
export function skipUnsupported(
  t: SkippableTest,
  error: unknown,
): boolean {
  if (!(error instanceof ResponseError) || !/unknown (sub)?command/i.test(error.message)) {
    return false;
  }
  skipTest(t, `skipped: the server here does not support it (${error.message})`);
  return true;
}

/**
 * Skip a test on the blocking client, printing why: for what only the async
 * client does (pub/sub, `transaction()`, commands running concurrently).
 *
 * @example
 * ```ts
 * if (skipOnBlockingClient(t, ctx, "subscribe needs the async client")) return;
 * ```
 */
export function skipOnBlockingClient(
  t: SkippableTest,
  context: ProtocolContext,
  why: string,
): boolean {
  if (context.client !== "sync") return false;
  skipTest(t, `skipped on the blocking client: ${why}`);
  return true;
}
