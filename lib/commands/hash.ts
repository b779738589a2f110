/**
 * Hash commands: HSET, HGET, HGETALL, HDEL, HEXISTS, HINCRBY, HKEYS, HLEN, HMGET, HRANDFIELD, ….
 *
 * @module
 */
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import type { ScanCursor, ScanPageOptions } from "./generic.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  type Integer,
  toCount,
  toInteger,
  toOk,
  toText,
  toTextOrNull,
  toTexts,
  toTextsOrNull,
  unexpectedReply,
} from "./replies.ts";
import { arrayOf, toBoolean, toNumber, toScanReply, toTextRecord } from "./transforms.ts";
import {
  assertFinite,
  assertInteger,
  assertInteger64,
  assertNotEmpty,
  assertOptions,
  optionKeys,
  pairsArg,
  scanArgs,
} from "./validate.ts";

const HRANDFIELD_KEYS = optionKeys<{ withvalues?: boolean }>({ withvalues: true });

/**
 * A field of a hash with its value (`HRANDFIELD … WITHVALUES`, `hscanPage`).
 *
 * @example
 * ```ts
 * const [pair]: FieldValue<string>[] = await redis.hrandfield("user:1", 1, { withvalues: true });
 * pair; // { field: "name", value: "Ada" }
 * ```
 */
export interface FieldValue<S> {
  /** The field name. */
  field: S;
  /** Its value. */
  value: S;
}

/**
 * One page of `HSCAN`: the cursor of the next page (`"0"`: the last page) and its fields.
 *
 * @example
 * ```ts
 * const page: HashScanPage<string> = await redis.hscanPage("user:1", "0");
 * page.entries; // [{ field: "name", value: "Ada" }]
 * ```
 */
export interface HashScanPage<S> {
  /** Pass it to the next call; `"0"` when the scan is complete. */
  cursor: string;
  /** The fields of this page with their values. */
  entries: FieldValue<S>[];
}

/**
 * One page of `HSCAN … NOVALUES`: the cursor of the next page and its field names.
 *
 * @example
 * ```ts
 * const page: HashFieldsScanPage<string> = await redis.hscanPage("user:1", "0", { novalues: true });
 * page.fields; // ["name"]
 * ```
 */
export interface HashFieldsScanPage<S> {
  /** Pass it to the next call; `"0"` when the scan is complete. */
  cursor: string;
  /** The field names of this page. */
  fields: S[];
}

/**
 * Options of `hscanPage`: `novalues` (Redis 7.4+) for field names only.
 *
 * @example
 * ```ts
 * const options: HashScanPageOptions = { match: "a*", novalues: true };
 * await redis.hscanPage("user:1", "0", options);
 * ```
 */
export interface HashScanPageOptions extends ScanPageOptions {
  /** Field names only. */
  novalues?: boolean;
}

/** A flat `[f1, v1, f2, v2]` → `{ field, value }[]`. */
function toFlatFieldValues<S extends Text>(items: RespValue[]): FieldValue<S>[] {
  if (items.length % 2 !== 0) throw unexpectedReply("fields with values", items);
  const pairs: FieldValue<S>[] = [];
  for (let i = 0; i < items.length; i += 2) {
    pairs.push({ field: toText<S>(items[i]), value: toText<S>(items[i + 1]) });
  }
  return pairs;
}

