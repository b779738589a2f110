/**
 * Generic key commands: DEL, EXISTS, EXPIRE, TTL.
 *
 * @module
 */
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { ConnectionCommands } from "./connection.ts";
import { assertExclusive, assertInteger, assertNotEmpty } from "./validate.ts";

/** When `EXPIRE` applies: only without a TTL (`nx`), only with one (`xx`), only later (`gt`) or earlier (`lt`). */
export type ExpireCondition =
  | { nx: true; xx?: never; gt?: never; lt?: never }
  | { xx: true; nx?: never; gt?: never; lt?: never }
  | { gt: true; nx?: never; xx?: never; lt?: never }
  | { lt: true; nx?: never; xx?: never; gt?: never };

const EXPIRE_CONDITIONS = ["nx", "xx", "gt", "lt"] as const;

/**
 * Commands on keys of any type.
 *
 * @example
 * ```ts
 * await redis.del("a", "b"); // 2
 * ```
 */
export abstract class GenericCommands<M extends Mode, S extends Text>
  extends ConnectionCommands<M, S> {
  /**
   * Delete keys; returns how many existed.
   *
   * @example
   * ```ts
   * await redis.del("a", "b"); // 2
   * ```
   */
  del(...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("del keys", keys);
    return this.call(["DEL", ...keys]);
  }

  /**
   * Count how many of `keys` exist (a key named twice counts twice).
   *
   * @example
   * ```ts
   * await redis.exists("a", "missing"); // 1
   * ```
   */
  exists(...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("exists keys", keys);
    return this.call(["EXISTS", ...keys]);
  }

  /**
   * Set a timeout of `seconds` on `key`; returns 1 when set, 0 when the key
   * does not exist or the condition did not hold.
   *
   * @example
   * ```ts
   * await redis.expire("session", 60); // 1
   * await redis.expire("session", 10, { gt: true }); // 0: 10 s is not later
   * ```
   */
  expire(key: RedisKey, seconds: number, condition?: ExpireCondition): Reply<M, number, this> {
    assertInteger("expire seconds", seconds);
    const args = ["EXPIRE", key, seconds];
    if (condition !== undefined) {
      assertExclusive("expire", condition, EXPIRE_CONDITIONS);
      for (const token of EXPIRE_CONDITIONS) if (condition[token]) args.push(token.toUpperCase());
    }
    return this.call(args);
  }

  /**
   * Seconds to live of `key`: -1 when it has no timeout, -2 when it does not exist.
   *
   * @example
   * ```ts
   * await redis.ttl("session"); // 59
   * ```
   */
  ttl(key: RedisKey): Reply<M, number, this> {
    return this.call(["TTL", key]);
  }
}
