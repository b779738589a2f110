/**
 * String commands: GET, SET, INCR, INCRBY, MGET, MSET, APPEND, DECR, GETEX, GETRANGE, LCS,
 * SETRANGE, STRLEN, ….
 *
 * @module
 */
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  CommandBase,
  type Mode,
  type RedisKey,
  type Reply,
  type Text,
  type Transform,
} from "./command_base.ts";
import {
  type Integer,
  toCount,
  toInteger,
  toOk,
  toOkOrNull,
  toText,
  toTextOrNull,
  toTextsOrNull,
} from "./replies.ts";
import { arrayOf, toBoolean, toNumber, toRecord } from "./transforms.ts";
import {
  assertExclusive,
  assertFinite,
  assertInteger,
  assertInteger64,
  assertNeeds,
  assertNotEmpty,
  assertOptions,
  optionKeys,
  pairsArg,
} from "./validate.ts";

/**
 * The expiry of `SET`, one of: `ex` seconds, `px` milliseconds, `exat` / `pxat`
 * a Unix time in seconds / milliseconds, or `keepttl` to keep the current one.
 *
 * @example
 * ```ts
 * const expiry: SetExpiry = { px: 1500 };
 * await redis.set("k", "v", expiry);
 * ```
 */
export type SetExpiry =
  | { ex: number; px?: never; exat?: never; pxat?: never; keepttl?: never }
  | { px: number; ex?: never; exat?: never; pxat?: never; keepttl?: never }
  | { exat: number; ex?: never; px?: never; pxat?: never; keepttl?: never }
  | { pxat: number; ex?: never; px?: never; exat?: never; keepttl?: never }
  | { keepttl: true; ex?: never; px?: never; exat?: never; pxat?: never }
  | { ex?: never; px?: never; exat?: never; pxat?: never; keepttl?: never };

/**
 * The condition of `SET`: only when the key does not exist (`nx`) or only when it does (`xx`).
 *
 * @example
 * ```ts
 * const condition: SetCondition = { nx: true };
 * await redis.set("lock", "me", { ...condition, ex: 10 }); // "OK" or null
 * ```
 */
export type SetCondition =
  | { nx: true; xx?: never }
  | { xx: true; nx?: never }
  | { nx?: false; xx?: false };

/**
 * Options of `SET`: an expiry, a condition, and `get` to return the old value.
 *
 * @example
 * ```ts
 * const options: SetOptions = { ex: 60, xx: true, get: true };
 * await redis.set("k", "v", options); // the old value
 * ```
 */
export type SetOptions = SetExpiry & SetCondition & {
  /** Return the value the key held before (or `null`) instead of `"OK"`. */
  get?: boolean;
};

const SET_KEYS = optionKeys<SetOptions>({
  ex: true,
  px: true,
  exat: true,
  pxat: true,
  keepttl: true,
  nx: true,
  xx: true,
  get: true,
});

/**
 * The expiry `GETEX` sets: one of `ex`, `px`, `exat`, `pxat`, or `persist` to remove it.
 *
 * @example
 * ```ts
 * const options: GetExOptions = { persist: true };
 * await redis.getex("session", options);
 * ```
 */
export type GetExOptions =
  | { ex: number; px?: never; exat?: never; pxat?: never; persist?: never }
  | { px: number; ex?: never; exat?: never; pxat?: never; persist?: never }
  | { exat: number; ex?: never; px?: never; pxat?: never; persist?: never }
  | { pxat: number; ex?: never; px?: never; exat?: never; persist?: never }
  | { persist: true; ex?: never; px?: never; exat?: never; pxat?: never }
  | { ex?: never; px?: never; exat?: never; pxat?: never; persist?: never };

const GETEX_KEYS = optionKeys<GetExOptions>({
  ex: true,
  px: true,
  exat: true,
  pxat: true,
  persist: true,
});

/**
 * Every option of `LCS` (the overloads of `lcs` say which combinations go together).
 *
 * @example
 * ```ts
 * const options: LcsOptions = { len: true };
 * await redis.lcs("a", "b", options);
 * ```
 */
