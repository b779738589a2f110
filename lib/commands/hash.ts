/**
 * Hash commands: HSET, HGET, HGETALL, HDEL, HEXISTS, HINCRBY, HKEYS, HLEN, HMGET, HRANDFIELD, ….
 *
 * @module
 */
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { BitmapCommands } from "./bitmap.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { toBoolean, toNumber, toRecord } from "./transforms.ts";
import { assertInteger, assertNotEmpty, assertScore } from "./validate.ts";

/** HRANDFIELD … WITHVALUES: RESP2 `[f1, v1, f2, v2]` or RESP3 `[[f1, v1], …]` → `{ field, value }[]`. */
function toFieldValues(reply: RespValue): { field: RespValue; value: RespValue }[] {
  const items = reply as RespValue[];
  if (items.length > 0 && Array.isArray(items[0])) {
    return (items as RespValue[][]).map(([field, value]) => ({ field, value }));
  }
  const pairs: { field: RespValue; value: RespValue }[] = [];
  for (let i = 0; i < items.length; i += 2) pairs.push({ field: items[i], value: items[i + 1] });
  return pairs;
}

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

  /**
   * Delete fields of the hash at `key`; returns how many existed.
   *
   * @example
   * ```ts
   * await redis.hdel("user:1", "name", "age"); // 1
   * ```
   */
  hdel(key: RedisKey, ...fields: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("hdel fields", fields);
    return this.call(["HDEL", key, ...fields]);
  }

  /**
   * Whether `field` exists in the hash at `key`.
   *
   * @example
   * ```ts
   * await redis.hexists("user:1", "name"); // true
   * ```
   */
  hexists(key: RedisKey, field: RedisArg): Reply<M, boolean, this> {
    return this.call(["HEXISTS", key, field], toBoolean);
  }

  /**
   * Add the integer `increment` to `field`; returns the new value.
   *
   * @example
   * ```ts
   * await redis.hincrby("user:1", "visits", 1); // 1
   * ```
   */
  hincrby(key: RedisKey, field: RedisArg, increment: number): Reply<M, number, this> {
    assertInteger("hincrby increment", increment);
    return this.call(["HINCRBY", key, field, increment]);
  }

  /**
   * Add the number `increment` to `field`; returns the new value.
   *
   * @example
   * ```ts
   * await redis.hincrbyfloat("prices", "tea", 0.5); // 2.5
   * ```
   */
  hincrbyfloat(key: RedisKey, field: RedisArg, increment: number): Reply<M, number, this> {
    assertScore("hincrbyfloat increment", increment);
    return this.call(["HINCRBYFLOAT", key, field, increment], toNumber);
  }

  /**
   * Every field name of the hash at `key`.
   *
   * @example
   * ```ts
   * await redis.hkeys("user:1"); // ["name", "born"]
   * ```
   */
  hkeys(key: RedisKey): Reply<M, S[], this> {
    return this.call(["HKEYS", key]);
  }

  /**
   * How many fields the hash at `key` has.
   *
   * @example
   * ```ts
   * await redis.hlen("user:1"); // 2
   * ```
   */
  hlen(key: RedisKey): Reply<M, number, this> {
    return this.call(["HLEN", key]);
  }

  /**
   * The values of `fields`, `null` for each missing one.
   *
   * @example
   * ```ts
   * await redis.hmget("user:1", "name", "nope"); // ["Ada", null]
   * ```
   */
  hmget(key: RedisKey, ...fields: RedisArg[]): Reply<M, (S | null)[], this> {
    assertNotEmpty("hmget fields", fields);
    return this.call(["HMGET", key, ...fields]);
  }

  /**
   * Set fields of a hash.
   *
   * @deprecated Use `hset` instead (it takes several fields too).
   * @example
   * ```ts
   * await redis.hmset("user:1", { name: "Ada" }); // "OK"
   * ```
   */
  hmset(
    key: RedisKey,
    fields: Record<string, RedisArg> | [RedisKey, RedisArg][],
  ): Reply<M, "OK", this> {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    assertNotEmpty("hmset fields", pairs);
    const args: RedisArg[] = ["HMSET", key];
    for (const [field, value] of pairs) args.push(field, value);
    return this.call(args);
  }

  /**
   * A random field (`null` when the hash is missing); with `count`, up to
   * that many distinct fields (a negative count allows repeats), and with
   * `withvalues`, `{ field, value }` pairs.
   *
   * @example
   * ```ts
   * await redis.hrandfield("user:1"); // "name"
   * await redis.hrandfield("user:1", 2, { withvalues: true }); // [{ field: "name", value: "Ada" }, …]
   * ```
   */
  hrandfield(key: RedisKey): Reply<M, S | null, this>;
  /** Up to `count` random fields, with their values. */
  hrandfield(
    key: RedisKey,
    count: number,
    options: { withvalues: true },
  ): Reply<M, { field: S; value: S }[], this>;
  /** Up to `count` random fields. */
  hrandfield(key: RedisKey, count: number): Reply<M, S[], this>;
  hrandfield(
    key: RedisKey,
    count?: number,
    options?: { withvalues?: boolean },
  ): Reply<M, S | null | S[] | { field: S; value: S }[], this> {
    if (count === undefined) return this.call(["HRANDFIELD", key]);
    assertInteger("hrandfield count", count);
    if (!options?.withvalues) return this.call(["HRANDFIELD", key, count]);
    return this.call(["HRANDFIELD", key, count, "WITHVALUES"], toFieldValues);
  }

  /**
   * Set `field` only when it does not exist; returns whether it was set.
   *
   * @example
   * ```ts
   * await redis.hsetnx("user:1", "name", "Ada"); // false: it exists
   * ```
   */
  hsetnx(key: RedisKey, field: RedisArg, value: RedisArg): Reply<M, boolean, this> {
    return this.call(["HSETNX", key, field, value], toBoolean);
  }

  /**
   * The length in bytes of `field`'s value (0 when missing).
   *
   * @example
   * ```ts
   * await redis.hstrlen("user:1", "name"); // 3
   * ```
   */
  hstrlen(key: RedisKey, field: RedisArg): Reply<M, number, this> {
    return this.call(["HSTRLEN", key, field]);
  }

  /**
   * Every value of the hash at `key`.
   *
   * @example
   * ```ts
   * await redis.hvals("user:1"); // ["Ada", "1815"]
   * ```
   */
  hvals(key: RedisKey): Reply<M, S[], this> {
    return this.call(["HVALS", key]);
  }
}
