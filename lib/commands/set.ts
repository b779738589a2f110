/**
 * Set commands: SADD, SMEMBERS, SCARD, SDIFF, SINTER, SISMEMBER, SMOVE, SPOP, SREM, SUNION, ….
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { ListCommands } from "./list.ts";
import { toBoolean, toBooleans } from "./transforms.ts";
import { assertInteger, assertNotEmpty } from "./validate.ts";

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

  /**
   * How many members the set at `key` has.
   *
   * @example
   * ```ts
   * await redis.scard("tags"); // 2
   * ```
   */
  scard(key: RedisKey): Reply<M, number, this> {
    return this.call(["SCARD", key]);
  }

  /**
   * Members of the first set that are in none of the others.
   *
   * @example
   * ```ts
   * await redis.sdiff("a", "b"); // ["only-in-a"]
   * ```
   */
  sdiff(...keys: RedisKey[]): Reply<M, S[], this> {
    assertNotEmpty("sdiff keys", keys);
    return this.call(["SDIFF", ...keys]);
  }

  /**
   * Store `sdiff(...keys)` at `destination`; returns its size.
   *
   * @example
   * ```ts
   * await redis.sdiffstore("out", "a", "b"); // 1
   * ```
   */
  sdiffstore(destination: RedisKey, ...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("sdiffstore keys", keys);
    return this.call(["SDIFFSTORE", destination, ...keys]);
  }

  /**
   * Members present in every set.
   *
   * @example
   * ```ts
   * await redis.sinter("a", "b"); // ["both"]
   * ```
   */
  sinter(...keys: RedisKey[]): Reply<M, S[], this> {
    assertNotEmpty("sinter keys", keys);
    return this.call(["SINTER", ...keys]);
  }

  /**
   * The size of the intersection, counting up to `limit` (0: no limit).
   *
   * @example
   * ```ts
   * await redis.sintercard(["a", "b"], { limit: 10 }); // 1
   * ```
   */
  sintercard(keys: RedisKey[], options: { limit?: number } = {}): Reply<M, number, this> {
    assertNotEmpty("sintercard keys", keys);
    const args: RedisArg[] = ["SINTERCARD", keys.length, ...keys];
    if (options.limit !== undefined) {
      assertInteger("sintercard limit", options.limit, 0);
      args.push("LIMIT", options.limit);
    }
    return this.call(args);
  }

  /**
   * Store `sinter(...keys)` at `destination`; returns its size.
   *
   * @example
   * ```ts
   * await redis.sinterstore("out", "a", "b"); // 1
   * ```
   */
  sinterstore(destination: RedisKey, ...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("sinterstore keys", keys);
    return this.call(["SINTERSTORE", destination, ...keys]);
  }

  /**
   * Whether `member` is in the set at `key`.
   *
   * @example
   * ```ts
   * await redis.sismember("tags", "a"); // true
   * ```
   */
  sismember(key: RedisKey, member: RedisArg): Reply<M, boolean, this> {
    return this.call(["SISMEMBER", key, member], toBoolean);
  }

  /**
   * For each of `members`, whether it is in the set at `key`.
   *
   * @example
   * ```ts
   * await redis.smismember("tags", "a", "z"); // [true, false]
   * ```
   */
  smismember(key: RedisKey, ...members: RedisArg[]): Reply<M, boolean[], this> {
    assertNotEmpty("smismember members", members);
    return this.call(["SMISMEMBER", key, ...members], toBooleans);
  }

  /**
   * Move `member` from the set at `source` to the one at `destination`;
   * returns whether it was moved.
   *
   * @example
   * ```ts
   * await redis.smove("todo", "done", "task-1"); // true
   * ```
   */
  smove(source: RedisKey, destination: RedisKey, member: RedisArg): Reply<M, boolean, this> {
    return this.call(["SMOVE", source, destination, member], toBoolean);
  }

  /**
   * Remove and return a random member (`null` when empty); with `count`, up
   * to that many.
   *
   * @example
   * ```ts
   * await redis.spop("tags"); // "a"
   * await redis.spop("tags", 2); // ["b", "c"]
   * ```
   */
  spop(key: RedisKey): Reply<M, S | null, this>;
  /** Remove and return up to `count` random members. */
  spop(key: RedisKey, count: number): Reply<M, S[], this>;
  spop(key: RedisKey, count?: number): Reply<M, S | null | S[], this> {
    if (count === undefined) return this.call(["SPOP", key]);
    assertInteger("spop count", count, 0);
    return this.call(["SPOP", key, count]);
  }

  /**
   * A random member (`null` when empty); with `count`, up to that many
   * distinct members (a negative count allows repeats).
   *
   * @example
   * ```ts
   * await redis.srandmember("tags"); // "b"
   * await redis.srandmember("tags", -5); // ["a", "a", "b", "a", "b"]
   * ```
   */
  srandmember(key: RedisKey): Reply<M, S | null, this>;
  /** Up to `count` random members. */
  srandmember(key: RedisKey, count: number): Reply<M, S[], this>;
  srandmember(key: RedisKey, count?: number): Reply<M, S | null | S[], this> {
    if (count === undefined) return this.call(["SRANDMEMBER", key]);
    assertInteger("srandmember count", count);
    return this.call(["SRANDMEMBER", key, count]);
  }

  /**
   * Remove `members` from the set at `key`; returns how many were there.
   *
   * @example
   * ```ts
   * await redis.srem("tags", "a", "z"); // 1
   * ```
   */
  srem(key: RedisKey, ...members: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("srem members", members);
    return this.call(["SREM", key, ...members]);
  }

  /**
   * Members of any of the sets.
   *
   * @example
   * ```ts
   * await redis.sunion("a", "b"); // ["x", "y", "z"]
   * ```
   */
  sunion(...keys: RedisKey[]): Reply<M, S[], this> {
    assertNotEmpty("sunion keys", keys);
    return this.call(["SUNION", ...keys]);
  }

  /**
   * Store `sunion(...keys)` at `destination`; returns its size.
   *
   * @example
   * ```ts
   * await redis.sunionstore("out", "a", "b"); // 3
   * ```
   */
  sunionstore(destination: RedisKey, ...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("sunionstore keys", keys);
    return this.call(["SUNIONSTORE", destination, ...keys]);
  }
}
