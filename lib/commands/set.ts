/**
 * Set commands: SADD, SMEMBERS, SCARD, SDIFF, SINTER, SISMEMBER, SMOVE, SPOP, SREM, SUNION, ….
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import type { ScanCursor, ScanPageOptions } from "./generic.ts";
import { toCount, toTextOrNull, toTexts } from "./replies.ts";
import { toBoolean, toBooleans, toScanReply } from "./transforms.ts";
import { assertInteger, assertNotEmpty, assertOptions, optionKeys, scanArgs } from "./validate.ts";

const SINTERCARD_KEYS = optionKeys<{ limit?: number }>({ limit: true });

/**
 * One page of `SSCAN`: the cursor of the next page (`"0"`: the last page) and its members.
 *
 * @example
 * ```ts
 * const page: SetScanPage<string> = await redis.sscanPage("tags", "0");
 * page.members; // ["a", "b"]
 * ```
 */
export interface SetScanPage<S> {
  /** Pass it to the next call; `"0"` when the scan is complete. */
  cursor: string;
  /** The members of this page. */
  members: S[];
}

/**
 * Commands on sets.
 *
 * @example
 * ```ts
 * await redis.sadd("tags", "a", "b"); // 2
 * ```
 */
export abstract class SetCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
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
    return this.call(["SADD", key, ...members], toCount);
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
    return this.call(["SMEMBERS", key], toTexts<S>);
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
    return this.call(["SCARD", key], toCount);
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
    return this.call(["SDIFF", ...keys], toTexts<S>);
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
    return this.call(["SDIFFSTORE", destination, ...keys], toCount);
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
    return this.call(["SINTER", ...keys], toTexts<S>);
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
    assertOptions("sintercard", options, SINTERCARD_KEYS);
    assertNotEmpty("sintercard keys", keys);
    const args: RedisArg[] = ["SINTERCARD", keys.length, ...keys];
    if (options.limit !== undefined) {
      assertInteger("sintercard limit", options.limit, 0);
      args.push("LIMIT", options.limit);
    }
    return this.call(args, toCount);
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
    return this.call(["SINTERSTORE", destination, ...keys], toCount);
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
    if (count === undefined) return this.call(["SPOP", key], toTextOrNull<S>);
    assertInteger("spop count", count, 0);
    return this.call(["SPOP", key, count], toTexts<S>);
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
    if (count === undefined) return this.call(["SRANDMEMBER", key], toTextOrNull<S>);
    assertInteger("srandmember count", count);
    return this.call(["SRANDMEMBER", key, count], toTexts<S>);
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
    return this.call(["SREM", key, ...members], toCount);
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
    return this.call(["SUNION", ...keys], toTexts<S>);
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
    return this.call(["SUNIONSTORE", destination, ...keys], toCount);
  }

  /**
   * One page of `SSCAN` over the set at `key`: pass `"0"` first, then each
   * reply's `cursor` until it is `"0"` again. Every member present for the
   * whole scan comes at least once (maybe more than once). `sscan()`
   * follows the cursor for you.
   *
   * @example
   * ```ts
   * const page = await redis.sscanPage("tags", "0", { match: "a*" });
   * page.members; // ["ab", "ac"]
   * ```
   */
  sscanPage(
    key: RedisKey,
    cursor: ScanCursor,
    options: ScanPageOptions = {},
  ): Reply<M, SetScanPage<S>, this> {
    return this.call(scanArgs("SSCAN", key, cursor, options), (reply) => {
      const page = toScanReply(reply);
      return { cursor: page.cursor, members: toTexts<S>(page.items) };
    });
  }
}
