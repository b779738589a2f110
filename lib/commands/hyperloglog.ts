/**
 * HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
 *
 * @module
 */
import type { RedisArg, RespValue } from "../resp/types.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import { toCount, toOk, toRaw } from "./replies.ts";
import { toBoolean } from "./transforms.ts";
import { assertNotEmpty } from "./validate.ts";

/**
 * Commands on HyperLogLog cardinality estimators.
 *
 * @example
 * ```ts
 * await redis.pfadd("visitors", "a", "b"); // true
 * await redis.pfcount("visitors"); // 2
 * ```
 */
export abstract class HyperLogLogCommands<M extends Mode, S extends Text>
  extends CommandBase<M, S> {
  /**
   * Add elements; returns whether the estimate changed.
   *
   * @example
   * ```ts
   * await redis.pfadd("visitors", "a", "b"); // true
   * ```
   */
  pfadd(key: RedisKey, ...elements: RedisArg[]): Reply<M, boolean, this> {
    return this.call(["PFADD", key, ...elements], toBoolean);
  }

  /**
   * The estimated number of distinct elements (of the union, for several keys).
   *
   * @example
   * ```ts
   * await redis.pfcount("visitors", "visitors:yesterday"); // 1042
   * ```
   */
  pfcount(...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("pfcount keys", keys);
    return this.call(["PFCOUNT", ...keys], toCount);
  }

  /**
   * Merge estimators into `destination`.
   *
   * @example
   * ```ts
   * await redis.pfmerge("visitors:week", "visitors:mon", "visitors:tue"); // "OK"
   * ```
   */
  pfmerge(destination: RedisKey, ...sources: RedisKey[]): Reply<M, "OK", this> {
    return this.call(["PFMERGE", destination, ...sources], toOk);
  }

  /**
   * Internal debugging of an estimator (`"getreg"`, `"decode"`, `"encoding"`, `"todense"`).
   *
   * @example
   * ```ts
   * await redis.pfdebug("encoding", "visitors"); // "sparse"
   * ```
   */
  pfdebug(subcommand: RedisArg, key: RedisKey): Reply<M, RespValue, this> {
    return this.call(["PFDEBUG", subcommand, key], toRaw);
  }

  /**
   * Run the server's HyperLogLog self test.
   *
   * @example
   * ```ts
   * await redis.pfselftest(); // "OK"
   * ```
   */
  pfselftest(): Reply<M, "OK", this> {
    return this.call(["PFSELFTEST"], toOk);
  }
}
