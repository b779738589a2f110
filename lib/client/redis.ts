/**
 * `Redis`: the async client.
 *
 * @module
 */
import { AsyncExecutor } from "./async_executor.ts";
import { ConnectionManager } from "./connection_manager.ts";
import { type RedisOptions, resolveOptions } from "./options.ts";
import { Pipeline } from "./pipeline.ts";
import { Transaction } from "./transaction.ts";

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
   * Create a client without connecting: the first command connects. Throws
   * `DataError` for a bad URL or option.
   *
   * @param urlOrOptions A `redis://` URL, or {@link RedisOptions}. Default: `redis://127.0.0.1:6379`.
   */
  constructor(urlOrOptions?: string | RedisOptions) {
    const manager = new ConnectionManager(resolveOptions(urlOrOptions));
    super(manager, false);
    this.bytes = new AsyncExecutor<Uint8Array>(manager, true);
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
    await this.manager.connection();
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
    return this.manager.protocol;
  }

  /**
   * A pipeline: chain commands, then `exec()` sends them in one round trip.
   *
   * @example
   * ```ts
   * await redis.pipeline().set("a", "1").get("a").exec(); // ["OK", "1"]
   * ```
   */
  pipeline(): Pipeline<string> {
    return new Pipeline<string>(this.manager, false);
  }

  /**
   * A transaction: chain commands, then `exec()` runs them atomically
   * between MULTI and EXEC, in one write.
   *
   * @example
   * ```ts
   * await redis.multi().incr("visits").expire("visits", 60).exec(); // [1, 1]
   * ```
   */
  multi(): Transaction<string> {
    return new Transaction<string>(this.manager, false);
  }

  /**
   * Close the client: commands already sent get their replies, new ones
   * reject with `ClientClosedError`.
   *
   * @example
   * ```ts
   * await redis.close();
   * ```
   */
  close(): Promise<void> {
    return this.manager.close();
  }

  /** Close the client at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
