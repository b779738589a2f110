/**
 * What a command is, on its way from an executor to a connection: its
 * arguments, how its reply is shaped, whether bulks decode to bytes, and its
 * per-command options. One {@link CommandRequest} value travels the whole
 * path (executor, route, dispatcher, connection, resend after a loss).
 *
 * @module
 */
import { ResponseError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";

/** Shapes a raw reply into what the caller receives. */
export type ReplyTransform = (reply: RespValue) => unknown;

/**
 * Per-command settings.
 *
 * @example
 * ```ts
 * const options: SendOptions = { timeout: 100, signal: AbortSignal.timeout(1000) };
 * ```
 */
export interface SendOptions {
  /** Cancels the wait on the client side; the reply, when it comes, is dropped. */
  signal?: AbortSignal;
  /** This command's timeout in milliseconds, instead of the connection's. `0`: none. */
  timeout?: number;
  /**
   * The client-side cache (the client's `cache` option): `false`, the reply
   * is neither served from it nor stored in it; `true`, in `"optin"` mode,
   * the read is cached (in the other modes reads are cached unless
   * `false`). Without a cache, and on pipelines, transactions and pooled
   * connections, it changes nothing.
   */
  cache?: boolean;
}

/**
 * {@link SendOptions} as the client's routes pass them to a connection.
 *
 * @example
 * ```ts
 * connection.send(commandRequest(["BLPOP", "jobs", 5], undefined, false, {
 *   timeout: 10_000,
 *   blocking: true,
 * }));
 * ```
 */
export interface RouteSendOptions extends SendOptions {
  /**
   * The server holds the reply back on purpose (BLPOP, XREAD BLOCK, …): the
   * health check leaves the connection alone while the command waits.
   */
  blocking?: boolean;
}

/**
 * One command to send: made once by the executor, passed as it is down to
 * the connection (which keeps it for a resend after a lost connection). Make
 * it with {@link commandRequest} or a literal with all four fields, in this
 * order, so that every request has the same shape.
 *
 * @example
 * ```ts
 * const request: CommandRequest = { args: ["GET", "k"], transform: undefined, bytes: false, options: undefined };
 * await route.send(request);
 * ```
 */
export interface CommandRequest {
  /** The whole command, e.g. `["SET", "k", "v"]`. */
  readonly args: readonly RedisArg[];
  /** Shapes the reply; the raw reply when `undefined`. */
  readonly transform: ReplyTransform | undefined;
  /** Whether bulk replies decode to `Uint8Array` instead of strings. */
  readonly bytes: boolean;
  /** The command's timeout and signal (and whether it blocks on the server). */
  readonly options: RouteSendOptions | undefined;
}

/**
 * A {@link CommandRequest}; by default the raw reply, as text, with the
 * connection's timeout.
 *
 * @example
 * ```ts
 * await connection.send(commandRequest(["PING"])); // "PONG"
 * await connection.send(commandRequest(["PING"], undefined, false, { timeout: 100 }));
 * ```
 */
export function commandRequest(
  args: readonly RedisArg[],
  transform?: ReplyTransform,
  bytes = false,
  options?: RouteSendOptions,
): CommandRequest {
  return { args, transform, bytes, options };
}

/**
 * One command of a batch: its arguments and the transform of its reply.
 *
 * @example
 * ```ts
 * const batch: BatchCommand[] = [{ args: ["SET", "k", "1"] }, { args: ["INCR", "k"], transform: Number }];
 * ```
 */
export interface BatchCommand {
  /** The whole command, e.g. `["SET", "k", "v"]`. */
  args: readonly RedisArg[];
  /** Shapes the reply; the raw reply when absent. */
  transform?: ReplyTransform;
}

/**
 * A batch command's result slot: its reply shaped by `transform`; a server
 * error, or the error a transform throws, stays in the slot as a value.
 *
 * @example
 * ```ts
 * shapeSlot(3, Boolean); // true
 * shapeSlot(new WrongTypeError("WRONGTYPE …"), Boolean); // the error itself
 * ```
 */
export function shapeSlot(reply: unknown, transform: ReplyTransform | undefined): unknown {
  if (transform === undefined || reply instanceof ResponseError) return reply;
  try {
    return transform(reply as RespValue);
  } catch (error) {
    return error;
  }
}
