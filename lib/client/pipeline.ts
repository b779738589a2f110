/**
 * Pipelines: commands queued by chaining and sent in one write.
 *
 * @module
 */
import type { Text } from "../commands/mod.ts";
import type { BatchResults, ChainKind } from "../commands/chain.ts";
import type { SendOptions } from "../conn/command_request.ts";
import type { CommandRoute } from "./command_route.ts";
import { pipelineCommands, pipelineResults, QueuedCommands } from "./queued_commands.ts";

/**
 * {@link Pipeline} as a type-level function of its results (see
 * `lib/commands/chain.ts`): what typed chaining applies.
 *
 * @example
 * ```ts
 * type Next = Chained<Pipeline<string, []>, number>; // Pipeline<string, [number]>
 * ```
 */
export interface PipelineKind<S extends Text, R extends unknown[]> extends ChainKind {
  /** The Pipeline with the next command's reply type appended. */
  readonly chain: Pipeline<S, [...R, this["next"]]>;
}

/**
 * Commands chained now and sent together by {@link Pipeline.exec}: one round
 * trip, replies in order. A command that fails leaves its error in its slot;
 * the others still return.
 *
 * @example
 * ```ts
 * const [set, count] = await redis.pipeline().set("a", "1").incr("a").exec(); // ["OK", 2]
 * ```
 */
export class Pipeline<S extends Text = string, out R extends unknown[] = unknown[]>
  extends QueuedCommands<S> {
  /** Type-level only: this class after one more command (see `lib/commands/chain.ts`). */
  declare readonly "~kind": PipelineKind<S, R>;
  readonly #route: CommandRoute;
  readonly #options: SendOptions | undefined;

  /** @internal Made by `redis.pipeline()`, with the view's `with()` settings. */
  constructor(route: CommandRoute, bytes: boolean, options?: SendOptions) {
    super(bytes, route.keyPrefix);
    this.#route = route;
    this.#options = options;
  }

  /**
   * Send the queued commands and wait for every reply. Each slot holds the
   * command's reply, or the error it failed with (a `ResponseError` from the
   * server, a `DataError` for an argument that could not be sent). Rejects
   * when the replies cannot all arrive: `ConnectionError` (the commands may
   * or may not have run), `TimeoutError` (the whole pipeline's, the view's
   * `with({ timeout })` when set; blocking commands wait for the server's
   * timeouts plus a margin, on a pooled connection), or the reason of the
   * view's aborted `with({ signal })`. With `throwOnError`, the first
   * failed command's error is thrown instead, once every reply is in (the
   * other commands ran). The pipeline is empty afterwards and may be reused.
   *
   * @example
   * ```ts
   * const results = await redis.pipeline().get("a").lpush("a", "x").exec();
   * results[1] instanceof WrongTypeError; // true when "a" is a string
   * await redis.pipeline().get("a").lpush("a", "x").exec({ throwOnError: true }); // throws
   * ```
   */
  exec(options: { throwOnError: true }): Promise<BatchResults<R, never>>;
  /** The same, each slot the command's reply or its error. */
  exec(options?: { throwOnError?: boolean }): Promise<BatchResults<R>>;
  async exec(options: { throwOnError?: boolean } = {}): Promise<unknown[]> {
    const batch = this.takeQueued();
    if (batch.commands.length === 0) return [];
    const replies = await this.#route.sendBatch(
      pipelineCommands(batch),
      this.bytes,
      false,
      this.#options,
    );
    return pipelineResults(batch, replies, options.throwOnError);
  }
}
