/**
 * List commands: LPUSH, LRANGE.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { HashCommands } from "./hash.ts";
import { assertInteger, assertNotEmpty } from "./validate.ts";

/**
 * Commands on lists.
 *
 * @example
 * ```ts
 * await redis.lpush("queue", "a", "b"); // 2
 * await redis.lrange("queue", 0, -1); // ["b", "a"]
 * ```
 */
export abstract class ListCommands<M extends Mode, S extends Text> extends HashCommands<M, S> {
  /**
   * Insert `elements` at the head of the list, one after the other; returns
   * the list's new length.
   *
   * @example
   * ```ts
   * await redis.lpush("queue", "a", "b"); // 2: the list is now ["b", "a"]
   * ```
   */
  lpush(key: RedisKey, ...elements: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("lpush elements", elements);
    return this.call(["LPUSH", key, ...elements]);
  }

  /**
   * The elements from index `start` to `stop`, both included; negative
   * indexes count from the end (`-1` is the last).
   *
   * @example
   * ```ts
   * await redis.lrange("queue", 0, -1); // every element
   * ```
   */
  lrange(key: RedisKey, start: number, stop: number): Reply<M, S[], this> {
    assertInteger("lrange start", start);
    assertInteger("lrange stop", stop);
    return this.call(["LRANGE", key, start, stop]);
  }
}
