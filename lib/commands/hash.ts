/**
 * Hash commands: HSET, HGET, HGETALL.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { BitmapCommands } from "./bitmap.ts";
import { toRecord } from "./transforms.ts";
import { assertNotEmpty } from "./validate.ts";

/**
 * Commands on hashes.
 *
 * @example
 * ```ts
 * await redis.hset("user:1", { name: "Ada", born: 1815 });
 * await redis.hgetall("user:1"); // { name: "Ada", born: "1815" }
 * ```
 */
export abstract class HashCommands<M extends Mode, S extends Text> extends BitmapCommands<M, S> {
  /**
   * Set fields of the hash at `key`, from an object or `[field, value]`
   * pairs; returns how many fields were added (not updated).
   *
   * @example
   * ```ts
   * await redis.hset("user:1", { name: "Ada" }); // 1
   * await redis.hset("user:1", [["name", "Grace"], ["born", 1906]]); // 1
   * ```
   */
  hset(
    key: RedisKey,
    fields: Record<string, RedisArg> | [RedisKey, RedisArg][],
  ): Reply<M, number, this> {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    assertNotEmpty("hset fields", pairs);
    const args: RedisArg[] = ["HSET", key];
    for (const [field, value] of pairs) args.push(field, value);
    return this.call(args);
  }

  /**
   * The value of `field` in the hash at `key`, or `null`.
   *
   * @example
   * ```ts
   * await redis.hget("user:1", "name"); // "Ada"
   * ```
   */
  hget(key: RedisKey, field: RedisKey): Reply<M, S | null, this> {
    return this.call(["HGET", key, field]);
  }

  /**
   * Every field and value of the hash at `key` as an object (`{}` when the
   * key does not exist). Field names are always strings.
   *
   * @example
   * ```ts
   * await redis.hgetall("user:1"); // { name: "Ada", born: "1815" }
   * ```
   */
  hgetall(key: RedisKey): Reply<M, Record<string, S>, this> {
    return this.call(["HGETALL", key], toRecord);
  }
}
