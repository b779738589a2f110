/**
 * Where an executor's commands go: the client's shared connection (with its
 * pool for blocking commands), or one connection borrowed for a transaction.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import type {
  BatchCommand,
  CommandRequest,
  RouteSendOptions,
  SendOptions,
} from "../conn/command_request.ts";
import { batchClientTimeout, blockingTimeout, clientTimeoutFor } from "../commands/blocking.ts";
import { isReadOnly } from "../commands/read_only.ts";
import type { RedisArg } from "../resp/types.ts";

/** What executors need from the connection(s) behind them. */
export interface CommandRoute {
  /** Whether server errors get the caller's stack (the `callerStacks` option). */
  readonly callerStacks?: boolean;
  /** Put before every key by the executors on this route (the `keyPrefix` option). */
  readonly keyPrefix?: string;
  /** Send one command; the promise settles with its (transformed) reply. */
  send(request: CommandRequest): Promise<unknown>;
  /**
   * Send a batch: a pipeline, or (with `atomic`) a MULTI … EXEC block. A
   * pipeline holding blocking commands waits for the server's timeouts plus
   * a margin, as the commands alone would.
   */
  sendBatch(
    commands: readonly BatchCommand[],
    bytes: boolean,
    atomic: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown[]>;
}

/**
 * The options a batch is sent with: the caller's, and when the batch holds
 * blocking commands, their timeout (unless the caller set one) and the
 * `blocking` mark; `undefined` stays `undefined` for a batch that does not
 * block.
 *
 * @example
 * ```ts
 * batchOptions([{ args: ["BLPOP", "jobs", 1] }], 400, undefined); // { timeout: 6000, blocking: true }
 * ```
 */
export function batchOptions(
  commands: readonly BatchCommand[],
  commandTimeout: number,
  options: SendOptions | undefined,
): RouteSendOptions | undefined {
  const timeout = batchClientTimeout(commands, commandTimeout);
  if (timeout === undefined) return options;
  return { ...options, timeout: options?.timeout ?? timeout, blocking: true };
}

/**
 * The options a single command is sent with: for a blocking one, the
 * server's timeout plus a margin (unless the caller set a timeout) and the
 * `blocking` mark; otherwise the caller's.
 *
 * @example
 * ```ts
 * commandOptions(["BLPOP", "jobs", 1], undefined); // { timeout: 6000, blocking: true }
 * ```
 */
export function commandOptions(
  args: readonly RedisArg[],
  options: SendOptions | undefined,
): RouteSendOptions | undefined {
  const blocking = blockingTimeout(args);
  if (blocking === undefined) return options;
  return { ...options, timeout: options?.timeout ?? clientTimeoutFor(blocking), blocking: true };
}

/**
 * Every command on one connection, blocking ones included (they wait for
 * the server's timeout plus a margin, not the command timeout): the route of
 * `redis.acquire()`'s connection and of the executor that `transaction()`
 * hands its callback.
 *
 * @example
 * ```ts
 * const route = new DedicatedRoute(connection);
 * await route.send(commandRequest(["WATCH", "k"]));
 * ```
 */
export class DedicatedRoute implements CommandRoute {
  readonly #connection: Connection;
  readonly #afterWrite: (() => void) | undefined;
  /** Whether server errors get the caller's stack (the `callerStacks` option). */
  readonly callerStacks: boolean;
  /** Put before every key by the executors on this route (the `keyPrefix` option). */
  readonly keyPrefix: string | undefined;

  /**
   * @param connection The connection every command goes to.
   * @param callerStacks The client's `callerStacks` option.
   * @param afterWrite Told when a command that is not read-only has been
   *   answered (or failed): the client-side cache waits for its
   *   invalidations before it answers from memory again.
   * @param keyPrefix The client's `keyPrefix` option.
   */
  constructor(
    connection: Connection,
    callerStacks = false,
    afterWrite?: () => void,
    keyPrefix?: string,
  ) {
    this.#connection = connection;
    this.callerStacks = callerStacks;
    this.#afterWrite = afterWrite;
    this.keyPrefix = keyPrefix;
  }

  /** Send one command on the connection. */
  send(request: CommandRequest): Promise<unknown> {
    const options = commandOptions(request.args, request.options);
    const sent = this.#connection.send(
      options === request.options ? request : {
        args: request.args,
        transform: request.transform,
        bytes: request.bytes,
        options,
      },
    );
    const afterWrite = this.#afterWrite;
    if (afterWrite !== undefined && !isReadOnly(request.args)) sent.then(afterWrite, afterWrite);
    return sent;
  }

  /** Send a batch on the connection. */
  sendBatch(
    commands: readonly BatchCommand[],
    bytes: boolean,
    atomic: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown[]> {
    const connection = this.#connection;
    const sent = connection.sendBatch(
      commands,
      bytes,
      atomic,
      batchOptions(commands, connection.commandTimeout, options),
    );
    const afterWrite = this.#afterWrite;
    if (afterWrite !== undefined && commands.some((command) => !isReadOnly(command.args))) {
      sent.then(afterWrite, afterWrite);
    }
    return sent;
  }
}
