/**
 * Pipelines and transactions of the blocking client.
 *
 * @module
 */
import type { Text } from "../commands/mod.ts";
import type { BatchResults, ChainKind } from "../commands/chain.ts";
import {
  pipelineCommands,
  pipelineResults,
  QueuedCommands,
  transactionCommands,
  transactionResults,
} from "../client/queued_commands.ts";
import type { SyncRoute } from "./sync_route.ts";

/**
 * {@link SyncPipeline} as a type-level function of its results (see
 * `lib/commands/chain.ts`): what typed chaining applies.
 *
 * @example
 * ```ts
 * type Next = Chained<SyncPipeline<string, []>, number>; // SyncPipeline<string, [number]>
 * ```
 */
export interface SyncPipelineKind<S extends Text, R extends unknown[]> extends ChainKind {
  /** The SyncPipeline with the next command's reply type appended. */
  readonly chain: SyncPipeline<S, [...R, this["next"]]>;
}

/**
 * Commands chained now and sent together by {@link SyncPipeline.exec}: one
 * round trip, replies in order, a failed command's error in its slot.
 *
 * @example
 * ```ts
 * const [set, count] = redis.pipeline().set("a", "1").incr("a").exec(); // ["OK", 2]
 * ```
 */
export class SyncPipeline<S extends Text = string, R extends unknown[] = unknown[]>
  extends QueuedCommands<S> {
  /** Type-level only: this class after one more command (see `lib/commands/chain.ts`). */
  declare readonly "~kind": SyncPipelineKind<S, R>;
  readonly #route: SyncRoute;
  readonly #timeout: number | undefined;

  /** @internal Made by `redis.pipeline()`, with the view's `with({ timeout })`. */
  constructor(route: SyncRoute, bytes: boolean, timeout?: number) {
    super(bytes, route.keyPrefix);
    this.#route = route;
    this.#timeout = timeout;
  }

  /**
   * Send the queued commands and return every reply (errors in their
   * slots; with `throwOnError` the first one is thrown). Throws
   * `ConnectionError` or `TimeoutError` when the replies cannot all arrive
   * (within the view's `with({ timeout })` when set; blocking commands wait
   * for the server's timeouts plus a margin).
   *
   * @example
   * ```ts
   * redis.pipeline().get("a").lpush("a", "x").exec(); // ["1", WrongTypeError]
   * ```
   */
  exec(options: { throwOnError: true }): BatchResults<R, never>;
  /** The same, each slot the command's reply or its error. */
  exec(options?: { throwOnError?: boolean }): BatchResults<R>;
  exec(options: { throwOnError?: boolean } = {}): unknown[] {
    const batch = this.takeQueued();
    if (batch.commands.length === 0) return [];
    const replies = this.#route.connection().sendBatch(
      pipelineCommands(batch),
      this.bytes,
      false,
      this.#timeout,
    );
    return pipelineResults(batch, replies, options.throwOnError);
  }
}

/**
 * {@link SyncTransaction} as a type-level function of its results (see
 * `lib/commands/chain.ts`): what typed chaining applies.
 *
 * @example
 * ```ts
 * type Next = Chained<SyncTransaction<string, []>, number>; // SyncTransaction<string, [number]>
 * ```
 */
export interface SyncTransactionKind<S extends Text, R extends unknown[]> extends ChainKind {
  /** The SyncTransaction with the next command's reply type appended. */
  readonly chain: SyncTransaction<S, [...R, this["next"]]>;
}

/**
 * Commands chained now and run by {@link SyncTransaction.exec} as one
 * MULTI … EXEC block, in one write.
 *
 * @example
 * ```ts
 * redis.multi().incr("visits").expire("visits", 60).exec(); // [1, 1]
 * ```
 */
export class SyncTransaction<S extends Text = string, R extends unknown[] = unknown[]>
  extends QueuedCommands<S> {
  /** Type-level only: this class after one more command (see `lib/commands/chain.ts`). */
  declare readonly "~kind": SyncTransactionKind<S, R>;
  readonly #route: SyncRoute;
  readonly #timeout: number | undefined;

  /** @internal Made by `redis.multi()`, with the view's `with({ timeout })`. */
  constructor(route: SyncRoute, bytes: boolean, timeout?: number) {
    super(bytes, route.keyPrefix);
    this.#route = route;
    this.#timeout = timeout;
  }

  /**
   * Forget the queued commands; nothing was sent.
   *
   * @example
   * ```ts
   * redis.multi().incr("a").discard();
   * ```
   */
  discard(): void {
    this.clearQueued();
  }

  /**
   * Run the queued commands atomically; each command's reply (errors in
   * their slots; with `throwOnError` the first one is thrown). Throws `ExecAbortError` or `WatchError` when nothing ran,
   * `DataError` before sending an argument that cannot be sent,
   * `TimeoutError` without the replies within the command timeout (the
   * view's `with({ timeout })` when set).
   *
   * @example
   * ```ts
   * redis.multi().set("a", "1").get("a").exec(); // ["OK", "1"]
   * ```
   */
  exec(options: { throwOnError: true }): BatchResults<R, never>;
  /** The same, each slot the command's reply or its error. */
  exec(options?: { throwOnError?: boolean }): BatchResults<R>;
  exec(options: { throwOnError?: boolean } = {}): unknown[] {
    const batch = this.takeQueued();
    if (batch.commands.length === 0) return [];
    const replies = this.#route.connection().sendBatch(
      transactionCommands(batch),
      this.bytes,
      true,
      this.#timeout,
    );
    return transactionResults(batch, replies, options.throwOnError);
  }
}
