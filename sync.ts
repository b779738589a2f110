/**
 * `RedisSync`: a blocking Redis client for scripts, CLIs and migrations,
 * with every command of the async client. A worker thread owns the socket;
 * each command blocks the caller (on `Atomics.wait`) until its reply is in.
 *
 * ```ts
 * import { RedisSync } from "jsr:@keel/redis/sync";
 *
 * using redis = RedisSync.connect("redis://127.0.0.1:6379");
 * redis.set("greeting", "hello");
 * console.log(redis.get("greeting")); // "hello"
 * ```
 *
 * @module
 */
import { type RedisSyncOptions, resolveSyncOptions } from "./lib/client/options.ts";
import { describeAddress } from "./lib/conn/open_connection.ts";
import { ClientClosedError } from "./lib/errors/errors.ts";
import { inspectAs } from "./lib/client/inspect.ts";
import { SyncConnection } from "./lib/sync/sync_connection.ts";
import { SyncExecutor } from "./lib/sync/sync_executor.ts";
import type { SyncRoute } from "./lib/sync/sync_route.ts";
import type { ResolvedSyncOptions } from "./lib/client/options.ts";

export * from "./lib/errors/mod.ts";
export type { RedisSyncOptions } from "./lib/client/options.ts";
export type { Credentials } from "./lib/auth/credentials.ts";
export type { TlsOptions } from "./lib/auth/tls_options.ts";
export type { SyncCommandOptions, SyncExecutor } from "./lib/sync/sync_executor.ts";
export type {
  SyncPipeline,
  SyncPipelineKind,
  SyncTransaction,
  SyncTransactionKind,
} from "./lib/sync/sync_pipeline.ts";
export type { BatchResults, Chained, ChainKind } from "./lib/commands/chain.ts";
export type { SyncScript } from "./lib/sync/sync_script.ts";
export type { HashField, HashScanOptions, KeyScanOptions, ScanOptions } from "./lib/client/scan.ts";
export type { RedisArg, RespValue } from "./lib/resp/types.ts";
export type * from "./lib/commands/public_types.ts";

/** Opens the client's connection on first use and again after a lost one. */
class SyncConnector implements SyncRoute {
  readonly #options: ResolvedSyncOptions;
  #connection: SyncConnection | undefined;
  #closed = false;

  constructor(options: ResolvedSyncOptions) {
    this.#options = options;
  }

  get protocol(): 2 | 3 | undefined {
    return this.#connection?.protocol;
  }

  /** Where the connection is: `"ready"` while open, `"idle"` before and after it, `"closed"`. */
  get status(): "idle" | "ready" | "closed" {
    if (this.#closed) return "closed";
    return this.#connection?.isOpen ? "ready" : "idle";
  }

  /** The `keyPrefix` option: the executors put it before every key. */
  get keyPrefix(): string | undefined {
    return this.#options.keyPrefix;
  }

  /** What inspecting the client shows: where it goes, never the options. */
  get summary(): Record<string, unknown> {
    return {
      address: describeAddress(this.#options),
      db: this.#options.db,
      protocol: this.protocol,
      closed: this.#closed,
    };
  }

  connection(): SyncConnection {
    if (this.#closed) throw new ClientClosedError("the client is closed");
    const current = this.#connection;
    if (current !== undefined && current.isOpen) return current;
    current?.close();
    this.#connection = SyncConnection.open(this.#options);
    return this.#connection;
  }

  close(): void {
    this.#closed = true;
    this.#connection?.close();
    this.#connection = undefined;
  }

  toString(): string {
    return describeAddress(this.#options);
  }
}

/**
 * The blocking Redis client: every command is a method that returns the
 * reply (or throws the same typed errors as the async client). It connects
 * on first use (`new RedisSync(…)`) or at once (`RedisSync.connect(…)`);
 * after a lost connection the next command connects again. Pub/sub and
 * MONITOR need the async client.
 *
 * The socket lives in a worker that never keeps the process alive: a
 * script that forgets `close()` still exits. Deno needs only
 * `--allow-net` (plus `--allow-read` for a TLS CA file you read yourself).
 *
 * @example
 * ```ts
 * using redis = RedisSync.connect({ port: 6379 });
 * redis.incr("runs");
 * const [a, b] = redis.pipeline().get("a").get("b").exec();
 * ```
 */
export class RedisSync extends SyncExecutor<string> {
  /**
   * The same commands, with bulk replies as `Uint8Array` (binary-safe).
   *
   * @example
   * ```ts
   * const raw: Uint8Array | null = redis.bytes.get("image");
   * ```
   */
  readonly bytes: SyncExecutor<Uint8Array>;
  readonly #connector: SyncConnector;

  static {
    // Inspecting a client shows where it goes, never its internals.
    inspectAs(RedisSync, (redis) => redis.#connector.summary);
  }

  /**
   * Create a client without connecting: the first command connects. Throws
   * `DataError` for a bad URL or option, or an option only the async client
   * takes (`pool`, `reconnect`, `offlineQueue`, `retry`, `sentinel`,
   * `healthCheckInterval`, `callerStacks`).
   *
   * @param urlOrOptions A `redis://` URL, or {@link RedisSyncOptions}. Default: `REDIS_URL` or
   *   `VALKEY_URL` from the environment (on Deno only when env access is granted, never
   *   prompting), else `redis://127.0.0.1:6379`.
   */
  constructor(urlOrOptions?: string | RedisSyncOptions) {
    const connector = new SyncConnector(resolveSyncOptions(urlOrOptions, true));
    super(connector, false);
    this.#connector = connector;
    this.bytes = new SyncExecutor<Uint8Array>(connector, true);
  }

  /**
   * Create a client and connect it; throws when the connection or its
   * handshake fails.
   *
   * @example
   * ```ts
   * const redis = RedisSync.connect("redis://127.0.0.1:6379/1");
   * ```
   */
  static connect(urlOrOptions?: string | RedisSyncOptions): RedisSync {
    const redis = new RedisSync(urlOrOptions);
    redis.connect();
    return redis;
  }

  /**
   * Connect now, if not connected yet.
   *
   * @example
   * ```ts
   * new RedisSync().connect();
   * ```
   */
  connect(): void {
    this.#connector.connection();
  }

  /**
   * The RESP version in use; `undefined` before the first connection.
   *
   * @example
   * ```ts
   * redis.protocol; // 3
   * ```
   */
  get protocol(): 2 | 3 | undefined {
    return this.#connector.protocol;
  }

  /**
   * Where the client's connection is, at any time: `"idle"` (none open: not
   * yet, or lost — the next command connects), `"ready"` or `"closed"` (for
   * good). A blocking client connects within the call that needs it, so it
   * is never seen `"connecting"`.
   *
   * @example
   * ```ts
   * const redis = new RedisSync();
   * redis.status; // "idle"
   * redis.ping();
   * redis.status; // "ready"
   * ```
   */
  get status(): "idle" | "ready" | "closed" {
    return this.#connector.status;
  }

  /**
   * Close the connection and its worker; later commands throw
   * `ClientClosedError`.
   *
   * @example
   * ```ts
   * redis.close();
   * ```
   */
  close(): void {
    this.#connector.close();
  }

  /** Close the client at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }
}
