/**
 * How a `Connection` is set up once its socket is open: its name for
 * messages, its timeouts, where push frames go, what it tells its owner when
 * it closes or loses commands, and when it keeps the process alive.
 *
 * @module
 */
import type { ConnectionError } from "../errors/errors.ts";
import type { RespValue } from "../resp/types.ts";
import type { CommandRequest } from "./command_request.ts";

/**
 * Settings of a `Connection` once its socket is open.
 *
 * @example
 * ```ts
 * const settings: ConnectionSettings = { address: "127.0.0.1:6379", commandTimeout: 5000 };
 * const connection = new Connection(transport, settings);
 * ```
 */
export interface ConnectionSettings {
  /** A readable name for errors, such as `127.0.0.1:6379`. Never holds credentials. */
  address: string;
  /** Default command timeout in milliseconds; `0` waits forever. */
  commandTimeout: number;
  /** Receives RESP3 push frames (pub/sub messages, invalidations). */
  onPush?: (frame: RespValue[]) => void;
  /**
   * A subscriber connection: RESP2 pub/sub frames (arrays starting with
   * `message`, `subscribe`, …), which arrive as ordinary replies, go to
   * `onPush` instead of answering a command.
   */
  pubsub?: boolean;
  /** Decode push frames (and, on a `pubsub` connection, unanswered RESP2 frames) to bytes. */
  pushBytes?: boolean;
  /**
   * Milliseconds of silence from the server after which the connection
   * PINGs it, whatever is queued (commands that timed out or still wait),
   * unless a blocking command waits; a PING without a reply within the
   * command timeout (or the interval, when there is none) closes the
   * connection as dead. `0`: off.
   */
  healthCheckInterval?: number;
  /** A MONITOR connection: replies that no command waits for go to `onPush`, one a frame. */
  monitor?: boolean;
  /** Called once when the connection is closed or lost; `error` when lost. */
  onClose?: (error?: ConnectionError) => void;
  /**
   * Asked, for each single command still waiting when the connection is
   * lost, whether to send it again elsewhere: a promise of its reply takes
   * over the caller's promise; `undefined` lets it reject with `error`.
   */
  resend?: (request: CommandRequest, error: ConnectionError) => Promise<unknown> | undefined;
}

/**
 * When a connection keeps the process alive: `"pending"` while a caller waits
 * for a reply (the default), `"always"` while it is open (subscriptions,
 * MONITOR), `"never"` (a reconnect in the background that nobody waits for).
 *
 * @example
 * ```ts
 * subscriberConnection.holdProcess("always");
 * ```
 */
export type HoldProcess = "pending" | "always" | "never";