export type LcsOptions = {
  len?: boolean;
  idx?: boolean;
  minmatchlen?: number;
  withmatchlen?: boolean;
};

const LCS_KEYS = optionKeys<LcsOptions>({
  len: true,
  idx: true,
  minmatchlen: true,
  withmatchlen: true,
});

/**
 * Options of `LCS` with `idx`: the matching ranges instead of the subsequence.
 *
 * @example
 * ```ts
 * const options: LcsIdxOptions = { idx: true, minmatchlen: 4 };
 * await redis.lcs("a", "b", options); // { matches, len }
 * ```
 */
export interface LcsIdxOptions {
  /** Return the ranges of the matches and the length. */
  idx: true;
  /** Only matches at least this long. */
  minmatchlen?: number;
  /** Give each match its length. */
  withmatchlen?: boolean;
  /** Not with `idx`: `len` is in the reply already. */
  len?: never;
}

/**
 * A range of bytes of one string, both ends included.
 *
 * @example
 * ```ts
 * const range: LcsRange = { start: 4, end: 7 }; // bytes 4 to 7
 * ```
 */
export interface LcsRange {
  /** The first byte's index. */
  start: number;
  /** The last byte's index. */
  end: number;
}

/**
 * One match of `LCS … IDX`: where it is in each string.
 *
 * @example
 * ```ts
 * const { matches } = await redis.lcs("a", "b", { idx: true });
 * matches[0]; // { key1: { start: 4, end: 7 }, key2: { start: 5, end: 8 } }
 * ```
 */
export interface LcsMatch {
  /** Its range in the string at the first key. */
  key1: LcsRange;
  /** Its range in the string at the second key. */
  key2: LcsRange;
}

/**
 * A match of `LCS … IDX WITHMATCHLEN`, with its length.
 *
 * @example
 * ```ts
 * const { matches } = await redis.lcs("a", "b", { idx: true, withmatchlen: true });
 * matches[0].length; // 4
 * ```
 */
export interface LcsMatchWithLength extends LcsMatch {
  /** The match's length in bytes. */
  length: number;
}

/**
 * The reply of `LCS … IDX`: the matches (last ones first, as the server lists them) and the length.
 *
 * @example
 * ```ts
 * const found: LcsIdx = await redis.lcs("a", "b", { idx: true });
 * found.len; // 6
 * ```
 */
export interface LcsIdx<T extends LcsMatch = LcsMatch> {
  /** The matches, from the end of the strings to their start. */
  matches: T[];
  /** The length of the longest common subsequence. */
  len: number;
}

const EXPIRY_TOKENS = ["ex", "px", "exat", "pxat", "keepttl"] as const;
const EXPIRY_WORDS = ["EX", "PX", "EXAT", "PXAT", "KEEPTTL"] as const;
const EXPIRY_NAMES = EXPIRY_TOKENS.map((token) => `set ${token}`);
const CONDITION_TOKENS = ["nx", "xx"] as const;

/** Map `SET` options to their tokens, checking what the types cannot. */
function setOptionArgs(options: SetOptions, args: RedisArg[]): void {
  assertOptions("set", options, SET_KEYS);
  assertExclusive("set", options, EXPIRY_TOKENS);
  assertExclusive("set", options, CONDITION_TOKENS);
  for (let i = 0; i < EXPIRY_TOKENS.length; i++) {
    const token = EXPIRY_TOKENS[i];
    const value: unknown = options[token];
    if (value === undefined || value === false) continue;
    if (token === "keepttl") args.push("KEEPTTL");
    else {
      assertInteger(EXPIRY_NAMES[i], value, 1);
      args.push(EXPIRY_WORDS[i], value);
    }
  }
  if (options.nx) args.push("NX");
  if (options.xx) args.push("XX");
  if (options.get) args.push("GET");
}

