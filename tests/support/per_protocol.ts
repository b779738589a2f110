/**
 * Run a group of command tests once per protocol (RESP2 and RESP3) against
 * one private server per test file, each test starting from an empty database.
 *
 * @module
 */
import { after, before, beforeEach, describe } from "node:test";
import { DataError, Redis, ResponseError } from "../../mod.ts";
import { RedisSync } from "../../sync.ts";
import { type StartOptions, startServer, type TestServer } from "./server.ts";
import { type SkippableTest, skipTest } from "./skip.ts";

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
    for (const protocol of [2, 3] as const) {
      const title = client === "async"
        ? `${name} over RESP${protocol}`
        : `${name} over RESP${protocol}, blocking client`;
      describe(title, () => {
        let redis: Redis | undefined;
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
          redis = client === "async"
            ? await Redis.connect({ port: server.port, protocol })
            : asAsync(RedisSync.connect({ port: server.port, protocol }));
        });
        after(async () => {
          await redis?.close();
          if (--users === 0) {
            const stopping = shared;
            shared = undefined;
            await (await stopping)?.stop();
          }
        });
        beforeEach(async () => {
          await redis!.sendCommand(["FLUSHALL"]);
        });
        body(context);
      });
    }
  }
}

/**
 * The blocking client dressed as the async one, so that the same tests run
 * on both: replies become resolved promises, errors rejected ones, except
 * `DataError`, which both clients throw synchronously; chained calls stay
 * chained and executors, pipelines and scripts are dressed too.
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
          result = value.apply(object, args);
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
  return proxy;
}

/** Objects whose methods are dressed too: executors, pipelines, scripts (not iterators). */
function isDressed(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Symbol.iterator in value) return false;
  const name = value.constructor.name;
  return name.startsWith("Sync");
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
