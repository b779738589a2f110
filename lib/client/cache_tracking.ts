/**
 * Setting up server-assisted tracking on one connection, for the
 * client-side cache: under RESP3 `CLIENT TRACKING ON` on the connection
 * itself (its invalidations arrive as pushes on it, routed by its `onPush`);
 * under RESP2 an {@link InvalidationListener} first, then tracking
 * redirected to it. Used for a client's shared connection; a cluster node's
 * connection can use it the same way.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import { commandRequest } from "../conn/command_request.ts";
import type { ConnectionOptions } from "../conn/open_connection.ts";
import { trackingCommand, type TrackingMode } from "../conn/tracking.ts";
import type { RedisArg } from "../resp/types.ts";
import { ConnectionError } from "../errors/errors.ts";
import { type InvalidationHandlers, InvalidationListener } from "./invalidation_listener.ts";

/**
 * Tracking as set up on one connection, with what confirms that its
 * invalidations are in.
 *
 * @example
 * ```ts
 * const session = await startTracking(connection, 3, "default", options, handlers);
 * await session.sync(); // every invalidation sent before now has been handled
 * ```
 */
export interface TrackingSession {
  /** The connection whose reads the server tracks. */
  readonly connection: Connection;
  /** Whether invalidations still arrive (under RESP2: the listener is open). */
  readonly live: boolean;
  /**
   * Resolves once every invalidation the server sent before this call has
   * been handled: a PING on the connection the invalidations arrive on.
   */
  sync(): Promise<unknown>;
  /** Close what the session opened (the RESP2 listener); the tracked connection stays. */
  close(): void;
}

const PING = commandRequest(["PING"]);

/**
 * Turn tracking on for `connection` (which speaks `protocol`), in `mode`.
 * Under RESP2 a listener connection is opened first, to the same server
 * (`options`, resolved), and `handlers` hear from it; under RESP3 the
 * connection's own `onPush` gets the invalidations and `handlers.lost` is
 * never called. With `again`, tracking is turned off first (it was on,
 * redirected to a listener that is gone). Rejects when the server refuses
 * (`CLIENT TRACKING` needs Redis 6) or does not answer within
 * `options.connectTimeout`; nothing stays open then.
 *
 * @example
 * ```ts
 * const session = await startTracking(connection, 2, { broadcast: ["user:"] }, options, {
 *   invalidated: (keys) => store.invalidate(keys),
 *   lost: () => store.clear(),
 * });
 * ```
 */
export async function startTracking(
  connection: Connection,
  protocol: 2 | 3,
  mode: TrackingMode,
  options: ConnectionOptions,
  handlers: InvalidationHandlers,
  again = false,
): Promise<TrackingSession> {
  const timeout = options.connectTimeout;
  const send = (args: RedisArg[]) =>
    connection.send(commandRequest(args, undefined, false, { timeout }));
  if (protocol === 3) {
    await send(trackingCommand(mode));
    return { connection, live: true, sync: () => connection.send(PING), close() {} };
  }
  const listener = await InvalidationListener.open(options, handlers);
  try {
    const steps = again ? [send(["CLIENT", "TRACKING", "OFF"])] : [];
    steps.push(send(trackingCommand(mode, listener.id)));
    await Promise.all(steps);
    if (!listener.isOpen) {
      throw new ConnectionError(
        `the invalidation connection to ${connection.address} was lost while tracking was set up`,
      );
    }
  } catch (error) {
    listener.close();
    throw error;
  }
  return {
    connection,
    get live() {
      return listener.isOpen;
    },
    sync: () => listener.ping(),
    close: () => listener.close(),
  };
}