/** A range `[start, end]` of an LCS match. */
function toLcsRange(value: RespValue): LcsRange {
  const [start, end] = arrayOf(value);
  return { start: toCount(start), end: toCount(end) };
}

/** A match of `LCS … IDX`: `[[start1, end1], [start2, end2]]`. */
function toLcsMatch(value: RespValue): LcsMatch {
  const [key1, key2] = arrayOf(value);
  return { key1: toLcsRange(key1), key2: toLcsRange(key2) };
}

/** A match of `LCS … IDX WITHMATCHLEN`: `[[start1, end1], [start2, end2], length]`. */
function toLcsMatchWithLength(value: RespValue): LcsMatchWithLength {
  const [key1, key2, length] = arrayOf(value);
  return { key1: toLcsRange(key1), key2: toLcsRange(key2), length: toCount(length) };
}

/**
 * `LCS … IDX`: RESP2 `["matches", [...], "len", n]` or a RESP3 map → `{ matches, len }`.
 */
function lcsIdx<T extends LcsMatch>(toMatch: (value: RespValue) => T): Transform<LcsIdx<T>> {
  return (reply) => {
    const record = toRecord(reply);
    return { matches: arrayOf(record.matches).map(toMatch), len: toCount(record.len) };
  };
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
export abstract class StringCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * The value of `key`, or `null` when it does not exist.
   *
   * @example
   * ```ts
   * await redis.get("user:1:name"); // "Ada"
   * ```
   */
  get(key: RedisKey): Reply<M, S | null, this> {
    return this.call(["GET", key], toTextOrNull<S>);
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
  /** Set `key` to `value`, with no condition: `"OK"`. */
  set(
    key: RedisKey,
    value: RedisArg,
    options?: SetExpiry & { nx?: false; xx?: false; get?: false },
  ): Reply<M, "OK", this>;
  /** Set `key` to `value`: `"OK"`, or `null` when an `nx`/`xx` condition did not hold. */
  set(key: RedisKey, value: RedisArg, options?: SetOptions): Reply<M, "OK" | null, this>;
  set(key: RedisKey, value: RedisArg, options?: SetOptions): Reply<M, S | "OK" | null, this> {
    const args: RedisArg[] = ["SET", key, value];
    if (options !== undefined) setOptionArgs(options, args);
    return options?.get ? this.call(args, toTextOrNull<S>) : this.call(args, toOkOrNull);
  }

  /**
   * Add 1 to the integer at `key` (0 when missing); returns the new value,
   * an {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.incr("visits"); // 1
   * ```
   */
  incr(key: RedisKey): Reply<M, Integer, this> {
    return this.call(["INCR", key], toInteger);
  }

  /**
   * Add `increment` (a `number` or a `bigint`) to the integer at `key`;
   * returns the new value, an {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.incrby("visits", 10); // 11
   * await redis.incrby("big", 2n ** 60n); // 1152921504606846976n
   * ```
   */
  incrby(key: RedisKey, increment: number | bigint): Reply<M, Integer, this> {
    assertInteger64("incrby increment", increment);
    return this.call(["INCRBY", key, increment], toInteger);
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
    return this.call(["MGET", ...keys], toTextsOrNull<S>);
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
    const pairs = pairsArg("mset entries", entries);
    assertNotEmpty("mset entries", pairs);
    const args: RedisArg[] = ["MSET"];
    for (const [key, value] of pairs) args.push(key, value);
    return this.call(args, toOk);
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
    return this.call(["APPEND", key, value], toCount);
  }

  /**
   * Subtract 1 from the integer at `key`; returns the new value, an
   * {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.decr("stock"); // 9
   * ```
   */
  decr(key: RedisKey): Reply<M, Integer, this> {
    return this.call(["DECR", key], toInteger);
  }

  /**
   * Subtract `decrement` (a `number` or a `bigint`) from the integer at
   * `key`; returns the new value, an {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.decrby("stock", 5); // 4
   * ```
   */
  decrby(key: RedisKey, decrement: number | bigint): Reply<M, Integer, this> {
    assertInteger64("decrby decrement", decrement);
    return this.call(["DECRBY", key, decrement], toInteger);
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
    assertFinite("incrbyfloat increment", increment);
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
    return this.call(["GETDEL", key], toTextOrNull<S>);
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
    assertOptions("getex", options, GETEX_KEYS);
    assertExclusive("getex", options, ["ex", "px", "exat", "pxat", "persist"]);
    const args: RedisArg[] = ["GETEX", key];
    for (const token of ["ex", "px", "exat", "pxat"] as const) {
      const value = options[token];
      if (value === undefined) continue;
      assertInteger(`getex ${token}`, value, 1);
      args.push(token.toUpperCase(), value);
    }
    if (options.persist) args.push("PERSIST");
    return this.call(args, toTextOrNull<S>);
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
    return this.call(["GETRANGE", key, start, end], toText<S>);
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
    return this.call(["SUBSTR", key, start, end], toText<S>);
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
    return this.call(["GETSET", key, value], toTextOrNull<S>);
  }

  /**
   * The longest common subsequence of the strings at `key1` and `key2`; with
   * `len`, its length only; with `idx`, where the matches are: `{ matches,
   * len }`, each match `{ key1: { start, end }, key2: { start, end } }`
   * (and its `length` with `withmatchlen`), matches shorter than
   * `minmatchlen` left out. The same shape on RESP2 and RESP3.
   *
   * @example
   * ```ts
   * await redis.lcs("a", "b"); // "mytext"
   * await redis.lcs("a", "b", { len: true }); // 6
   * await redis.lcs("a", "b", { idx: true, minmatchlen: 4, withmatchlen: true });
   * // { matches: [{ key1: { start: 4, end: 7 }, key2: { start: 5, end: 8 }, length: 4 }], len: 6 }
   * ```
   */
  lcs(key1: RedisKey, key2: RedisKey, options: { len: true; idx?: never }): Reply<M, number, this>;
  /** The matches of the longest common subsequence, each with its length. */
  lcs(
    key1: RedisKey,
    key2: RedisKey,
    options: LcsIdxOptions & { withmatchlen: true },
  ): Reply<M, LcsIdx<LcsMatchWithLength>, this>;
  /** The matches of the longest common subsequence and its length. */
  lcs(key1: RedisKey, key2: RedisKey, options: LcsIdxOptions): Reply<M, LcsIdx, this>;
  /** The longest common subsequence of two strings. */
  lcs(key1: RedisKey, key2: RedisKey, options?: { len?: false; idx?: false }): Reply<M, S, this>;
  lcs(
    key1: RedisKey,
    key2: RedisKey,
    options: LcsOptions = {},
  ): Reply<M, S | number | LcsIdx<LcsMatch | LcsMatchWithLength>, this> {
    assertOptions("lcs", options, LCS_KEYS);
    assertExclusive("lcs", options, ["len", "idx"]);
    assertNeeds("lcs", options, "minmatchlen", "idx");
    assertNeeds("lcs", options, "withmatchlen", "idx");
    if (options.len) return this.call(["LCS", key1, key2, "LEN"], toCount);
    if (!options.idx) return this.call(["LCS", key1, key2], toText<S>);
    const args: RedisArg[] = ["LCS", key1, key2, "IDX"];
    if (options.minmatchlen !== undefined) {
      assertInteger("lcs minmatchlen", options.minmatchlen, 0);
      args.push("MINMATCHLEN", options.minmatchlen);
    }
    if (!options.withmatchlen) return this.call(args, lcsIdx(toLcsMatch));
    args.push("WITHMATCHLEN");
    return this.call(args, lcsIdx(toLcsMatchWithLength));
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
    const pairs = pairsArg("msetnx entries", entries);
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
    return this.call(["SETEX", key, seconds, value], toOk);
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
    return this.call(["PSETEX", key, milliseconds, value], toOk);
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
    return this.call(["SETRANGE", key, offset, value], toCount);
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
    return this.call(["STRLEN", key], toCount);
  }
}
