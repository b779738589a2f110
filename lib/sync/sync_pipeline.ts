/**
 * Pipelines and transactions of the blocking client.
 *
 * @module
 */
import type { Text } from "../commands/mod.ts";
import {
  pipelineCommands,
  pipelineResults,
  QueuedCommands,
  transactionCommands,
  transactionResults,
} from "../client/queued_commands.ts";
import type { SyncRoute } from "./sync_route.ts";

/**
 * Commands chained now and sent together by {@link SyncPipeline.exec}: one
 * round trip, replies in order, a failed command's error in its slot.
 *
 * @example
 * ```ts
 * const [set, count] = redis.pipeline().set("a", "1").incr("a").exec(); // ["OK", 2]
 * ```
 */
export class SyncPipeline<S extends Text = string> extends QueuedCommands<S> {
  readonly #route: SyncRoute;
  readonly #timeout: number | undefined;

  /** @internal Made by `redis.pipeline()`, with the view's `with({ timeout })`. */
  constructor(route: SyncRoute, bytes: boolean, timeout?: number) {
    super(bytes);
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
 * Commands chained now and run by {@link SyncTransaction.exec} as one
 * MULTI … EXEC block, in one write.
 *
 * @example
 * ```ts
 * redis.multi().incr("visits").expire("visits", 60).exec(); // [1, 1]
 * ```
 */
export class SyncTransaction<S extends Text = string> extends QueuedCommands<S> {
  readonly #route: SyncRoute;
  readonly #timeout: number | undefined;

  /** @internal Made by `redis.multi()`, with the view's `with({ timeout })`. */
  constructor(route: SyncRoute, bytes: boolean, timeout?: number) {
    super(bytes);
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
   * their slots). Throws `ExecAbortError` or `WatchError` when nothing ran,
   * `DataError` before sending an argument that cannot be sent,
   * `TimeoutError` without the replies within the command timeout (the
   * view's `with({ timeout })` when set).
   *
   * @example
   * ```ts
   * redis.multi().set("a", "1").get("a").exec(); // ["OK", "1"]
   * ```
   */
  exec(): unknown[] {
    const batch = this.takeQueued();
    if (batch.commands.length === 0) return [];
    const replies = this.#route.connection().sendBatch(
      transactionCommands(batch),
      this.bytes,
      true,
      this.#timeout,
    );
    return transactionResults(batch, replies);
  }
}
