/**
 * Transactions: commands queued by chaining and run atomically between
 * MULTI and EXEC.
 *
 * @module
 */
import type { Text } from "../commands/mod.ts";
import type { BatchResults, ChainKind } from "../commands/chain.ts";
import type { SendOptions } from "../conn/command_request.ts";
import type { CommandRoute } from "./command_route.ts";
import { QueuedCommands, transactionCommands, transactionResults } from "./queued_commands.ts";

/**
 * {@link Transaction} as a type-level function of its results (see
 * `lib/commands/chain.ts`): what typed chaining applies.
 *
 * @example
 * ```ts
 * type Next = Chained<Transaction<string, []>, number>; // Transaction<string, [number]>
 * ```
 */
export interface TransactionKind<S extends Text, R extends unknown[]> extends ChainKind {
  /** The Transaction with the next command's reply type appended. */
  readonly chain: Transaction<S, [...R, this["next"]]>;
}

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
export class Transaction<S extends Text = string, R extends unknown[] = unknown[]>
  extends QueuedCommands<S> {
  /** Type-level only: this class after one more command (see `lib/commands/chain.ts`). */
  declare readonly "~kind": TransactionKind<S, R>;
  readonly #route: CommandRoute;
  readonly #options: SendOptions | undefined;

  /** @internal Made by `redis.multi()`, with the view's `with()` settings. */
  constructor(route: CommandRoute, bytes: boolean, options?: SendOptions) {
    super(bytes, route.keyPrefix);
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
   * may or may not have run). With `throwOnError`, the first failed
   * command's error is thrown instead (the others ran). The transaction
   * is empty afterwards and may be reused.
   *
   * @example
   * ```ts
   * const results = await redis.multi().set("a", "1").lpush("a", "x").get("a").exec();
   * results[1] instanceof WrongTypeError; // true: the others ran
   * ```
   */
  exec(options: { throwOnError: true }): Promise<BatchResults<R, never>>;
  /** The same, each slot the command's reply or its error. */
  exec(options?: { throwOnError?: boolean }): Promise<BatchResults<R>>;
  async exec(options: { throwOnError?: boolean } = {}): Promise<unknown[]> {
    const batch = this.takeQueued();
    if (batch.commands.length === 0) return [];
    const replies = await this.#route.sendBatch(
      transactionCommands(batch),
      this.bytes,
      true,
      this.#options,
    );
    return transactionResults(batch, replies, options.throwOnError);
  }
}
