/**
 * HyperLogLog commands: PFADD, PFCOUNT, PFMERGE.
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { SortedSetCommands } from "./sorted_set.ts";

/**
 * Commands on HyperLogLog cardinality estimators.
 *
 * @example
 * ```ts
 * await redis.pfadd("visitors", "a", "b"); // 1
 * ```
 */
export abstract class HyperLogLogCommands<M extends Mode, S extends Text>
  extends SortedSetCommands<M, S> {
}
