/**
 * `Redis`: the async client.
 *
 * @module
 */
import type { RedisKey } from "../commands/mod.ts";
import { assertInteger, assertOptions, describeValue, optionKeys } from "../commands/validate.ts";
import { ClientClosedError, DataError, WatchError } from "../errors/errors.ts";
import type { RedisEvents } from "../events/events.ts";
import { AsyncExecutor } from "./async_executor.ts";
import { PooledConnection } from "./pooled_connection.ts";
import type { PoolStats } from "../pool/connection_pool.ts";
import type { CacheStats } from "../cache/reply_cache.ts";
import { Monitor } from "./monitor.ts";
import type { SubscribeOptions, Subscription, SubscriptionKind } from "./subscription.ts";
import { ConnectionManager } from "./connection_manager.ts";
import type { ClientStatus } from "./connection_lifecycle.ts";
import { clientOptions, duplicateOptions, type RedisOptions, resolveOptions } from "./options.ts";
import { inspectAs } from "./inspect.ts";
import { sharedStream } from "./shared_credentials.ts";
import { describeAddress } from "../conn/open_connection.ts";

const TRANSACTION_KEYS = optionKeys<{ watch?: RedisKey[]; retries?: number }>({
  watch: true,
  retries: true,
});
const SUBSCRIBE_KEYS = optionKeys<SubscribeOptions>({ bytes: true });

/**
 * The async Redis client. Every command is a method returning a promise;
 * commands issued in the same tick share one socket write. It connects on
 * first use (`new Redis(…)`) or at once (`await Redis.connect(…)`), and after
 * a lost connection the next command connects again.
 *
 * @example
 * ```ts
 * const redis = await Redis.connect("redis://127.0.0.1:6379");
 * await redis.set("greeting", "hello", { ex: 60 });
 * await redis.get("greeting"); // "hello"
 * await redis.close();
 * ```
 */
export class Redis extends AsyncExecutor<string> {
  /**
   * The same commands, with bulk replies as `Uint8Array` (binary-safe).
   *
   * @example
   * ```ts
   * const raw: Uint8Array | null = await redis.bytes.get("image");
   * ```
   */
  readonly bytes: AsyncExecutor<Uint8Array>;
  /**
   * The client's events: `connect`, `ready`, `error`, `end`, `command`.
   *
   * @example
   * ```ts
   * redis.events.addEventListener("error", (e) => console.error(e.error));
   * ```
   */
  readonly events: RedisEvents;
  readonly #manager: ConnectionManager;

  static {
    // Inspecting a client shows where it goes, never its internals.
    inspectAs(Redis, (redis) => {
      const manager = redis.#manager;
      const options = manager.options;
      return {
        ...(options.sentinel === undefined
          ? { address: describeAddress(options) }
          : { sentinel: options.sentinel.name }),
        db: options.db,
        protocol: manager.protocol,
        closed: manager.closed,
      };
    });
  }

  /** The options given, their URL applied: what {@link Redis.duplicate} starts from. */
  readonly #given: RedisOptions;
  /** Set while {@link Redis.duplicate} constructs: its options say it all, the environment not. */
  static #duplicating = false;

