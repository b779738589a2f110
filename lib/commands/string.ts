/**
 * String commands: GET, SET, INCR, INCRBY, MGET, MSET.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { GenericCommands } from "./generic.ts";
import { assertExclusive, assertInteger, assertNotEmpty } from "./validate.ts";

/**
 * The expiry of `SET`, one of: `ex` seconds, `px` milliseconds, `exat` / `pxat`
 * a Unix time in seconds / milliseconds, or `keepttl` to keep the current one.
 */
export type SetExpiry =
  | { ex: number; px?: never; exat?: never; pxat?: never; keepttl?: never }
  | { px: number; ex?: never; exat?: never; pxat?: never; keepttl?: never }
  | { exat: number; ex?: never; px?: never; pxat?: never; keepttl?: never }
  | { pxat: number; ex?: never; px?: never; exat?: never; keepttl?: never }
  | { keepttl: true; ex?: never; px?: never; exat?: never; pxat?: never }
  | { ex?: never; px?: never; exat?: never; pxat?: never; keepttl?: never };

/** The condition of `SET`: only when the key does not exist (`nx`) or only when it does (`xx`). */
export type SetCondition =
  | { nx: true; xx?: never }
  | { xx: true; nx?: never }
  | { nx?: false; xx?: false };

/** Options of `SET`: an expiry, a condition, and `get` to return the old value. */
export type SetOptions = SetExpiry & SetCondition & {
  /** Return the value the key held before (or `null`) instead of `"OK"`. */
  get?: boolean;
};

const EXPIRY_TOKENS = ["ex", "px", "exat", "pxat", "keepttl"] as const;

/** Map `SET` options to their tokens, checking what the types cannot. */
function setOptionArgs(options: SetOptions, args: RedisArg[]): void {
  assertExclusive("set", options, EXPIRY_TOKENS);
  assertExclusive("set", options, ["nx", "xx"]);
  for (const token of EXPIRY_TOKENS) {
    const value = options[token];
    if (value === undefined || (value as unknown) === false) continue;
    if (token === "keepttl") args.push("KEEPTTL");
    else {
      assertInteger(`set ${token}`, value, 1);
      args.push(token.toUpperCase(), value);
    }
  }
  if (options.nx) args.push("NX");
  if (options.xx) args.push("XX");
  if (options.get) args.push("GET");
}

/**
 * Commands on string values.
 *
 * @example
 * ```ts
 * await redis.set("greeting", "hello", { ex: 60 });
 * await redis.get("greeting"); // "hello"
 * ```
 */
export abstract class StringCommands<M extends Mode, S extends Text> extends GenericCommands<M, S> {
  /**
   * The value of `key`, or `null` when it does not exist.
   *
   * @example
   * ```ts
   * await redis.get("user:1:name"); // "Ada"
   * ```
   */
  get(key: RedisKey): Reply<M, S | null, this> {
    return this.call(["GET", key]);
  }

  /**
   * Set `key` to `value`. Returns `"OK"`, or `null` when an `nx`/`xx`
   * condition did not hold; with `get: true`, the old value instead.
   *
   * @example
   * ```ts
   * await redis.set("k", "v", { ex: 60, nx: true }); // "OK" or null
   * await redis.set("k", "w", { get: true }); // "v"
   * ```
   */
  set(
    key: RedisKey,
    value: RedisArg,
    options: SetOptions & { get: true },
  ): Reply<M, S | null, this>;
  /** Set `key` to `value`: `"OK"`, or `null` when an `nx`/`xx` condition did not hold. */
  set(key: RedisKey, value: RedisArg, options?: SetOptions): Reply<M, "OK" | null, this>;
  set(key: RedisKey, value: RedisArg, options?: SetOptions): Reply<M, S | "OK" | null, this> {
    const args: RedisArg[] = ["SET", key, value];
    if (options !== undefined) setOptionArgs(options, args);
    return this.call(args);
  }

  /**
   * Add 1 to the integer at `key` (0 when missing); returns the new value.
   *
   * @example
   * ```ts
   * await redis.incr("visits"); // 1
   * ```
   */
  incr(key: RedisKey): Reply<M, number, this> {
    return this.call(["INCR", key]);
  }

  /**
   * Add `increment` to the integer at `key`; returns the new value. Values
   * beyond ±2^53 come back as `bigint`, exactly.
   *
   * @example
   * ```ts
   * await redis.incrby("visits", 10); // 11
   * ```
   */
  incrby(key: RedisKey, increment: number | bigint): Reply<M, number, this> {
    if (typeof increment === "number") assertInteger("incrby increment", increment);
    return this.call(["INCRBY", key, increment]);
  }

  /**
   * The values of `keys`, `null` for each that does not exist.
   *
   * @example
   * ```ts
   * await redis.mget("a", "missing"); // ["1", null]
   * ```
   */
  mget(...keys: RedisKey[]): Reply<M, (S | null)[], this> {
    assertNotEmpty("mget keys", keys);
    return this.call(["MGET", ...keys]);
  }

  /**
   * Set several keys at once, from an object or from `[key, value]` pairs.
   *
   * @example
   * ```ts
   * await redis.mset({ a: "1", b: "2" }); // "OK"
   * await redis.mset([["a", "1"], ["b", "2"]]); // "OK"
   * ```
   */
  mset(entries: Record<string, RedisArg> | [RedisKey, RedisArg][]): Reply<M, "OK", this> {
    const pairs = Array.isArray(entries) ? entries : Object.entries(entries);
    assertNotEmpty("mset entries", pairs);
    const args: RedisArg[] = ["MSET"];
    for (const [key, value] of pairs) args.push(key, value);
    return this.call(args);
  }
}
