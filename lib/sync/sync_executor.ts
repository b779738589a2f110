/**
 * The blocking executor: runs each command declaration and returns its
 * reply, or throws.
 *
 * @module
 */
import {
  Commands,
  type RedisKey,
  type ScoredMember,
  type Text,
  type Transform,
} from "../commands/mod.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { isQuit } from "../conn/lifecycle.ts";
import { assertCommandArgs, describeValue, optionKeys } from "../commands/validate.ts";
import { assertKnownKeys } from "../errors/unknown_option.ts";
import { DataError } from "../errors/errors.ts";
import {
  followCursorSync,
  type HashField,
  type HashScanOptions,
  type KeyScanOptions,
  type ScanOptions,
} from "../client/scan.ts";
import { SyncPipeline, SyncTransaction } from "./sync_pipeline.ts";
import type { SyncRoute } from "./sync_route.ts";
import { SyncScript } from "./sync_script.ts";
import { strippingTransform, withKeyPrefix } from "../commands/key_prefix.ts";

/** Options applied to every command of a view made with {@link SyncExecutor.with}. */
export interface SyncCommandOptions {
  /** Each command's timeout in milliseconds, instead of the client's. `0`: none. */
  timeout?: number;
}

const SYNC_COMMAND_OPTION_KEYS = optionKeys<SyncCommandOptions>({ timeout: true });
const SYNC_COMMAND_OPTION_HINTS: ReadonlyMap<string, string> = new Map([
  ["signal", "the blocking client cannot be cancelled by a signal: give it a timeout"],
]);

/** `with()` and `sendCommand()` options of the blocking client: an object of known keys. */
function checkSyncOptions(where: string, options: unknown): void {
  if (typeof options !== "object" || options === null) {
    throw new DataError(`${where} options: expected an object, got ${describeValue(options)}`);
  }
  assertKnownKeys(options, SYNC_COMMAND_OPTION_KEYS, where, SYNC_COMMAND_OPTION_HINTS);
}

/**
 * Every command, returning its reply directly. {@link RedisSync} is one;
 * `redis.bytes` and `redis.with({ timeout })` are views of the same
 * connection.
 *
 * @example
 * ```ts
 * redis.with({ timeout: 100 }).get("k"); // or TimeoutError after 100 ms
 * ```
 */
export class SyncExecutor<S extends Text> extends Commands<"sync", S> {
  /** @internal */
  protected readonly route: SyncRoute;
  readonly #bytes: boolean;
  readonly #timeout: number | undefined;

  /** @internal Made by the client; use `redis.bytes` and `redis.with()`. */
  constructor(route: SyncRoute, bytes: boolean, options: SyncCommandOptions = {}) {
    super();
    this.route = route;
    this.#bytes = bytes;
    this.#timeout = options.timeout;
  }

