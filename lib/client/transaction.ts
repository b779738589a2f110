/**
 * Transactions: commands queued by chaining and run atomically between
 * MULTI and EXEC.
 *
 * @module
 */
import type { Text } from "../commands/mod.ts";
import type { SendOptions } from "../conn/command_request.ts";
import type { CommandRoute } from "./command_route.ts";
import { QueuedCommands, transactionCommands, transactionResults } from "./queued_commands.ts";

/**
 * Commands chained now and run by {@link Transaction.exec} as one MULTI …
 * EXEC block, in one write: no other command of the client can come between
 * them, and the server runs them without interleaving other clients.
 *
 * @example
 * ```ts
 * const [count, ttl] = await redis.multi().incr("visits").expire("visits", 60).exec(); // [1, 1]
 * ```
 */
export class Transaction<S extends Text = string> extends QueuedCommands<S> {
  readonly #route: CommandRoute;
  readonly #options: SendOptions | undefined;

  /** @internal Made by `redis.multi()`, with the view's `with()` settings. */
  constructor(route: CommandRoute, bytes: boolean, options?: SendOptions) {
    super(bytes);
    this.#route = route;
    this.#options = options;
  }

  /**
   * Forget the queued commands; nothing was sent.
   *
   * @example
   * ```ts
   * const tx = redis.multi().incr("a");
   * tx.discard(); // tx.length === 0
   * ```
   */
  discard(): void {
    this.clearQueued();
  }

  /**
   * Run the queued commands atomically. Resolves with each command's reply
   * (shaped as the command declares), where a command that failed while
   * running holds its typed error. Rejects with `ExecAbortError` (its `cause`
   * is the first command the server refused to queue: nothing ran), with
   * `WatchError` when a watched key changed (nothing ran), with `DataError`
   * for an argument that cannot be sent (nothing was sent), or with
   * `ConnectionError`, `TimeoutError` (the view's `with({ timeout })` when
   * set) or the reason of the view's aborted `with({ signal })` (the block
   * may or may not have run). The transaction
   * is empty afterwards and may be reused.
   *
   * @example
   * ```ts
   * const results = await redis.multi().set("a", "1").lpush("a", "x").get("a").exec();
   * results[1] instanceof WrongTypeError; // true: the others ran
   * ```
   */
  async exec(): Promise<unknown[]> {
    const batch = this.takeQueued();
    if (batch.commands.length === 0) return [];
    const replies = await this.#route.sendBatch(
      transactionCommands(batch),
      this.bytes,
      true,
      this.#options,
    );
    return transactionResults(batch, replies);
  }
}
