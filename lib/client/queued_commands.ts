/**
 * The part pipelines and transactions share: every command method queues
 * its arguments and transform, to be sent later in one go.
 *
 * @module
 */
import type { BatchCommand } from "../conn/connection.ts";
import { Commands, type Text, type Transform } from "../commands/mod.ts";
import type { RedisArg } from "../resp/types.ts";
import type { CommandRoute } from "./command_route.ts";

/**
 * Commands chained now, sent later by a subclass's `exec()`.
 *
 * @example
 * ```ts
 * const pipeline = redis.pipeline().set("a", "1").get("a");
 * pipeline.length; // 2
 * ```
 */
export abstract class QueuedCommands<S extends Text> extends Commands<"chain", S> {
  /** @internal Where `exec()` sends the commands. */
  protected readonly route: CommandRoute;
  /** @internal Whether replies decode to bytes. */
  protected readonly bytes: boolean;
  #queued: BatchCommand[] = [];

  /** @internal Made by `redis.pipeline()` and `redis.multi()`. */
  constructor(route: CommandRoute, bytes: boolean) {
    super();
    this.route = route;
    this.bytes = bytes;
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

  /** @internal The queued commands, leaving none queued. */
  protected takeQueued(): BatchCommand[] {
    const queued = this.#queued;
    this.#queued = [];
    return queued;
  }
}