  /** @internal */
  protected call<T>(args: RedisArg[], transform: Transform<T>): T {
    const prefix = this.route.keyPrefix;
    if (prefix !== undefined) {
      transform = strippingTransform(args, transform, prefix);
      args = withKeyPrefix(args, prefix);
    }
    return this.route.connection().send(args, transform, this.#bytes, this.#timeout) as T;
  }

  /**
   * Send any command and get the reply as decoded. Server errors are thrown
   * as their typed class.
   *
   * @example
   * ```ts
   * redis.sendCommand(["OBJECT", "ENCODING", "k"]); // "embstr"
   * ```
   */
  sendCommand(args: readonly RedisArg[], options: SyncCommandOptions = {}): RespValue {
    assertCommandArgs(args);
    checkSyncOptions("sendCommand", options);
    if (args.length === 1 && isQuit(args[0])) return this.quit();
    const prefix = this.route.keyPrefix;
    return this.route.connection().send(
      withKeyPrefix(args, prefix),
      strippingTransform(args, undefined, prefix),
      this.#bytes,
      options.timeout ?? this.#timeout,
    ) as RespValue;
  }

  /**
   * Close the client, exactly as `close()` does (the socket and its worker
   * end; later commands throw `ClientClosedError`), then answer `"OK"`. QUIT
   * itself is not sent: it is deprecated since Redis 7.2, and closing has the
   * same outcome. So do the `bytes` and `with()` views and
   * `sendCommand(["QUIT"])`.
   *
   * @example
   * ```ts
   * redis.quit(); // "OK"; redis.get("k") now throws ClientClosedError
   * ```
   */
  override quit(): "OK" {
    const close = this.route.close;
    if (close === undefined) return this.call(["QUIT"], () => "OK" as const);
    close.call(this.route);
    return "OK";
  }

  /**
   * A pipeline: chain commands, then `exec()` sends them in one round trip.
   *
   * @example
   * ```ts
   * redis.pipeline().set("a", "1").get("a").exec(); // ["OK", "1"]
   * ```
   */
  pipeline(): SyncPipeline<S, []> {
    return new SyncPipeline<S, []>(this.route, this.#bytes, this.#timeout);
  }

  /**
   * A transaction: chain commands, then `exec()` runs them atomically
   * between MULTI and EXEC, in one write.
   *
   * @example
   * ```ts
   * redis.multi().incr("visits").expire("visits", 60).exec(); // [1, 1]
   * ```
   */
  multi(): SyncTransaction<S, []> {
    return new SyncTransaction<S, []>(this.route, this.#bytes, this.#timeout);
  }

  /**
   * A Lua script bound to this client: `run(keys, args)` uses EVALSHA and
   * falls back to EVAL when the server does not have it cached.
   *
   * @example
   * ```ts
   * redis.script("return redis.call('GET', KEYS[1])").run(["greeting"]); // "hello"
   * ```
   */
  script(source: string, options: { readOnly?: boolean } = {}): SyncScript {
    return new SyncScript(this.route, source, options.readOnly, this.#timeout);
  }

  /**
   * Every key of the database, following SCAN's cursor to the end.
   *
   * @example
   * ```ts
   * for (const key of redis.scan({ match: "user:*" })) console.log(key);
   * ```
   */
  scan(options?: KeyScanOptions): Generator<S, void, undefined> {
    return followCursorSync((cursor) => {
      const page = this.scanPage(cursor, options);
      return [page.cursor, page.keys];
    });
  }

  /**
   * Every field and value of the hash at `key` (HSCAN); with `novalues: true`
   * the field names only.
   *
   * @example
   * ```ts
   * for (const { field, value } of redis.hscan("user:1")) console.log(field, value);
   * ```
   */
  hscan(
    key: RedisKey,
    options: HashScanOptions & { novalues: true },
  ): Generator<S, void, undefined>;
  /** Every field and value of the hash at `key` (HSCAN). */
  hscan(
    key: RedisKey,
    options?: HashScanOptions & { novalues?: false },
  ): Generator<HashField<S>, void, undefined>;
  hscan(key: RedisKey, options?: HashScanOptions): Generator<HashField<S> | S, void, undefined> {
    if (options?.novalues) {
      return followCursorSync((cursor) => {
        const page = this.hscanPage(key, cursor, { ...options, novalues: true });
        return [page.cursor, page.fields];
      });
    }
    return followCursorSync((cursor) => {
      const page = this.hscanPage(key, cursor, { ...options, novalues: false });
      return [page.cursor, page.entries];
    });
  }

  /**
   * Every member of the set at `key` (SSCAN).
   *
   * @example
   * ```ts
   * for (const member of redis.sscan("tags")) console.log(member);
   * ```
   */
  sscan(key: RedisKey, options?: ScanOptions): Generator<S, void, undefined> {
    return followCursorSync((cursor) => {
      const page = this.sscanPage(key, cursor, options);
      return [page.cursor, page.members];
    });
  }

  /**
   * Every member of the sorted set at `key` with its score (ZSCAN).
   *
   * @example
   * ```ts
   * for (const { member, score } of redis.zscan("board")) console.log(member, score);
   * ```
   */
  zscan(key: RedisKey, options?: ScanOptions): Generator<ScoredMember<S>, void, undefined> {
    return followCursorSync((cursor) => {
      const page = this.zscanPage(key, cursor, options);
      return [page.cursor, page.members];
    });
  }

  /**
   * A view whose commands all use `options` (a `timeout` in milliseconds),
   * and so do pipelines, transactions (`multi()`) and scripts made from it:
   * for the whole `exec()`, and for each command of `run()`.
   *
   * @example
   * ```ts
   * redis.with({ timeout: 100 }).get("k");
   * ```
   */
  with(options: SyncCommandOptions): SyncExecutor<S> {
    checkSyncOptions("with", options);
    return new SyncExecutor<S>(this.route, this.#bytes, {
      timeout: options.timeout ?? this.#timeout,
    });
  }
}
