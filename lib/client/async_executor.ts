/**
 * The async executor: runs each command declaration on the client's
 * connection and returns a promise of its reply.
 *
 * @module
 */
import type { SendOptions } from "../conn/command_request.ts";
import {
  Commands,
  type RedisKey,
  type ScoredMember,
  type Text,
  type Transform,
} from "../commands/mod.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  assertCommandArgs,
  assertOptions,
  describeValue,
  optionKeys,
} from "../commands/validate.ts";
import { DataError } from "../errors/errors.ts";
import { withCallerStack } from "../errors/caller_stack.ts";
import { strippingTransform, withKeyPrefix } from "../commands/key_prefix.ts";
import type { CommandRoute } from "./command_route.ts";
import { acquireLock, type Lock, type LockOptions } from "./lock.ts";
import { Pipeline } from "./pipeline.ts";
import { Script } from "./script.ts";
import { Transaction } from "./transaction.ts";
import {
  followCursor,
  type HashField,
  type HashScanOptions,
  type KeyScanOptions,
  type ScanOptions,
} from "./scan.ts";

/** Options applied to every command of a view made with {@link AsyncExecutor.with}. */
export type CommandOptions = SendOptions;

const COMMAND_OPTION_KEYS = optionKeys<CommandOptions>({
  signal: true,
  timeout: true,
  cache: true,
});
const SCRIPT_KEYS = optionKeys<{ readOnly?: boolean }>({ readOnly: true });
const LOCK_KEYS = optionKeys<LockOptions>({
  ttl: true,
  wait: true,
  retryDelay: true,
  signal: true,
});

/** `cache`, when given, must be a boolean. */
function checkCacheOption(method: string, options: CommandOptions): void {
  const cache: unknown = options.cache;
  if (cache !== undefined && typeof cache !== "boolean") {
    throw new DataError(`${method}: cache: expected a boolean, got ${describeValue(cache)}`);
  }
}

/**
 * Every command, returning promises. {@link Redis} is one; `redis.bytes`
 * and `redis.with({ signal })` are views of the same connection.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = redis.with({ signal: controller.signal }).get("k");
 * controller.abort(); // pending rejects with the signal's reason
 * ```
 */
export class AsyncExecutor<S extends Text> extends Commands<"async", S> {
  /** @internal */
  protected readonly route: CommandRoute;
  readonly #bytes: boolean;
  readonly #options: CommandOptions | undefined;

  /** @internal Made by the client; use `redis.bytes` and `redis.with()`. */
  constructor(route: CommandRoute, bytes: boolean, options?: CommandOptions) {
    super();
    this.route = route;
    this.#bytes = bytes;
    this.#options = options;
  }

  /** @internal */
  protected call<T>(args: RedisArg[], transform: Transform<T>): Promise<T> {
    const prefix = this.route.keyPrefix;
    if (prefix !== undefined) {
      transform = strippingTransform(args, transform, prefix);
      args = withKeyPrefix(args, prefix);
    }
    const reply = this.route.send({
      args,
      transform,
      bytes: this.#bytes,
      options: this.#options,
    }) as Promise<T>;
    return this.route.callerStacks ? withCallerStack(reply) : reply;
  }

  /**
   * Send any command and get the reply as decoded (RESP3 maps are `Map`s,
   * strings are strings, or bytes on the bytes view). Server errors reject
   * with their typed class. With `keyPrefix`, the keys the command table
   * knows for the command are prefixed (and key names stripped from the
   * replies that return them), as for the command methods.
   *
   * @example
   * ```ts
   * await redis.sendCommand(["OBJECT", "ENCODING", "k"]); // "embstr"
   * ```
   */
  sendCommand(args: readonly RedisArg[], options?: CommandOptions): Promise<RespValue> {
    assertCommandArgs(args);
    if (options !== undefined) {
      assertOptions("sendCommand", options, COMMAND_OPTION_KEYS);
      checkCacheOption("sendCommand", options);
    }
    const prefix = this.route.keyPrefix;
    const reply = this.route.send({
      args: withKeyPrefix(args, prefix),
      transform: strippingTransform(args, undefined, prefix),
      bytes: this.#bytes,
      options: options ?? this.#options,
    }) as Promise<RespValue>;
    return this.route.callerStacks ? withCallerStack(reply) : reply;
  }

  /**
   * Every key of the database, following SCAN's cursor to the end; `break`
   * stops it without another round trip. A key may come more than once.
   *
   * @example
   * ```ts
   * for await (const key of redis.scan({ match: "user:*", count: 100 })) console.log(key);
   * ```
   */
  scan(options?: KeyScanOptions): AsyncGenerator<S, void, undefined> {
    return followCursor(async (cursor) => {
      const page = await this.scanPage(cursor, options);
      return [page.cursor, page.keys];
    });
  }

