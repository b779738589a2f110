/**
 * Where an executor's commands go: the client's shared connection (with its
 * pool for blocking commands), or one connection borrowed for a transaction.
 *
 * @module
 */
import type { Connection, ReplyTransform, SendOptions } from "../conn/connection.ts";
import type { RedisArg } from "../resp/types.ts";

/** What executors need from the connection(s) behind them. */
export interface CommandRoute {
  /** Send one command; the promise settles with its (transformed) reply. */
  send(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown>;
  /** Run `use` on the connection, at once when there is one. */
  withConnection<T>(use: (connection: Connection) => Promise<T>): Promise<T>;
}

/**
 * Every command on one connection, blocking ones included: the route of the
 * executor that `transaction()` hands its callback.
 *
 * @example
 * ```ts
 * const route = new DedicatedRoute(connection);
 * await route.send(["WATCH", "k"], undefined, false, undefined);
 * ```
 */
export class DedicatedRoute implements CommandRoute {
  readonly #connection: Connection;

  /** @param connection The connection every command goes to. */
  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** Send one command on the connection. */
  send(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    return this.#connection.send(args, transform, bytes, options);
  }

  /** Run `use` on the connection. */
  withConnection<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    return use(this.#connection);
  }
}
