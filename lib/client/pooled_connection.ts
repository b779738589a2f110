/**
 * A connection borrowed from the client's pool for exclusive use.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import { commandRequest } from "../conn/command_request.ts";
import type { ConnectionPool } from "../pool/connection_pool.ts";
import { AsyncExecutor } from "./async_executor.ts";
import { DedicatedRoute } from "./command_route.ts";

/**
 * Every command, on one connection that nothing else uses until it is given
 * back with {@link PooledConnection.release} (or at the end of an
 * `await using` block). For WATCH, blocking commands and anything else that
 * holds state on a connection. `release()` sends UNWATCH; leave the rest as
 * you found it (database, subscriptions, CLIENT settings), or `destroy()` it.
 *
 * @example
 * ```ts
 * await using connection = await redis.acquire();
 * await connection.watch("balance");
 * await connection.multi().decrby("balance", 10).exec();
 * ```
 */
export class PooledConnection extends AsyncExecutor<string> {
  /**
   * The same connection's commands with bulk replies as `Uint8Array`.
   *
   * @example
   * ```ts
   * const raw = await connection.bytes.get("image");
   * ```
   */
  readonly bytes: AsyncExecutor<Uint8Array>;
  readonly #pool: ConnectionPool;
  readonly #connection: Connection;
  #done = false;

  /** @internal Made by `redis.acquire()`. */
  constructor(
    pool: ConnectionPool,
    connection: Connection,
    callerStacks = false,
    afterWrite?: () => void,
    keyPrefix?: string,
  ) {
    const route = new DedicatedRoute(connection, callerStacks, afterWrite, keyPrefix);
    super(route, false);
    this.bytes = new AsyncExecutor<Uint8Array>(route, true);
    this.#pool = pool;
    this.#connection = connection;
  }

  /**
   * Give the connection back to the pool, after UNWATCH; a connection that
   * was lost or does not answer is closed instead. Calling it again does
   * nothing.
   *
   * @example
   * ```ts
   * const connection = await redis.acquire();
   * try {
   *   await connection.get("k");
   * } finally {
   *   await connection.release();
   * }
   * ```
   */
  async release(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    const connection = this.#connection;
    if (!connection.isOpen) return this.#pool.destroy(connection);
    try {
      await connection.send(commandRequest(["UNWATCH"]));
      this.#pool.release(connection);
    } catch {
      this.#pool.destroy(connection);
    }
  }

  /**
   * Close this connection once the replies of commands already sent are in,
   * and leave it out of the pool (as {@link PooledConnection.destroy}, but
   * without cutting those commands short); then answer `"OK"`. Later
   * commands on it reject with `ConnectionError`; the client itself stays
   * open. QUIT is not sent (deprecated since Redis 7.2).
   *
   * @example
   * ```ts
   * const connection = await redis.acquire();
   * await connection.quit(); // "OK"; the pool opens a new connection when needed
   * ```
   */
  override async quit(): Promise<"OK"> {
    if (!this.#done) {
      this.#done = true;
      await this.#connection.close();
      this.#pool.release(this.#connection); // closed: dropped, not reused
    }
    return "OK";
  }

  /**
   * Close the connection instead of giving it back (for one left in a state
   * the next user must not see); the pool opens a new one when needed.
   *
   * @example
   * ```ts
   * await connection.sendCommand(["CLIENT", "TRACKING", "ON"]);
   * connection.destroy();
   * ```
   */
  destroy(): void {
    if (this.#done) return;
    this.#done = true;
    this.#pool.destroy(this.#connection);
  }

  /** Release the connection at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.release();
  }
}
