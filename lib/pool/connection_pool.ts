/**
 * A bounded pool of connections, for work that must not share the client's
 * multiplexed connection: blocking commands, WATCH transactions, `acquire()`.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import { commandRequest } from "../conn/command_request.ts";
import { ClientClosedError, PoolTimeoutError } from "../errors/errors.ts";

/** Settings of a {@link ConnectionPool}. */
export interface PoolOptions {
  /** Most connections open at once (idle and in use). Default: 10. */
  maxSize?: number;
  /**
   * Milliseconds `acquire` waits for a free connection before
   * `PoolTimeoutError`; `0` fails at once when all are in use (redis-py's
   * `ConnectionPool`; a wait is its `BlockingConnectionPool`). Default: 5000.
   */
  acquireTimeout?: number;
  /** An idle connection older than this many milliseconds is PINGed before it is handed out. Default: 30000. */
  idleCheckAfter?: number;
}

/** Settings of one {@link ConnectionPool.acquire} call. */
export interface AcquireOptions {
  /**
   * Stop waiting when it aborts: `acquire` rejects with the signal's reason
   * at once, and a connection that arrives later goes back to the pool.
   */
  signal?: AbortSignal;
}

interface Waiter {
  resolve(connection: Connection): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

/** How many connections a pool holds, and how many callers wait for one. */
export interface PoolStats {
  /** Connections open, idle or in use. */
  size: number;
  /** Connections waiting in the pool. */
  idle: number;
  /** Connections handed out. */
  inUse: number;
  /** Callers waiting for a connection. */
  waiting: number;
}

interface Idle {
  connection: Connection;
  since: number;
}

/**
 * Hands out connections, opening new ones up to `maxSize`; callers past that
 * wait in order until one is released, or fail with {@link PoolTimeoutError}.
 *
 * @example
 * ```ts
 * const pool = new ConnectionPool(() => openReady(), { maxSize: 4 });
 * const connection = await pool.acquire();
 * try {
 *   await connection.send(commandRequest(["BLPOP", "jobs", 5]));
 * } finally {
 *   pool.release(connection);
 * }
 * ```
 */
export class ConnectionPool {
  readonly #open: () => Promise<Connection>;
  readonly #maxSize: number;
  readonly #acquireTimeout: number;
  readonly #idleCheckAfter: number;
  readonly #onRelease: ((reused: boolean, idle: number) => void) | undefined;
  readonly #idle: Idle[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #inUse = new Set<Connection>();
  #size = 0;
  #closed = false;

  /**
   * @param open Opens one ready connection (handshake done).
   * @param options Size and timeouts.
   * @param onRelease Told of every connection given back: reused, or closed.
   */
  constructor(
    open: () => Promise<Connection>,
    options: PoolOptions = {},
    onRelease?: (reused: boolean, idle: number) => void,
  ) {
    this.#open = open;
    this.#onRelease = onRelease;
    this.#maxSize = options.maxSize ?? 10;
    this.#acquireTimeout = options.acquireTimeout ?? 5000;
    this.#idleCheckAfter = options.idleCheckAfter ?? 30_000;
  }

  /** Connections open now, idle or in use. */
  get size(): number {
    return this.#size;
  }

  /** Connections waiting in the pool. */
  get idleCount(): number {
    return this.#idle.length;
  }

  /** Open, idle and in-use connections, and waiting callers. */
  get stats(): PoolStats {
    return {
      size: this.#size,
      idle: this.#idle.length,
      inUse: this.#inUse.size,
      waiting: this.#waiters.length,
    };
  }

