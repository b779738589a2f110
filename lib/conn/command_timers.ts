/**
 * A connection's timeouts and cancellations: one shared timer for the
 * commands that use the connection's timeout (it finds the expired ones by
 * their deadlines), and a timer and abort listener of their own for commands
 * and batches sent with options.
 *
 * @module
 */
import { TimeoutError } from "../errors/errors.ts";
import type { SendOptions } from "./command_request.ts";
import { unrefTimer } from "./lifecycle.ts";
import { NO_TIMEOUT, type PendingCommand, type ReplyBatch } from "./pending_command.ts";
import type { PendingQueue } from "./pending_queue.ts";

/**
 * Gives up on the commands of one connection that ran out of time or were
 * aborted; `gaveUp` is told each time.
 *
 * @example
 * ```ts
 * const timers = new CommandTimers(queue, "127.0.0.1:6379", 1000, () => {});
 * timers.armShared(1000);
 * ```
 */
export class CommandTimers {
  readonly #queue: PendingQueue;
  readonly #address: string;
  readonly #commandTimeout: number;
  readonly #gaveUp: () => void;
  /** The shared deadline timer, when armed. */
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param queue The connection's pending commands.
   * @param address The server, for messages.
   * @param commandTimeout The connection's timeout in milliseconds; `0`: none.
   * @param gaveUp Called after a caller stopped waiting (timeout, abort).
   */
  constructor(queue: PendingQueue, address: string, commandTimeout: number, gaveUp: () => void) {
    this.#queue = queue;
    this.#address = address;
    this.#commandTimeout = commandTimeout;
    this.#gaveUp = gaveUp;
  }

  /** Arm the shared deadline timer for `delay` ms, unless it is armed. */
  armShared(delay: number): void {
    if (this.#timer === undefined) this.#arm(delay);
  }

  /** Stop the shared timer (the connection closed). */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** A single command's own timeout and abort signal. */
  watch(entry: PendingCommand, options: SendOptions, timeout: number): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeout > 0) {
      timer = setTimeout(() => this.#timeOut(entry, timeout), timeout);
      entry.deadline = NO_TIMEOUT;
    }
    const signal = options.signal;
    const onAbort = () => {
      if (entry.settled) return;
      entry.settle();
      entry.reject(signal!.reason);
      this.#gaveUp();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    entry.release = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  }

  /** A batch's own timeout and abort signal. */
  watchBatch(batch: ReplyBatch, options: SendOptions, timeout: number): void {
    const giveUp = (error: unknown) => {
      if (batch.settled) return;
      batch.fail(error);
      this.#gaveUp();
    };
    const timer = timeout > 0
      ? setTimeout(
        () => giveUp(new TimeoutError(`no reply from ${this.#address} within ${timeout} ms`)),
        timeout,
      )
      : undefined;
    const signal = options.signal;
    const onAbort = () => giveUp(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    batch.release = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  }

  #timeOut(entry: PendingCommand, timeout: number): void {
    if (!entry.waiting) return;
    const error = new TimeoutError(`no reply from ${this.#address} within ${timeout} ms`);
    if (entry.batch !== undefined) entry.batch.fail(error);
    else {
      entry.settle();
      entry.reject(error);
    }
    this.#gaveUp();
  }

  #arm(delay: number): void {
    // Unref'd: the socket keeps the process alive while commands wait.
    this.#timer = unrefTimer(setTimeout(this.#checkDeadlines, Math.max(1, delay)));
  }

  /** Time out the commands past their deadline; re-arm for the next one. */
  readonly #checkDeadlines = (): void => {
    this.#timer = undefined;
    const now = Date.now();
    const queue = this.#queue;
    for (let i = 0; i < queue.length; i++) {
      const entry = queue.at(i)!;
      if (!entry.waiting || entry.deadline === NO_TIMEOUT) continue;
      if (entry.deadline > now) {
        this.#arm(entry.deadline - now);
        return;
      }
      this.#timeOut(entry, this.#commandTimeout);
    }
  };
}
