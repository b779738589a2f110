/**
 * Run a group of command tests once per protocol (RESP2 and RESP3) against
 * one private server per test file, each test starting from an empty database.
 *
 * @module
 */
import { after, before, beforeEach, describe } from "node:test";
import { Redis, ResponseError } from "../../mod.ts";
import { type StartOptions, startServer, type TestServer } from "./server.ts";

/** What a test body can reach. */
export interface ProtocolContext {
  /** The client speaking this protocol; valid inside tests and hooks. */
  readonly redis: Redis;
  /** The server of this test file. */
  readonly server: TestServer;
  /** 2 or 3. */
  readonly protocol: 2 | 3;
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
  for (const protocol of [2, 3] as const) {
    describe(`${name} over RESP${protocol}`, () => {
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
      };
      before(async () => {
        users++;
        shared ??= startServer(options);
        server = await shared;
        redis = await Redis.connect({ port: server.port, protocol });
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
  t: { skip(message?: string): void },
  error: unknown,
): boolean {
  if (!(error instanceof ResponseError) || !/unknown (sub)?command/i.test(error.message)) {
    return false;
  }
  const reason = `skipped: the server here does not support it (${error.message})`;
  console.log(reason);
  t.skip(reason);
  return true;
}