/** HRANDFIELD … WITHVALUES: RESP2 `[f1, v1, f2, v2]` or RESP3 `[[f1, v1], …]` → `{ field, value }[]`. */
function toFieldValues<S extends Text>(reply: RespValue): FieldValue<S>[] {
  const items = arrayOf(reply);
  if (items.length === 0 || !Array.isArray(items[0])) return toFlatFieldValues<S>(items);
  return items.map((item) => {
    const [field, value] = arrayOf(item);
    return { field: toText<S>(field), value: toText<S>(value) };
  });
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
export abstract class HashCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
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
    const pairs = pairsArg("hset fields", fields);
    assertNotEmpty("hset fields", pairs);
    const args: RedisArg[] = ["HSET", key];
    for (const [field, value] of pairs) args.push(field, value);
    return this.call(args, toCount);
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
    return this.call(["HGET", key, field], toTextOrNull<S>);
  }

  /**
   * Every field and value of the hash at `key` as a record (empty when the
   * key does not exist). Field names are always strings. The record has no
   * prototype, so that any field name — `__proto__`, `constructor` — is an
   * own property like any other (`{ ...record }` gives a plain object).
   *
   * @example
   * ```ts
   * await redis.hgetall("user:1"); // { name: "Ada", born: "1815" }
   * ```
   */
  hgetall(key: RedisKey): Reply<M, Record<string, S>, this> {
    return this.call(["HGETALL", key], toTextRecord<S>);
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
    return this.call(["HDEL", key, ...fields], toCount);
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
   * Add the integer `increment` (a `number` or a `bigint`) to `field`;
   * returns the new value, an {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.hincrby("user:1", "visits", 1); // 1
   * ```
   */
  hincrby(key: RedisKey, field: RedisArg, increment: number | bigint): Reply<M, Integer, this> {
    assertInteger64("hincrby increment", increment);
    return this.call(["HINCRBY", key, field, increment], toInteger);
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
    assertFinite("hincrbyfloat increment", increment);
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
    return this.call(["HKEYS", key], toTexts<S>);
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
    return this.call(["HLEN", key], toCount);
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
    return this.call(["HMGET", key, ...fields], toTextsOrNull<S>);
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
    const pairs = pairsArg("hmset fields", fields);
    assertNotEmpty("hmset fields", pairs);
    const args: RedisArg[] = ["HMSET", key];
    for (const [field, value] of pairs) args.push(field, value);
    return this.call(args, toOk);
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
  ): Reply<M, FieldValue<S>[], this>;
  /** Up to `count` random fields. */
  hrandfield(key: RedisKey, count: number): Reply<M, S[], this>;
  hrandfield(
    key: RedisKey,
    count?: number,
    options?: { withvalues?: boolean },
  ): Reply<M, S | null | S[] | FieldValue<S>[], this> {
    if (count === undefined) return this.call(["HRANDFIELD", key], toTextOrNull<S>);
    assertInteger("hrandfield count", count);
    if (options !== undefined) assertOptions("hrandfield", options, HRANDFIELD_KEYS);
    if (!options?.withvalues) return this.call(["HRANDFIELD", key, count], toTexts<S>);
    return this.call(["HRANDFIELD", key, count, "WITHVALUES"], toFieldValues<S>);
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
    return this.call(["HSTRLEN", key, field], toCount);
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
    return this.call(["HVALS", key], toTexts<S>);
  }

  /**
   * One page of `HSCAN` over the hash at `key`: pass `"0"` first, then each
   * reply's `cursor` until it is `"0"` again. Every field present for the
   * whole scan comes at least once (maybe more than once). `hscan()`
   * follows the cursor for you.
   *
   * @example
   * ```ts
   * const page = await redis.hscanPage("user:1", "0", { count: 100 });
   * page.entries; // [{ field: "name", value: "Ada" }, …]
   * page.cursor; // "0" when that was all
   * ```
   */
  hscanPage(
    key: RedisKey,
    cursor: ScanCursor,
    options?: HashScanPageOptions & { novalues?: false },
  ): Reply<M, HashScanPage<S>, this>;
  /** One page of `HSCAN … NOVALUES` (Redis 7.4+): the field names only. */
  hscanPage(
    key: RedisKey,
    cursor: ScanCursor,
    options: HashScanPageOptions & { novalues: true },
  ): Reply<M, HashFieldsScanPage<S>, this>;
  hscanPage(
    key: RedisKey,
    cursor: ScanCursor,
    options: HashScanPageOptions = {},
  ): Reply<M, HashScanPage<S> | HashFieldsScanPage<S>, this> {
    const args = scanArgs("HSCAN", key, cursor, options);
    if (options.novalues) {
      return this.call(args, (reply) => {
        const page = toScanReply(reply);
        return { cursor: page.cursor, fields: toTexts<S>(page.items) };
      });
    }
    return this.call(args, (reply) => {
      const page = toScanReply(reply);
      return { cursor: page.cursor, entries: toFlatFieldValues<S>(page.items) };
    });
  }
}
