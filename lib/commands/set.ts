/**
 * Set commands: SADD, SMEMBERS.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { ListCommands } from "./list.ts";
import { assertNotEmpty } from "./validate.ts";

/**
 * Commands on sets.
 *
 * @example
 * ```ts
 * await redis.sadd("tags", "a", "b"); // 2
 * ```
 */
export abstract class SetCommands<M extends Mode, S extends Text> extends ListCommands<M, S> {
  /**
   * Add `members` to the set at `key`; returns how many were new.
   *
   * @example
   * ```ts
   * await redis.sadd("tags", "a", "b", "a"); // 2
   * ```
   */
  sadd(key: RedisKey, ...members: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("sadd members", members);
    return this.call(["SADD", key, ...members]);
  }

  /**
   * Every member of the set at `key`, in no particular order.
   *
   * @example
   * ```ts
   * await redis.smembers("tags"); // ["b", "a"]
   * ```
   */
  smembers(key: RedisKey): Reply<M, S[], this> {
    return this.call(["SMEMBERS", key]);
  }
}
