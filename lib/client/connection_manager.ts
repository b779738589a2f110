/**
 * Owns the client's one multiplexed connection: opens it on first use,
 * opens a new one on the next command after it was lost, and closes it.
 *
 * @module
 */
import type { Connection, ReplyTransform, SendOptions } from "../conn/connection.ts";
import { openConnection } from "../conn/open_connection.ts";
import { ClientClosedError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { ResolvedOptions } from "./options.ts";

/**
 * Hands commands to the current connection, connecting first when there is none.
 *
 * @example
 * ```ts
 * const manager = new ConnectionManager(resolveOptions("redis://127.0.0.1:6379"));
 * await manager.send(["PING"]); // "PONG"
 * await manager.close();
 * ```
 */
export class ConnectionManager {
  readonly #options: ResolvedOptions;
  #connection: Connection | null = null;
  #connecting: Promise<Connection> | null = null;
  #closed = false;
  #protocol: 2 | 3 | undefined;
  /** Receives RESP3 push frames of the connection. */
  onPush: ((frame: RespValue[]) => void) | undefined;

  /** @param options Resolved client options. */
  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** The protocol the current connection speaks, once connected. */
  get protocol(): 2 | 3 | undefined {
    return this.#protocol;
  }

  /** Whether {@link ConnectionManager.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Send one command on the current connection, connecting first if needed. */
  send(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    const connection = this.#connection;
    if (connection !== null && connection.isOpen) {
      return connection.send(args, transform, bytes, options);
    }
    return this.connection().then((ready) => ready.send(args, transform, bytes, options));
  }

  /**
   * Run `use` on the open connection at once, so that what it sends keeps
   * its place among commands issued after it; when there is none, connect
   * first.
   */
  withConnection<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = this.#connection;
    if (connection !== null && connection.isOpen) return use(connection);
    return this.connection().then(use);
  }

  /** The open connection; connects when there is none. */
  connection(): Promise<Connection> {
    if (this.#closed) {
      return Promise.reject(new ClientClosedError("the client is closed"));
    }
    const connection = this.#connection;
    if (connection !== null && connection.isOpen) return Promise.resolve(connection);
    this.#connecting ??= this.#open();
    return this.#connecting;
  }

  /** Close the connection once its pending commands are answered; refuse new ones. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const connection = this.#connection ?? await this.#connecting?.catch(() => null);
    this.#connection = null;
    await connection?.close();
  }

  async #open(): Promise<Connection> {
    let connection: Connection | undefined;
    try {
      const opened = await openConnection({
        ...this.#options,
        onPush: (frame) => this.onPush?.(frame),
        onClose: () => {
          if (connection !== undefined && this.#connection === connection) this.#connection = null;
        },
      });
      connection = opened.connection;
      const protocol = opened.protocol;
      if (this.#closed) {
        connection.destroy();
        throw new ClientClosedError("the client was closed while connecting");
      }
      this.#connection = connection;
      this.#protocol = protocol;
      return connection;
    } finally {
      this.#connecting = null;
    }
  }
}
