/**
 * What a connection keeps for each command it wrote until the reply comes:
 * the caller's promise, the reply's shape, the deadline, and for a batch the
 * slot its reply fills.
 *
 * @module
 */
import type { BatchCommand, CommandRequest, ReplyTransform } from "./command_request.ts";

let capturedResolve: (value: unknown) => void;
let capturedReject: (error: unknown) => void;

/** One executor for every command's promise, so that no closure is made per command. */
function captureResolvers(
  resolve: (value: unknown) => void,
  reject: (error: unknown) => void,
): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/**
 * A new promise whose resolvers go to `entry` (a command or a batch): the
 * one executor serves every promise, so that no closure is made per command.
 *
 * @example
 * ```ts
 * const entry = new PendingCommand(undefined, false, NO_TIMEOUT);
 * const promise = settledBy(entry);
 * entry.resolve("PONG"); // promise resolves with "PONG"
 * ```
 */
export function settledBy(
  entry: { resolve: (value: unknown) => void; reject: (error: unknown) => void },
): Promise<unknown> {
  const promise = new Promise<unknown>(captureResolvers);
  entry.resolve = capturedResolve;
  entry.reject = capturedReject;
  return promise;
}

/** No deadline: the command waits until its reply comes (or the connection is lost). */
export const NO_TIMEOUT = Infinity;

/**
 * Commands sent together whose replies fill one array (pipelines): one
 * promise for all of them instead of one each.
 *
 * @example
 * ```ts
 * const batch = new ReplyBatch(2);
 * const promise = settledBy(batch) as Promise<unknown[]>;
 * ```
 */
export class ReplyBatch {
  readonly results: unknown[];
  remaining: number;
  settled = false;
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;
  /** Undoes the batch's own timer and abort listener, if it has them. */
  release: (() => void) | undefined;
  /** The commands sent, so that a server error in a slot can name its command. */
  commands: readonly BatchCommand[] | undefined;

  /** @param size How many replies fill the batch (give it a promise with {@link settledBy}). */
  constructor(size: number) {
    this.results = new Array(size);
    this.remaining = size;
  }

  /** Reject the whole batch (lost connection, timeout, abort), once. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.release?.();
    this.reject(error);
  }
}

/**
 * A command written to the socket and waiting for its reply.
 *
 * @example
 * ```ts
 * const entry = new PendingCommand(undefined, false, NO_TIMEOUT);
 * const promise = settledBy(entry);
 * ```
 */
export class PendingCommand {
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;
  /** The batch this command belongs to, if any; `index` is its slot. */
  batch: ReplyBatch | undefined;
  index: number;
  /** Set once the caller's promise is settled (by reply, timeout or abort). */
  settled = false;
  /** When to give up waiting, in `Date.now()` time; `Infinity` for never. */
  deadline: number;
  transform: ReplyTransform | undefined;
  bytes: boolean;
  /** Undoes a per-command timer or abort listener (see `CommandTimers.watch`). */
  release: (() => void) | undefined;
  /** The server may hold the reply back on purpose (see `RouteSendOptions.blocking`). */
  blocking = false;
  /**
   * A single command's request (a reference, not a copy): a server error
   * names its command from it, and `ConnectionSettings.resend` sends it again.
   */
  request: CommandRequest | undefined;

  /**
   * @param transform Shapes the reply.
   * @param bytes Whether bulks decode to bytes.
   * @param deadline When to give up (`Date.now()` time), or {@link NO_TIMEOUT}.
   * @param batch The batch whose slot `index` the reply fills, if any.
   */
  constructor(
    transform: ReplyTransform | undefined,
    bytes: boolean,
    deadline: number,
    batch?: ReplyBatch,
    index = 0,
  ) {
    this.transform = transform;
    this.bytes = bytes;
    this.deadline = deadline;
    this.batch = batch;
    this.index = index;
  }

  /** Whether a caller still waits for this reply. */
  get waiting(): boolean {
    return this.batch === undefined ? !this.settled : !this.batch.settled;
  }

  /** The caller has its answer: undo the command's own timer and abort listener. */
  settle(): void {
    this.settled = true;
    if (this.release !== undefined) this.release();
  }
}
