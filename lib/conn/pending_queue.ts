/**
 * The commands a connection wrote, in the order their replies will come,
 * and what it needs to know about them as a whole: whether any caller still
 * waits (to keep the process alive, to finish a graceful close), and whether
 * a blocking command waits (the health check leaves such a connection alone).
 *
 * @module
 */
import type { PendingCommand } from "./pending_command.ts";
import { ReplyQueue } from "./reply_queue.ts";

/**
 * A {@link ReplyQueue} of {@link PendingCommand}s that knows which of them
 * still have a caller waiting.
 *
 * @example
 * ```ts
 * const queue = new PendingQueue();
 * queue.push(new PendingCommand(undefined, false, NO_TIMEOUT));
 * queue.allSettled(); // false
 * ```
 */
export class PendingQueue extends ReplyQueue<PendingCommand> {
  /** A queued command was given up (timeout, abort): the queue may hold only those. */
  abandoned = false;
  /**
   * With `abandoned`: no entry before this index waits any more (an entry
   * never waits again once its caller has an answer), so that finding
   * whether any still waits costs O(1) amortized, not a scan per reply.
   */
  #settledPrefix = 0;

  /** Remove and return the head; the queue forgets it was abandoned once empty. */
  override shift(): PendingCommand | undefined {
    const entry = super.shift();
    if (this.#settledPrefix > 0) this.#settledPrefix--; // the entry shifted out was before it
    if (this.length === 0) {
      this.abandoned = false;
      this.#settledPrefix = 0;
    }
    return entry;
  }

  /** Whether a caller still waits for a queued reply; scans on from the settled prefix. */
  anyWaiting(): boolean {
    let i = this.#settledPrefix;
    while (i < this.length && !this.at(i)!.waiting) i++;
    this.#settledPrefix = i;
    return i < this.length;
  }

  /** Whether every queued command's caller already has an answer (reply, timeout or abort). */
  allSettled(): boolean {
    for (let i = 0; i < this.length; i++) if (this.at(i)!.waiting) return false;
    return true;
  }

  /** Whether a blocking command (BLPOP …) still waits for its reply. */
  blockingWaits(): boolean {
    for (let i = 0; i < this.length; i++) {
      const entry = this.at(i)!;
      if (entry.blocking && entry.waiting) return true;
    }
    return false;
  }
}
