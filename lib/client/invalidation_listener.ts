/**
 * The RESP2 half of client-side caching: a connection of its own,
 * subscribed to `__redis__:invalidate`, that another connection's tracking
 * is redirected to (`CLIENT TRACKING ON REDIRECT <its id>`). RESP2 has no
 * push frames, so the server publishes the invalidations there instead.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import { commandRequest } from "../conn/command_request.ts";
import { unrefTimer } from "../conn/lifecycle.ts";
import { type ConnectionOptions, openConnection } from "../conn/open_connection.ts";
import { INVALIDATE_CHANNEL, invalidatedKeys } from "../conn/tracking.ts";
import { ConnectionError, ProtocolError, TimeoutError } from "../errors/errors.ts";

/**
 * What a listener tells its owner.
 *
 * @example
 * ```ts
 * const handlers: InvalidationHandlers = {
 *   invalidated: (keys) => store.invalidate(keys),
 *   lost: () => store.clear(),
 * };
 * ```
 */
export interface InvalidationHandlers {
  /** The server invalidated `keys` (`null`: everything). */
  invalidated(keys: string[] | null): void;
  /** The listener's connection was lost: invalidations no longer arrive. */
  lost(): void;
}

/**
 * A connection subscribed to `__redis__:invalidate`, with its client id
 * read before it subscribed (a subscribed RESP2 connection takes no other
 * command but PING).
 *
 * @example
 * ```ts
 * const listener = await InvalidationListener.open(options, {
 *   invalidated: (keys) => cache.invalidate(keys),
 *   lost: () => cache.clear(),
 * });
 * await tracked.send(commandRequest(trackingCommand("default", listener.id)));
 * ```
 */
export class InvalidationListener {
  /** The client id of the listener's connection: where tracking is redirected. */
  readonly id: number | bigint;
  readonly #connection: Connection;
  #closing = false;

  private constructor(connection: Connection, id: number | bigint) {
    this.#connection = connection;
    this.id = id;
  }

  /**
   * Open a listener on the server `options` name (resolved: no
   * `resolveAddress`), read its id, subscribe, and wait for the server's
   * confirmation, all within `options.connectTimeout` each.
   */
  static async open(
    options: ConnectionOptions,
    handlers: InvalidationHandlers,
  ): Promise<InvalidationListener> {
    let listener: InvalidationListener | undefined;
    let confirmed: (() => void) | undefined;
    let failed: ((error: unknown) => void) | undefined;
    const { connection } = await openConnection({
      ...options,
      resolveAddress: undefined,
      verify: undefined,
      resend: undefined,
      monitor: false,
      pubsub: true,
      pushBytes: false,
      onPush: (frame) => {
        if (frame[0] === "subscribe" && frame[1] === INVALIDATE_CHANNEL) {
          confirmed?.();
          return;
        }
        const keys = invalidatedKeys(frame);
        if (keys !== undefined) handlers.invalidated(keys);
      },
      onClose: (error) => {
        if (listener === undefined) {
          failed?.(error ?? new ConnectionError("the invalidation connection closed"));
        } else if (!listener.#closing) handlers.lost();
      },
    });
    const timeout = options.connectTimeout;
    const address = connection.address;
    try {
      const id = await connection.send(
        commandRequest(["CLIENT", "ID"], undefined, false, { timeout }),
      );
      if (typeof id !== "number" && typeof id !== "bigint") {
        throw new ProtocolError(`CLIENT ID answered ${typeof id}, not an integer`);
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new TimeoutError(
              `${address} did not confirm SUBSCRIBE ${INVALIDATE_CHANNEL} within ${timeout} ms`,
            ),
          );
        }, timeout);
        if (options.background) unrefTimer(timer);
        confirmed = () => {
          clearTimeout(timer);
          resolve();
        };
        failed = (error) => {
          clearTimeout(timer);
          reject(error);
        };
        connection.sendOneway(["SUBSCRIBE", INVALIDATE_CHANNEL]);
      });
      listener = new InvalidationListener(connection, id);
      return listener;
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  /** Whether invalidations still arrive (the connection is open). */
  get isOpen(): boolean {
    return this.#connection.isOpen;
  }

  /**
   * PING the listener: the answer comes after every invalidation the
   * server published to it before the PING arrived.
   */
  ping(): Promise<unknown> {
    return this.#connection.send(commandRequest(["PING"]));
  }

  /** Close the connection (its loss is then not reported). */
  close(): void {
    this.#closing = true;
    this.#connection.destroy();
  }
}