  /**
   * A connection for exclusive use; give it back with `release` or
   * `destroy`. An aborted `options.signal` ends the wait at once.
   */
  acquire(options: AcquireOptions = {}): Promise<Connection> {
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const taken = this.#take(signal).then((connection) => {
      if (this.#closed) {
        this.#drop(connection);
        throw new ClientClosedError("the connection pool is closed");
      }
      this.#inUse.add(connection);
      return connection;
    });
    if (signal === undefined) return taken;
    return new Promise<Connection>((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason);
        // Opened, checked or freed after the caller gave up: back to the pool.
        taken.then((connection) => this.release(connection), () => {});
      };
      signal.addEventListener("abort", onAbort, { once: true });
      taken.then((connection) => {
        signal.removeEventListener("abort", onAbort);
        resolve(connection);
      }, (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      });
    });
  }

  async #take(signal: AbortSignal | undefined): Promise<Connection> {
    if (this.#closed) throw new ClientClosedError("the connection pool is closed");
    for (let idle = this.#idle.pop(); idle !== undefined; idle = this.#idle.pop()) {
      if (await this.#healthy(idle)) return idle.connection;
      this.#drop(idle.connection);
    }
    if (this.#size < this.#maxSize) {
      this.#size++;
      try {
        return await this.#open();
      } catch (error) {
        this.#size--;
        this.#wakeOpener();
        throw error;
      }
    }
    if (this.#acquireTimeout === 0) {
      throw new PoolTimeoutError(`all ${this.#maxSize} connections are in use`);
    }
    return await new Promise<Connection>((resolve, reject) => {
      // An abort takes the waiter out of the line (unless a connection is
      // being opened for it already: `acquire` gives that one back).
      const onAbort = () => {
        const index = this.#waiters.indexOf(waiter);
        if (index < 0) return;
        this.#waiters.splice(index, 1);
        clearTimeout(waiter.timer);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        resolve(connection) {
          signal?.removeEventListener("abort", onAbort);
          resolve(connection);
        },
        reject(error) {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.reject(
            new PoolTimeoutError(
              `no connection free within ${this.#acquireTimeout} ms (all ${this.#maxSize} in use)`,
            ),
          );
        }, this.#acquireTimeout),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Close the idle connections (e.g. after new credentials); new ones open as needed. */
  dropIdle(): void {
    for (const { connection } of this.#idle.splice(0)) this.#drop(connection);
  }

  /** Give a connection back; a closed one is dropped. */
  release(connection: Connection): void {
    this.#inUse.delete(connection);
    if (!connection.isOpen || this.#closed) {
      this.#drop(connection);
      this.#onRelease?.(false, this.#idle.length);
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      clearTimeout(waiter.timer);
      this.#inUse.add(connection);
      waiter.resolve(connection);
    } else {
      this.#idle.push({ connection, since: Date.now() });
    }
    this.#onRelease?.(true, this.#idle.length);
  }

  /** Close a connection that must not be reused (e.g. still blocked on the server). */
  destroy(connection: Connection): void {
    this.#inUse.delete(connection);
    connection.destroy();
    this.#drop(connection);
    this.#onRelease?.(false, this.#idle.length);
  }

  /**
   * Close the pool: waiters reject with `ClientClosedError`, connections in
   * use are closed (their commands reject with `ConnectionError`), idle ones
   * close once their replies are in.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const connection of this.#inUse) connection.destroy();
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new ClientClosedError("the connection pool was closed"));
    }
    const idle = this.#idle.splice(0);
    this.#size -= idle.length;
    await Promise.all(idle.map(({ connection }) => connection.close()));
  }

  /** A connection left the pool for good: a waiter may open a new one. */
  #drop(connection: Connection): void {
    if (connection.isOpen) connection.destroy();
    this.#size--;
    this.#wakeOpener();
  }

  /** Let the first waiter open a connection of its own, now that there is room. */
  #wakeOpener(): void {
    if (this.#closed || this.#size >= this.#maxSize) return;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) return;
    clearTimeout(waiter.timer);
    this.#size++;
    this.#open().then(waiter.resolve, (error) => {
      this.#size--;
      waiter.reject(error);
    });
  }

  async #healthy({ connection, since }: Idle): Promise<boolean> {
    if (!connection.isOpen) return false;
    if (Date.now() - since < this.#idleCheckAfter) return true;
    try {
      await connection.send(commandRequest(["PING"], undefined, false, { timeout: 1000 }));
      return true;
    } catch {
      return false;
    }
  }
}