  /**
   * Every field and value of the hash at `key` (HSCAN); with `novalues: true`
   * (Redis 7.4+) the field names only.
   *
   * @example
   * ```ts
   * for await (const { field, value } of redis.hscan("user:1")) console.log(field, value);
   * ```
   */
  hscan(
    key: RedisKey,
    options: HashScanOptions & { novalues: true },
  ): AsyncGenerator<S, void, undefined>;
  /** Every field and value of the hash at `key` (HSCAN). */
  hscan(
    key: RedisKey,
    options?: HashScanOptions & { novalues?: false },
  ): AsyncGenerator<HashField<S>, void, undefined>;
  hscan(
    key: RedisKey,
    options?: HashScanOptions,
  ): AsyncGenerator<HashField<S> | S, void, undefined> {
    if (options?.novalues) {
      return followCursor(async (cursor) => {
        const page = await this.hscanPage(key, cursor, { ...options, novalues: true });
        return [page.cursor, page.fields];
      });
    }
    return followCursor(async (cursor) => {
      const page = await this.hscanPage(key, cursor, { ...options, novalues: false });
      return [page.cursor, page.entries];
    });
  }

  /**
   * Every member of the set at `key` (SSCAN).
   *
   * @example
   * ```ts
   * for await (const member of redis.sscan("tags", { match: "a*" })) console.log(member);
   * ```
   */
  sscan(key: RedisKey, options?: ScanOptions): AsyncGenerator<S, void, undefined> {
    return followCursor(async (cursor) => {
      const page = await this.sscanPage(key, cursor, options);
      return [page.cursor, page.members];
    });
  }

  /**
   * Every member of the sorted set at `key` with its score (ZSCAN).
   *
   * @example
   * ```ts
   * for await (const { member, score } of redis.zscan("board")) console.log(member, score);
   * ```
   */
  zscan(key: RedisKey, options?: ScanOptions): AsyncGenerator<ScoredMember<S>, void, undefined> {
    return followCursor(async (cursor) => {
      const page = await this.zscanPage(key, cursor, options);
      return [page.cursor, page.members];
    });
  }

  /**
   * A pipeline: chain commands, then `exec()` sends them in one round trip
   * (with this view's `with({ timeout, signal })` for the whole `exec()`).
   *
   * @example
   * ```ts
   * await redis.pipeline().set("a", "1").get("a").exec(); // ["OK", "1"]
   * ```
   */
  pipeline(): Pipeline<S, []> {
    return new Pipeline<S, []>(this.route, this.#bytes, this.#options);
  }

  /**
   * A transaction: chain commands, then `exec()` runs them atomically
   * between MULTI and EXEC, in one write (with this view's
   * `with({ timeout, signal })` for the whole `exec()`).
   *
   * @example
   * ```ts
   * await redis.multi().incr("visits").expire("visits", 60).exec(); // [1, 1]
   * ```
   */
  multi(): Transaction<S, []> {
    return new Transaction<S, []>(this.route, this.#bytes, this.#options);
  }

  /**
   * A Lua script bound to this client: `run(keys, args)` uses EVALSHA and
   * falls back to EVAL when the server does not have it cached. With
   * `readOnly`, EVALSHA_RO/EVAL_RO (runs on replicas, refuses writes). Runs
   * with this view's `with({ timeout, signal })`.
   *
   * @example
   * ```ts
   * const script = redis.script("return redis.call('GET', KEYS[1])");
   * await script.run(["greeting"]); // "hello"
   * ```
   */
  script(source: string, options: { readOnly?: boolean } = {}): Script {
    assertOptions("script", options, SCRIPT_KEYS);
    return new Script(this.route, source, options.readOnly, this.#options);
  }

  /**
   * Take the lock `name` (SET NX PX with a random token), waiting up to
   * `wait` ms while someone else holds it; `LockError` when that runs out.
   *
   * @example
   * ```ts
   * await using lock = await redis.lock("job:42", { ttl: 10_000 });
   * ```
   */
  lock(name: string, options?: LockOptions): Promise<Lock> {
    if (options !== undefined) assertOptions("lock", options, LOCK_KEYS);
    return acquireLock(this.route, name, options);
  }

  /**
   * A view whose commands all use `options`: an `AbortSignal` that cancels
   * the wait, or a `timeout` in milliseconds for each command. Pipelines,
   * transactions (`multi()`) and scripts made from the view use them too:
   * for the whole `exec()`, and for each command of `run()`. With the
   * client-side cache on, `cache: false` reads past it (neither served from
   * it nor stored), and in `"optin"` mode `cache: true` caches the view's
   * reads.
   *
   * @example
   * ```ts
   * await redis.with({ timeout: 100 }).get("k");
   * await redis.with({ cache: false }).get("k"); // from the server, whatever the cache holds
   * ```
   */
  with(options: CommandOptions): AsyncExecutor<S> {
    assertOptions("with", options, COMMAND_OPTION_KEYS);
    checkCacheOption("with", options);
    return new AsyncExecutor<S>(this.route, this.#bytes, { ...this.#options, ...options });
  }
}
