/**
 * Pipelines: commands queued by chaining and sent in one write.
 *
 * @module
 */
import { Commands, type Text, type Transform } from "../commands/mod.ts";
import type { RedisArg } from "../resp/types.ts";
import type { BatchCommand } from "../conn/connection.ts";
import type { CommandRoute } from "./command_route.ts";

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
export class Pipeline<S extends Text = string> extends Commands<"chain", S> {
  readonly #route: CommandRoute;
  readonly #bytes: boolean;
  #queued: BatchCommand[] = [];

  /** @internal Made by `redis.pipeline()`. */
  constructor(route: CommandRoute, bytes: boolean) {
    super();
    this.#route = route;
    this.#bytes = bytes;
  }

  /** How many commands are queued. */
  get length(): number {
    return this.#queued.length;
  }

  /** @internal */
  protected call(args: RedisArg[], transform?: Transform): this {
    this.#queued.push({ args, transform });
    return this;
  }

  /**
   * Queue any command, raw reply.
   *
   * @example
   * ```ts
   * await redis.pipeline().sendCommand(["OBJECT", "ENCODING", "k"]).exec();
   * ```
   */
  sendCommand(args: readonly RedisArg[]): this {
    return this.call([...args]);
  }

  /**
   * Send the queued commands and wait for every reply. Each slot holds the
   * command's reply, or the error it failed with (a `ResponseError` from the
   * server, a `DataError` for an argument that could not be sent). Rejects
   * when the replies cannot all arrive: `ConnectionError` (the commands may
   * or may not have run) or `TimeoutError`. With `throwOnError`, the first
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
  async exec(options: { throwOnError?: boolean } = {}): Promise<unknown[]> {
    const queued = this.#queued;
    this.#queued = [];
    if (queued.length === 0) return [];
    const results = await this.#route.withConnection((connection) =>
      connection.sendBatch(queued, this.#bytes)
    );
    if (options.throwOnError) {
      const failure = results.find((result) => result instanceof Error);
      if (failure !== undefined) throw failure;
    }
    return results;
  }
}