  /**
   * Create a client without connecting: the first command connects. Throws
   * `DataError` for a bad URL or option. Given no `url`, `host`, `port`,
   * `path` or `sentinel`, the URL in the environment variable `REDIS_URL`
   * (else `VALKEY_URL`) is used, if the process may read it without a
   * prompt (on Deno: env access to it already granted; a malformed one is a
   * `DataError` naming the variable).
   *
   * @param urlOrOptions A `redis://` (or `rediss://`, `valkey://`,
   *   `valkeys://`, `unix://`) URL, or {@link RedisOptions}. Default:
   *   `REDIS_URL`, `VALKEY_URL`, else `redis://127.0.0.1:6379`.
   */
  constructor(urlOrOptions?: string | RedisOptions) {
    const given = clientOptions(urlOrOptions, !Redis.#duplicating);
    const credentials = given.credentials;
    if (
      typeof credentials === "object" && credentials !== null && Symbol.asyncIterator in credentials
    ) {
      // Read once, however many duplicates follow it too.
      given.credentials = sharedStream(credentials);
    }
    const manager = new ConnectionManager(resolveOptions(given));
    super(manager.dispatcher, false);
    this.#given = given;
    this.#manager = manager;
    this.events = manager.events;
    this.bytes = new AsyncExecutor<Uint8Array>(manager.dispatcher, true);
  }

  /**
   * Create a client and connect it; rejects when the connection or its
   * handshake (e.g. authentication) fails.
   *
   * @example
   * ```ts
   * await using redis = await Redis.connect({ port: 6380, password: "secret" });
   * ```
   */
  static async connect(urlOrOptions?: string | RedisOptions): Promise<Redis> {
    const redis = new Redis(urlOrOptions);
    await redis.connect();
    return redis;
  }

  /**
   * Connect now, if not connected yet.
   *
   * @example
   * ```ts
   * const redis = new Redis();
   * await redis.connect();
   * ```
   */
  async connect(): Promise<void> {
    await this.#manager.connection();
  }

  /**
   * A new client with this one's options (as resolved: the URL's and the
   * environment's fields, credentials, TLS, Sentinel, cache, pool, … all of
   * them), `overrides` over them, checked as the constructor's options are
   * (an unknown key is a `DataError`). A `url` override stands for the whole
   * server and login; a `host`/`port` replaces a socket `path` and the other
   * way round; `username`/`password` replace `credentials` and the other way
   * round; a key given as `undefined` goes back to its default. The new
   * client shares nothing with this one: its own connection, pool,
   * subscriber connection and cache; it connects on first use and is closed
   * on its own. A credentials stream (an async iterable) is read once and
   * followed by both.
   *
   * @example
   * ```ts
   * const redis = new Redis({ url: "redis://127.0.0.1:6379/2", clientName: "app" });
   * await using reports = redis.duplicate({ clientName: "reports", db: 3 });
   * await using subscriber = redis.duplicate(); // same server, db 2, name "app"
   * ```
   */
  duplicate(overrides?: RedisOptions): Redis {
    const options = duplicateOptions(this.#given, overrides);
    Redis.#duplicating = true;
    try {
      return new Redis(options);
    } finally {
      Redis.#duplicating = false;
    }
  }

  /**
   * Where the client's connection is in its life now: `"idle"` (none open
   * and none being made: before first use, after a failed connect, after a
   * loss with `reconnect: false`; the next command connects),
   * `"connecting"`, `"ready"`, `"reconnecting"` (lost; connecting again in
   * the background while commands wait) or `"closed"` (for good).
   *
   * @example
   * ```ts
   * const redis = new Redis();
   * redis.status; // "idle"
   * await redis.connect();
   * redis.status; // "ready"
   * await redis.close();
   * redis.status; // "closed"
   * ```
   */
  get status(): ClientStatus {
    return this.#manager.status;
  }

  /**
   * The RESP version in use (3 unless asked for 2, or the server is older
   * than Redis 6); `undefined` before the first connection.
   *
   * @example
   * ```ts
   * redis.protocol; // 3
   * ```
   */
  get protocol(): 2 | 3 | undefined {
    return this.#manager.protocol;
  }

  /**
   * Subscribe to channels. Messages arrive on the client's subscriber
   * connection (one per client, shared by its subscriptions); after a lost
   * connection it reconnects and subscribes again by itself. Give the names
   * as an array to pass options: `{ bytes: true }` makes messages `Uint8Array`.
   *
   * @example
   * ```ts
   * const sub = await redis.subscribe("news", "alerts");
   * for await (const { channel, message } of sub) console.log(channel, message);
   * const raw = await redis.subscribe(["images"], { bytes: true }); // message: Uint8Array
   * ```
   */
  subscribe(channels: string[], options: SubscribeOptions & { bytes: true }): Promise<
    Subscription<Uint8Array>
  >;
  /** Subscribe to channels, given as an array, with options. */
  subscribe(channels: string[], options?: SubscribeOptions): Promise<Subscription>;
  /** Subscribe to channels. */
  subscribe(...channels: string[]): Promise<Subscription>;
  subscribe(...args: unknown[]): Promise<Subscription<string> | Subscription<Uint8Array>> {
    return this.#subscribe("channel", "subscribe", args);
  }

  /**
   * Subscribe to channel patterns (`news.*`); messages carry the `pattern`.
   * Options as for {@link Redis.subscribe}.
   *
   * @example
   * ```ts
   * const sub = await redis.psubscribe("news.*");
   * sub.addListener(({ pattern, channel, message }) => console.log(pattern, channel, message));
   * ```
   */
  psubscribe(patterns: string[], options: SubscribeOptions & { bytes: true }): Promise<
    Subscription<Uint8Array>
  >;
  /** Subscribe to channel patterns, given as an array, with options. */
  psubscribe(patterns: string[], options?: SubscribeOptions): Promise<Subscription>;
  /** Subscribe to channel patterns. */
  psubscribe(...patterns: string[]): Promise<Subscription>;
  psubscribe(...args: unknown[]): Promise<Subscription<string> | Subscription<Uint8Array>> {
    return this.#subscribe("pattern", "psubscribe", args);
  }

  /**
   * Subscribe to shard channels (SSUBSCRIBE, Redis 7+). Options as for
   * {@link Redis.subscribe}.
   *
   * @example
   * ```ts
   * const sub = await redis.ssubscribe("orders:{eu}");
   * ```
   */
  ssubscribe(channels: string[], options: SubscribeOptions & { bytes: true }): Promise<
    Subscription<Uint8Array>
  >;
  /** Subscribe to shard channels, given as an array, with options. */
  ssubscribe(channels: string[], options?: SubscribeOptions): Promise<Subscription>;
  /** Subscribe to shard channels. */
  ssubscribe(...channels: string[]): Promise<Subscription>;
  ssubscribe(...args: unknown[]): Promise<Subscription<string> | Subscription<Uint8Array>> {
    return this.#subscribe("shard", "ssubscribe", args);
  }

  #subscribe(
    kind: SubscriptionKind,
    method: string,
    args: unknown[],
  ): Promise<Subscription<string> | Subscription<Uint8Array>> {
    let names = args;
    let bytes = false;
    if (Array.isArray(args[0])) {
      names = args[0];
      const options = args[1] as SubscribeOptions | undefined;
      if (args.length > 2 || (options !== undefined && typeof options !== "object")) {
        return Promise.reject(
          new DataError(
            `${method}: expected (names[], options?) or (...names), got ${args.length} arguments`,
          ),
        );
      }
      if (options !== undefined) {
        try {
          assertOptions(method, options, SUBSCRIBE_KEYS);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      bytes = options?.bytes === true;
    }
    if (names.length === 0) {
      return Promise.reject(new DataError(`${method}: expected at least one name, got none`));
    }
    for (const name of names) {
      if (typeof name !== "string") {
        return Promise.reject(
          new DataError(`${method}: expected strings, got ${describeValue(name)}`),
        );
      }
    }
    return bytes
      ? this.#manager.subscriber.subscribe<Uint8Array>(kind, names as string[], true)
      : this.#manager.subscriber.subscribe<string>(kind, names as string[], false);
  }

  /**
   * Watch every command the server runs (MONITOR), on a connection of its
   * own. It slows the server down: for debugging.
   *
   * @example
   * ```ts
   * await using monitor = await redis.monitor();
   * for await (const event of monitor) console.log(event.args);
   * ```
   */
  monitor(): Promise<Monitor> {
    if (this.#manager.closed) return Promise.reject(new ClientClosedError("the client is closed"));
    return Monitor.open(this.#manager.options);
  }

  /**
   * Run `fn` on a connection of its own with `watch` keys WATCHed: read
   * through the executor it gets, then `return tx.multi()….exec()`. When a
   * watched key changed before EXEC (`WatchError`), the whole of `fn` runs
   * again, up to `retries` more times, then the `WatchError` is thrown. The
   * connection is UNWATCHed and given back to the pool afterwards.
   *
   * @example
   * ```ts
   * const [balance] = await redis.transaction(async (tx) => {
   *   const current = Number(await tx.get("balance"));
   *   return tx.multi().set("balance", current - 10).get("balance").exec();
   * }, { watch: ["balance"] });
   * ```
   */
  async transaction<T>(
    fn: (tx: AsyncExecutor<string>) => Promise<T>,
    options: { watch?: RedisKey[]; retries?: number } = {},
  ): Promise<T> {
    assertOptions("transaction", options, TRANSACTION_KEYS);
    const retries = options.retries ?? 5;
    assertInteger("transaction retries", retries, 0);
    await using tx = await this.acquire();
    for (let attempt = 0;; attempt++) {
      if (options.watch !== undefined && options.watch.length > 0) {
        await tx.sendCommand(["WATCH", ...options.watch]);
      }
      try {
        return await fn(tx);
      } catch (error) {
        if (!(error instanceof WatchError) || attempt >= retries) throw error;
      }
    }
  }

  /**
   * Borrow a connection of the client's pool for exclusive use (bounded by
   * `pool.maxSize`; waits up to `pool.acquireTimeout`, then
   * `PoolTimeoutError`). Give it back with `release()`, or let `await using`
   * do it. An aborted `signal` ends the wait at once, rejecting with its
   * reason.
   *
   * @example
   * ```ts
   * await using connection = await redis.acquire();
   * await connection.clientId(); // this connection's own id
   * const soon = await redis.acquire({ signal: AbortSignal.timeout(100) });
   * ```
   */
  async acquire(options: { signal?: AbortSignal } = {}): Promise<PooledConnection> {
    const pool = this.#manager.pool;
    return new PooledConnection(
      pool,
      await pool.acquire({ signal: options.signal }),
      this.#manager.callerStacks,
      this.#manager.afterWrite,
      this.#manager.options.keyPrefix,
    );
  }

  /**
   * How many pooled connections are open, idle and in use, and how many
   * callers wait for one.
   *
   * @example
   * ```ts
   * redis.poolStats; // { size: 2, idle: 1, inUse: 1, waiting: 0 }
   * ```
   */
  get poolStats(): PoolStats {
    return this.#manager.pool.stats;
  }

  /**
   * The client-side cache's counters (`hits`, `misses`, `evictions`,
   * `invalidations`) and size now (`entries`, `bytes`); `undefined` without
   * the `cache` option.
   *
   * @example
   * ```ts
   * const redis = await Redis.connect({ cache: true });
   * await redis.get("k"); // a miss: from the server, then kept
   * await redis.get("k"); // a hit
   * redis.cacheStats; // { hits: 1, misses: 1, evictions: 0, invalidations: 0, entries: 1, bytes: … }
   * ```
   */
  get cacheStats(): CacheStats | undefined {
    return this.#manager.cacheStats;
  }

  /**
   * Close the client, exactly as {@link Redis.close} does (commands already
   * sent get their replies, later ones reject with `ClientClosedError`, the
   * `end` event fires), then answer `"OK"`. QUIT itself is not sent: it is
   * deprecated since Redis 7.2, and closing has the same outcome. So do
   * `redis.bytes.quit()`, `redis.with(…).quit()` and `sendCommand(["QUIT"])`.
   *
   * @example
   * ```ts
   * await redis.quit(); // "OK"; the client is closed
   * ```
   */
  override quit(): Promise<"OK"> {
    return this.#manager.quit() as Promise<"OK">;
  }

  /**
   * Close the client: commands already sent get their replies, new ones
   * reject with `ClientClosedError`, and the `end` event fires. Nothing of
   * it keeps the process alive afterwards. Calling it again does nothing.
   *
   * @example
   * ```ts
   * await redis.close();
   * ```
   */
  close(): Promise<void> {
    return this.#manager.close();
  }

  /** Close the client at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
