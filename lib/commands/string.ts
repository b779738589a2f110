/**
 * String commands: GET, SET, INCR, INCRBY, MGET, MSET, APPEND, DECR, GETEX, GETRANGE, LCS,
 * SETRANGE, STRLEN, ….
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { GenericCommands } from "./generic.ts";
import { toBoolean, toNumber } from "./transforms.ts";
import { assertExclusive, assertInteger, assertNotEmpty, assertScore } from "./validate.ts";

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

/** The expiry `GETEX` sets: one of `ex`, `px`, `exat`, `pxat`, or `persist` to remove it. */
export type GetExOptions =
  | { ex: number; px?: never; exat?: never; pxat?: never; persist?: never }
  | { px: number; ex?: never; exat?: never; pxat?: never; persist?: never }
  | { exat: number; ex?: never; px?: never; pxat?: never; persist?: never }
  | { pxat: number; ex?: never; px?: never; exat?: never; persist?: never }
  | { persist: true; ex?: never; px?: never; exat?: never; pxat?: never }
  | { ex?: never; px?: never; exat?: never; pxat?: never; persist?: never };

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

  /**
   * Append `value` to the string at `key`; returns the new length.
   *
   * @example
   * ```ts
   * await redis.append("log", "line\n"); // 5
   * ```
   */
  append(key: RedisKey, value: RedisArg): Reply<M, number, this> {
    return this.call(["APPEND", key, value]);
  }

  /**
   * Subtract 1 from the integer at `key`; returns the new value.
   *
   * @example
   * ```ts
   * await redis.decr("stock"); // 9
   * ```
   */
  decr(key: RedisKey): Reply<M, number, this> {
    return this.call(["DECR", key]);
  }

  /**
   * Subtract `decrement` from the integer at `key`; returns the new value.
   *
   * @example
   * ```ts
   * await redis.decrby("stock", 5); // 4
   * ```
   */
  decrby(key: RedisKey, decrement: number | bigint): Reply<M, number, this> {
    if (typeof decrement === "number") assertInteger("decrby decrement", decrement);
    return this.call(["DECRBY", key, decrement]);
  }

  /**
   * Add the number `increment` to the value at `key`; returns the new value.
   *
   * @example
   * ```ts
   * await redis.incrbyfloat("price", 0.1); // 10.6
   * ```
   */
  incrbyfloat(key: RedisKey, increment: number): Reply<M, number, this> {
    assertScore("incrbyfloat increment", increment);
    return this.call(["INCRBYFLOAT", key, increment], toNumber);
  }

  /**
   * The value of `key`, deleting the key.
   *
   * @example
   * ```ts
   * await redis.getdel("token"); // "abc", and "token" is gone
   * ```
   */
  getdel(key: RedisKey): Reply<M, S | null, this> {
    return this.call(["GETDEL", key]);
  }

  /**
   * The value of `key`, setting (`ex`, `px`, `exat`, `pxat`) or removing
   * (`persist`) its expiry.
   *
   * @example
   * ```ts
   * await redis.getex("session", { ex: 60 }); // the value; the TTL is now 60 s
   * ```
   */
  getex(key: RedisKey, options: GetExOptions = {}): Reply<M, S | null, this> {
    assertExclusive("getex", options, ["ex", "px", "exat", "pxat", "persist"]);
    const args: RedisArg[] = ["GETEX", key];
    for (const token of ["ex", "px", "exat", "pxat"] as const) {
      const value = options[token];
      if (value === undefined) continue;
      assertInteger(`getex ${token}`, value, 1);
      args.push(token.toUpperCase(), value);
    }
    if (options.persist) args.push("PERSIST");
    return this.call(args);
  }

  /**
   * The substring from byte `start` to byte `end`, both included (negative
   * from the end).
   *
   * @example
   * ```ts
   * await redis.getrange("greeting", 0, 4); // "hello"
   * ```
   */
  getrange(key: RedisKey, start: number, end: number): Reply<M, S, this> {
    assertInteger("getrange start", start);
    assertInteger("getrange end", end);
    return this.call(["GETRANGE", key, start, end]);
  }

  /**
   * The substring from byte `start` to byte `end`.
   *
   * @deprecated Use `getrange` instead.
   * @example
   * ```ts
   * await redis.substr("greeting", 0, 4); // "hello"
   * ```
   */
  substr(key: RedisKey, start: number, end: number): Reply<M, S, this> {
    assertInteger("substr start", start);
    assertInteger("substr end", end);
    return this.call(["SUBSTR", key, start, end]);
  }

  /**
   * Set `key` to `value` and return the old value.
   *
   * @deprecated Use `set(key, value, { get: true })` instead.
   * @example
   * ```ts
   * await redis.getset("k", "new"); // "old"
   * ```
   */
  getset(key: RedisKey, value: RedisArg): Reply<M, S | null, this> {
    return this.call(["GETSET", key, value]);
  }

  /**
   * The longest common subsequence of the strings at `key1` and `key2`; with
   * `len`, its length only.
   *
   * @example
   * ```ts
   * await redis.lcs("a", "b"); // "mytext"
   * await redis.lcs("a", "b", { len: true }); // 6
   * ```
   */
  lcs(key1: RedisKey, key2: RedisKey, options: { len: true }): Reply<M, number, this>;
  /** The longest common subsequence of two strings. */
  lcs(key1: RedisKey, key2: RedisKey): Reply<M, S, this>;
  lcs(key1: RedisKey, key2: RedisKey, options?: { len?: boolean }): Reply<M, S | number, this> {
    return this.call(options?.len ? ["LCS", key1, key2, "LEN"] : ["LCS", key1, key2]);
  }

  /**
   * Set several keys only when none of them exists; returns whether it did.
   *
   * @example
   * ```ts
   * await redis.msetnx({ a: "1", b: "2" }); // true
   * ```
   */
  msetnx(entries: Record<string, RedisArg> | [RedisKey, RedisArg][]): Reply<M, boolean, this> {
    const pairs = Array.isArray(entries) ? entries : Object.entries(entries);
    assertNotEmpty("msetnx entries", pairs);
    const args: RedisArg[] = ["MSETNX"];
    for (const [key, value] of pairs) args.push(key, value);
    return this.call(args, toBoolean);
  }

  /**
   * Set `key` with a TTL in seconds.
   *
   * @deprecated Use `set(key, value, { ex: seconds })` instead.
   * @example
   * ```ts
   * await redis.setex("k", 60, "v"); // "OK"
   * ```
   */
  setex(key: RedisKey, seconds: number, value: RedisArg): Reply<M, "OK", this> {
    assertInteger("setex seconds", seconds, 1);
    return this.call(["SETEX", key, seconds, value]);
  }

  /**
   * Set `key` with a TTL in milliseconds.
   *
   * @deprecated Use `set(key, value, { px: milliseconds })` instead.
   * @example
   * ```ts
   * await redis.psetex("k", 1500, "v"); // "OK"
   * ```
   */
  psetex(key: RedisKey, milliseconds: number, value: RedisArg): Reply<M, "OK", this> {
    assertInteger("psetex milliseconds", milliseconds, 1);
    return this.call(["PSETEX", key, milliseconds, value]);
  }

  /**
   * Set `key` only when it does not exist; returns whether it was set.
   *
   * @deprecated Use `set(key, value, { nx: true })` instead.
   * @example
   * ```ts
   * await redis.setnx("k", "v"); // true
   * ```
   */
  setnx(key: RedisKey, value: RedisArg): Reply<M, boolean, this> {
    return this.call(["SETNX", key, value], toBoolean);
  }

  /**
   * Overwrite part of the string at `key` from byte `offset`; returns the new length.
   *
   * @example
   * ```ts
   * await redis.setrange("greeting", 6, "Redis"); // 11
   * ```
   */
  setrange(key: RedisKey, offset: number, value: RedisArg): Reply<M, number, this> {
    assertInteger("setrange offset", offset, 0);
    return this.call(["SETRANGE", key, offset, value]);
  }

  /**
   * The length in bytes of the string at `key` (0 when missing).
   *
   * @example
   * ```ts
   * await redis.strlen("greeting"); // 11
   * ```
   */
  strlen(key: RedisKey): Reply<M, number, this> {
    return this.call(["STRLEN", key]);
  }
}
