/**
 * Sorted-set commands: ZADD, ZRANGE, ZSCORE, ZRANK, ZREM, ZCOUNT, ZPOPMIN, ZUNION, ZINTER,
 * ZDIFF, ZMPOP, the blocking BZPOPMIN, BZMPOP, … and the deprecated ZRANGEBYSCORE family.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import type { ScanCursor, ScanPageOptions } from "./generic.ts";
import { toCount, toCountOrNull, toText, toTextOrNull, toTexts } from "./replies.ts";
import {
  arrayOf,
  asString,
  type ScoredMember,
  toNumber,
  toNumberOrNull,
  toScanReply,
  toScoredMembers,
} from "./transforms.ts";
import {
  assertExclusive,
  assertInteger,
  assertNotEmpty,
  assertOneOf,
  assertOptions,
  assertScore,
  blockingSeconds,
  describeValue,
  optionKeys,
  scanArgs,
} from "./validate.ts";
import { nearestName } from "../errors/unknown_option.ts";

export type { ScoredMember } from "./transforms.ts";

/**
 * A member to add, with its score.
 *
 * @example
 * ```ts
 * const member: ZMember = { score: 10, member: "ada" };
 * await redis.zadd("board", member); // 1
 * ```
 */
export interface ZMember {
  /** The score; `Infinity` and `-Infinity` are allowed, NaN is not. */
  score: number;
  /** The member. */
  member: RedisArg;
}

/**
 * Options of `ZADD`: `nx` only adds, `xx` only updates; `gt`/`lt` only update
 * to a greater/lesser score (not with `nx`); `ch` counts changed members too.
 *
 * @example
 * ```ts
 * const options: ZAddOptions = { xx: true, gt: true, ch: true };
 * await redis.zadd("board", options, { score: 12, member: "ada" }); // 1
 * ```
 */
export type ZAddOptions =
  & (
    | { nx: true; xx?: never; gt?: never; lt?: never }
    | (
      & { nx?: false; xx?: boolean }
      & ({ gt: true; lt?: never } | { lt: true; gt?: never } | { gt?: false; lt?: false })
    )
  )
  & {
    /** Return the number of members added or changed, not only added. */
    ch?: boolean;
    /** Add the score to the member's (`ZINCRBY`-like); takes one member, returns the new score. */
    incr?: boolean;
  };

/**
 * Which range `ZRANGE` reads: by index (default), by score, or lexicographically.
 *
 * @example
 * ```ts
 * const options: ZRangeOptions = { by: "score", limit: { offset: 0, count: 10 } };
 * await redis.zrange("board", "(10", "+inf", options);
 * ```
 */
export interface ZRangeOptions {
  /** Interpret start and stop as scores (`"(1"` excludes, `"-inf"`) or lex bounds (`"[a"`, `"-"`). */
  by?: "score" | "lex";
  /** Reverse the order. */
  rev?: boolean;
  /** Skip `offset` elements and return at most `count` (with `by` only). */
  limit?: { offset: number; count: number };
}

/**
 * A popped member with its score and the key it came from.
 *
 * @example
 * ```ts
 * const popped: KeyedScoredMember<string> | null = await redis.bzpopmin(["tasks"], 5);
 * popped?.score; // 1
 * ```
 */
export interface KeyedScoredMember<S> {
  /** The key it was popped from. */
  key: string;
  /** The member. */
  member: S;
  /** Its score. */
  score: number;
}

/**
 * Popped members with their scores and the key they came from.
 *
 * @example
 * ```ts
 * const popped: KeyedScoredMembers<string> | null = await redis.zmpop(["a", "b"], "min");
 * popped?.members; // [{ member: "x", score: 1 }]
 * ```
 */
export interface KeyedScoredMembers<S> {
  /** The key they were popped from. */
  key: string;
  /** The members with their scores. */
  members: ScoredMember<S>[];
}

/**
 * Options of the deprecated ZRANGEBYSCORE and ZREVRANGEBYSCORE.
 *
 * @example
 * ```ts
 * const options: ZRangeByScoreOptions = { withscores: true, limit: { offset: 0, count: 3 } };
 * await redis.zrangebyscore("board", 10, "+inf", options);
 * ```
 */
export interface ZRangeByScoreOptions {
  /** Skip `offset` members and return at most `count` (negative: all the rest). */
  limit?: { offset: number; count: number };
  /** Return `{ member, score }` objects. */
  withscores?: boolean;
}

/**
 * One page of `ZSCAN`: the cursor of the next page (`"0"`: the last page) and its members.
 *
 * @example
 * ```ts
 * const page: SortedSetScanPage<string> = await redis.zscanPage("board", "0");
 * page.members; // [{ member: "ada", score: 15 }]
 * ```
 */
export interface SortedSetScanPage<S> {
  /** Pass it to the next call; `"0"` when the scan is complete. */
  cursor: string;
  /** The members of this page with their scores. */
  members: ScoredMember<S>[];
}

/**
 * How ZUNION, ZINTER and their STORE forms combine scores.
 *
 * @example
 * ```ts
 * const options: ZCombineOptions = { weights: [1, 2], aggregate: "max" };
 * await redis.zunionstore("out", ["a", "b"], options);
 * ```
 */
export interface ZCombineOptions {
  /** A factor per key, applied to its scores first. */
  weights?: number[];
  /** How the scores of a member are combined. Default: `"sum"`. */
  aggregate?: "sum" | "min" | "max";
}

const ZADD_KEYS = optionKeys<ZAddOptions>({
  nx: true,
  xx: true,
  gt: true,
  lt: true,
  ch: true,
  incr: true,
});
const ZRANGE_KEYS = optionKeys<ZRangeOptions & { withscores?: boolean }>({
  by: true,
  rev: true,
  limit: true,
  withscores: true,
});
const ZRANGESTORE_KEYS = optionKeys<ZRangeOptions>({ by: true, rev: true, limit: true });
const ZRANGEBYSCORE_KEYS = optionKeys<ZRangeByScoreOptions>({ limit: true, withscores: true });
const ZRANGEBYLEX_KEYS = optionKeys<{ limit?: { offset: number; count: number } }>({ limit: true });
const LIMIT_KEYS = optionKeys<{ offset: number; count: number }>({ offset: true, count: true });
const WITHSCORES_KEYS = optionKeys<{ withscores?: boolean }>({ withscores: true });
const ZCOMBINE_KEYS = optionKeys<ZCombineOptions & { withscores?: boolean }>({
  weights: true,
  aggregate: true,
  withscores: true,
});
const ZCOMBINESTORE_KEYS = optionKeys<ZCombineOptions>({ weights: true, aggregate: true });
const COUNT_KEYS = optionKeys<{ count?: number }>({ count: true });
const ZINTERCARD_KEYS = optionKeys<{ limit?: number }>({ limit: true });

function numkeys(name: string, keys: RedisKey[]): RedisArg[] {
  assertNotEmpty(`${name} keys`, keys);
  return [keys.length, ...keys];
}

function combineArgs(name: string, keys: RedisKey[], options: ZCombineOptions): RedisArg[] {
  const args = numkeys(name, keys);
  if (options.weights !== undefined) {
    assertNotEmpty(`${name} weights`, options.weights);
    if (options.weights.length !== keys.length) {
      throw new DataError(
        `${name} weights: expected ${keys.length}, got ${options.weights.length}`,
      );
    }
    options.weights.forEach((weight, i) => assertScore(`${name} weights[${i}]`, weight));
    args.push("WEIGHTS", ...options.weights);
  }
  if (options.aggregate !== undefined) {
    const aggregate = assertOneOf(`${name} aggregate`, options.aggregate, ["sum", "min", "max"]);
    args.push("AGGREGATE", aggregate.toUpperCase());
  }
  return args;
}

function limitArgs(name: string, limit: { offset: number; count: number } | undefined): RedisArg[] {
  if (limit === undefined) return [];
  assertOptions(`${name} limit`, limit, LIMIT_KEYS);
  assertInteger(`${name} limit.offset`, limit.offset, 0);
  assertInteger(`${name} limit.count`, limit.count);
  return ["LIMIT", limit.offset, limit.count];
}

/** ZINTER or ZUNION with its keys and options, and WITHSCORES when asked. */
function combineCommand(
  command: "ZINTER" | "ZUNION",
  keys: RedisKey[],
  options: ZCombineOptions & { withscores?: boolean },
): RedisArg[] {
  const args: RedisArg[] = [command, ...combineArgs(command.toLowerCase(), keys, options)];
  if (options.withscores) args.push("WITHSCORES");
  return args;
}

/** ZRANGEBYSCORE or ZREVRANGEBYSCORE from `from` to `to`, its options checked. */
function byScoreCommand(
  command: "ZRANGEBYSCORE" | "ZREVRANGEBYSCORE",
  key: RedisKey,
  from: number | string,
  to: number | string,
  options: ZRangeByScoreOptions,
): RedisArg[] {
  const name = command.toLowerCase();
  assertOptions(name, options, ZRANGEBYSCORE_KEYS);
  const args: RedisArg[] = [command, key, from, to];
  if (options.withscores) args.push("WITHSCORES");
  args.push(...limitArgs(name, options.limit));
  return args;
}

function popArgs(command: string, key: RedisKey, count: number | undefined): RedisArg[] {
  if (count === undefined) return [command, key];
  assertInteger(`${command.toLowerCase()} count`, count, 1);
  return [command, key, count];
}

function mpopArgs(name: string, keys: RedisKey[], which: string, count?: number): RedisArg[] {
  const end = assertOneOf(`${name} which`, which, ["min", "max"]);
  const args = [...numkeys(name, keys), end.toUpperCase()];
  if (count !== undefined) {
    assertInteger(`${name} count`, count, 1);
    args.push("COUNT", count);
  }
  return args;
}

/** `[key, member, score]` → `{ key, member, score }`; `null` stays. */
function toKeyedMember<S extends Text>(reply: RespValue): KeyedScoredMember<S> | null {
  if (reply === null) return null;
  const [key, member, score] = arrayOf(reply);
  return { key: asString(toText(key)), member: toText<S>(member), score: toNumber(score) };
}

/** `[key, [[member, score], …]]` → `{ key, members }`; `null` stays. */
function toKeyedMembers<S extends Text>(reply: RespValue): KeyedScoredMembers<S> | null {
  if (reply === null) return null;
  const [key, members] = arrayOf(reply);
  return { key: asString(toText(key)), members: toScoredMembers<S>(members) };
}

/** ZMSCORE: a score or `null` per member. */
function toScoresOrNull(reply: RespValue): (number | null)[] {
  return arrayOf(reply).map(toNumberOrNull);
}

/** Whether an argument of `zadd` is a member (it has a score) rather than the options. */
function isZMember(value: ZAddOptions | ZMember): value is ZMember {
  return typeof value === "object" && value !== null && "score" in value;
}

/**
 * `zadd`'s first argument after the key, when it is not a member: it must be
 * options. An object of other keys is most likely members written as
 * `{ name: score }`: say what zadd takes instead.
 */
function checkZaddOptions(first: unknown): void {
  if (typeof first === "number" || Array.isArray(first)) {
    // Other clients' forms: zadd(key, score, member) and [score, member] pairs.
    throw new DataError(
      `zadd: got ${
        describeValue(first)
      } where a member or the options go; zadd takes members as { score, member } objects, e.g. zadd(key, { score: 1, member: "a" })`,
    );
  }
  if (typeof first !== "object" || first === null) assertOptions("zadd", first, ZADD_KEYS);
  for (const key in first) {
    if (ZADD_KEYS.includes(key) || !Object.hasOwn(first, key)) continue;
    if (nearestName(key, ZADD_KEYS) !== undefined) assertOptions("zadd", first, ZADD_KEYS);
    const value: unknown = Reflect.get(first, key);
    const score = typeof value === "number" ? value : 1;
    throw new DataError(
      `zadd: got an object with the key ${
        JSON.stringify(key.slice(0, 40))
      }, which is neither an option (${
        ZADD_KEYS.join(", ")
      }) nor a member; zadd takes members as { score, member } objects, e.g. zadd(key, { score: ${score}, member: ${
        JSON.stringify(key.slice(0, 40))
      } })`,
    );
  }
}

/** The arguments of ZRANGE and ZRANGESTORE after the command (and destination). */
function rangeArgs(
  name: string,
  key: RedisKey,
  start: number | string,
  stop: number | string,
  options: ZRangeOptions,
  known: readonly string[],
): RedisArg[] {
  assertOptions(name, options, known);
  const args: RedisArg[] = [key, start, stop];
  if (options.by !== undefined) {
    args.push(`BY${assertOneOf(`${name} by`, options.by, ["score", "lex"]).toUpperCase()}`);
  }
  if (options.rev) args.push("REV");
  if (options.limit !== undefined) {
    if (options.by === undefined) throw new DataError(`${name} limit: needs by: "score" or "lex"`);
    args.push(...limitArgs(name, options.limit));
  }
  return args;
}

function zaddArgs(
  key: RedisKey,
  rest: (ZAddOptions | ZMember)[],
): { args: RedisArg[]; incr: boolean } {
  const [first, ...others] = rest;
  let options: ZAddOptions = {};
  let members = rest;
  if (first !== undefined && !isZMember(first)) {
    checkZaddOptions(first);
    options = first;
    members = others;
  }
  if (members.length === 0) {
    throw new DataError(
      "zadd members: expected at least one { score, member } object (after the options, if any), got none",
    );
  }
  assertExclusive("zadd", options, ["nx", "xx"]);
  assertExclusive("zadd", options, ["nx", "gt", "lt"]);
  if (options.incr && members.length !== 1) {
    throw new DataError(`zadd: incr takes exactly one member, got ${members.length}`);
  }
  const args: RedisArg[] = ["ZADD", key];
  for (const token of ["nx", "xx", "gt", "lt", "ch", "incr"] as const) {
    if (options[token]) args.push(token.toUpperCase());
  }
  members.forEach((member, i) => {
    if (!isZMember(member)) {
      throw new DataError(
        `zadd members[${i}]: expected { score, member }, got ${describeValue(member)}`,
      );
    }
    assertScore(`zadd members[${i}].score`, member.score);
    args.push(member.score, member.member);
  });
  return { args, incr: Boolean(options.incr) };
}

/**
 * Commands on sorted sets.
 *
 * @example
 * ```ts
 * await redis.zadd("board", { score: 10, member: "ada" });
 * await redis.zrange("board", 0, -1, { withscores: true }); // [{ member: "ada", score: 10 }]
 * ```
 */
export abstract class SortedSetCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Add members with scores, or update their scores; returns how many were
   * added (with `ch`, added or changed). With `incr`, returns the new score,
   * or `null` when a condition stopped it.
   *
   * @example
   * ```ts
   * await redis.zadd("board", { score: 1, member: "a" }, { score: 2, member: "b" }); // 2
   * await redis.zadd("board", { xx: true, ch: true }, { score: 5, member: "a" }); // 1
   * await redis.zadd("board", { incr: true }, { score: 3, member: "a" }); // 8
   * ```
   */
  zadd(
    key: RedisKey,
    options: ZAddOptions & { incr: true },
    member: ZMember,
  ): Reply<M, number | null, this>;
  /** Add or update members, with options; returns how many were added (or changed, with `ch`). */
  zadd(key: RedisKey, options: ZAddOptions, ...members: ZMember[]): Reply<M, number, this>;
  /** Add or update members; returns how many were added. */
  zadd(key: RedisKey, ...members: ZMember[]): Reply<M, number, this>;
  zadd(key: RedisKey, ...rest: (ZAddOptions | ZMember)[]): Reply<M, number | null, this> {
    const { args, incr } = zaddArgs(key, rest);
    return incr ? this.call(args, toNumberOrNull) : this.call(args, toCount);
  }

  /**
   * Members from `start` to `stop`: indexes by default (negative from the
   * end), scores with `by: "score"`, lex bounds with `by: "lex"`. With
   * `withscores: true`, `{ member, score }` objects.
   *
   * @example
   * ```ts
   * await redis.zrange("board", 0, -1); // ["a", "b"]
   * await redis.zrange("board", "(1", "+inf", { by: "score" }); // ["b"]
   * await redis.zrange("board", 0, 0, { rev: true, withscores: true }); // [{ member: "b", score: 2 }]
   * ```
   */
  zrange(
    key: RedisKey,
    start: number | string,
    stop: number | string,
    options: ZRangeOptions & { withscores: true },
  ): Reply<M, ScoredMember<S>[], this>;
  /** Members from `start` to `stop` (indexes, or scores/lex bounds with `by`). */
  zrange(
    key: RedisKey,
    start: number | string,
    stop: number | string,
    options?: ZRangeOptions & { withscores?: false },
  ): Reply<M, S[], this>;
  zrange(
    key: RedisKey,
    start: number | string,
    stop: number | string,
    options: ZRangeOptions & { withscores?: boolean } = {},
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    const args: RedisArg[] = [
      "ZRANGE",
      ...rangeArgs("zrange", key, start, stop, options, ZRANGE_KEYS),
    ];
    if (options.withscores) {
      if (options.by === "lex") {
        throw new DataError('zrange withscores: not allowed with by: "lex"');
      }
      args.push("WITHSCORES");
      return this.call(args, toScoredMembers<S>);
    }
    return this.call(args, toTexts<S>);
  }

  /**
   * How many members the sorted set at `key` has.
   *
   * @example
   * ```ts
   * await redis.zcard("board"); // 3
   * ```
   */
  zcard(key: RedisKey): Reply<M, number, this> {
    return this.call(["ZCARD", key], toCount);
  }

  /**
   * How many members score between `min` and `max` (`"(1"` excludes, `"-inf"`, `"+inf"`).
   *
   * @example
   * ```ts
   * await redis.zcount("board", 10, "+inf"); // 2
   * ```
   */
  zcount(key: RedisKey, min: number | string, max: number | string): Reply<M, number, this> {
    return this.call(["ZCOUNT", key, min, max], toCount);
  }

  /**
   * How many members lie between the lex bounds `min` and `max` (`"[a"`, `"(b"`, `"-"`, `"+"`).
   *
   * @example
   * ```ts
   * await redis.zlexcount("names", "[a", "[c"); // 3
   * ```
   */
  zlexcount(key: RedisKey, min: RedisArg, max: RedisArg): Reply<M, number, this> {
    return this.call(["ZLEXCOUNT", key, min, max], toCount);
  }

  /**
   * Add `increment` to `member`'s score; returns the new score.
   *
   * @example
   * ```ts
   * await redis.zincrby("board", 5, "ada"); // 15
   * ```
   */
  zincrby(key: RedisKey, increment: number, member: RedisArg): Reply<M, number, this> {
    assertScore("zincrby increment", increment);
    return this.call(["ZINCRBY", key, increment, member], toNumber);
  }

  /**
   * The score of `member`, or `null`.
   *
   * @example
   * ```ts
   * await redis.zscore("board", "ada"); // 15
   * ```
   */
  zscore(key: RedisKey, member: RedisArg): Reply<M, number | null, this> {
    return this.call(["ZSCORE", key, member], toNumberOrNull);
  }

  /**
   * The scores of `members`, `null` for each missing one.
   *
   * @example
   * ```ts
   * await redis.zmscore("board", "ada", "nobody"); // [15, null]
   * ```
   */
  zmscore(key: RedisKey, ...members: RedisArg[]): Reply<M, (number | null)[], this> {
    assertNotEmpty("zmscore members", members);
    return this.call(["ZMSCORE", key, ...members], toScoresOrNull);
  }

  /**
   * The rank of `member` by ascending score (0 first), or `null`.
   *
   * @example
   * ```ts
   * await redis.zrank("board", "ada"); // 2
   * ```
   */
  zrank(key: RedisKey, member: RedisArg): Reply<M, number | null, this> {
    return this.call(["ZRANK", key, member], toCountOrNull);
  }

  /**
   * The rank of `member` by descending score (0 first), or `null`.
   *
   * @example
   * ```ts
   * await redis.zrevrank("board", "ada"); // 0
   * ```
   */
  zrevrank(key: RedisKey, member: RedisArg): Reply<M, number | null, this> {
    return this.call(["ZREVRANK", key, member], toCountOrNull);
  }

  /**
   * Remove `members`; returns how many were there.
   *
   * @example
   * ```ts
   * await redis.zrem("board", "ada", "nobody"); // 1
   * ```
   */
  zrem(key: RedisKey, ...members: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("zrem members", members);
    return this.call(["ZREM", key, ...members], toCount);
  }

  /**
   * Remove the members between lex bounds; returns how many.
   *
   * @example
   * ```ts
   * await redis.zremrangebylex("names", "[a", "[b"); // 2
   * ```
   */
  zremrangebylex(key: RedisKey, min: RedisArg, max: RedisArg): Reply<M, number, this> {
    return this.call(["ZREMRANGEBYLEX", key, min, max], toCount);
  }

  /**
   * Remove the members ranked `start` to `stop` (negative from the end); returns how many.
   *
   * @example
   * ```ts
   * await redis.zremrangebyrank("board", 0, -11); // all but the top 10
   * ```
   */
  zremrangebyrank(key: RedisKey, start: number, stop: number): Reply<M, number, this> {
    assertInteger("zremrangebyrank start", start);
    assertInteger("zremrangebyrank stop", stop);
    return this.call(["ZREMRANGEBYRANK", key, start, stop], toCount);
  }

  /**
   * Remove the members scoring between `min` and `max`; returns how many.
   *
   * @example
   * ```ts
   * await redis.zremrangebyscore("board", "-inf", "(10"); // 1
   * ```
   */
  zremrangebyscore(
    key: RedisKey,
    min: number | string,
    max: number | string,
  ): Reply<M, number, this> {
    return this.call(["ZREMRANGEBYSCORE", key, min, max], toCount);
  }

  /**
   * Remove and return the `count` (default 1) lowest-scored members.
   *
   * @example
   * ```ts
   * await redis.zpopmin("board"); // [{ member: "bob", score: 1 }]
   * ```
   */
  zpopmin(key: RedisKey, count?: number): Reply<M, ScoredMember<S>[], this> {
    return this.call(popArgs("ZPOPMIN", key, count), toScoredMembers<S>);
  }

  /**
   * Remove and return the `count` (default 1) highest-scored members.
   *
   * @example
   * ```ts
   * await redis.zpopmax("board", 2); // [{ member: "ada", score: 15 }, …]
   * ```
   */
  zpopmax(key: RedisKey, count?: number): Reply<M, ScoredMember<S>[], this> {
    return this.call(popArgs("ZPOPMAX", key, count), toScoredMembers<S>);
  }

  /**
   * `zpopmin` of the first non-empty set of `keys`, waiting up to `timeout`
   * seconds (0: forever) on a pooled connection: `{ key, member, score }` or `null`.
   *
   * @example
   * ```ts
   * await redis.bzpopmin(["tasks"], 5); // { key: "tasks", member: "t1", score: 1 }
   * ```
   */
  bzpopmin(keys: RedisKey[], timeout: number): Reply<M, KeyedScoredMember<S> | null, this> {
    assertNotEmpty("bzpopmin keys", keys);
    return this.call(
      ["BZPOPMIN", ...keys, blockingSeconds("bzpopmin timeout", timeout)],
      toKeyedMember<S>,
    );
  }

  /**
   * `zpopmax` of the first non-empty set of `keys`, waiting up to `timeout` seconds.
   *
   * @example
   * ```ts
   * await redis.bzpopmax(["tasks"], 5); // { key: "tasks", member: "t9", score: 9 }
   * ```
   */
  bzpopmax(keys: RedisKey[], timeout: number): Reply<M, KeyedScoredMember<S> | null, this> {
    assertNotEmpty("bzpopmax keys", keys);
    return this.call(
      ["BZPOPMAX", ...keys, blockingSeconds("bzpopmax timeout", timeout)],
      toKeyedMember<S>,
    );
  }

  /**
   * Pop up to `count` (default 1) members from the first non-empty set of
   * `keys`, lowest (`"min"`) or highest first: `{ key, members }` or `null`.
   *
   * @example
   * ```ts
   * await redis.zmpop(["a", "b"], "min", { count: 2 }); // { key: "a", members: [...] }
   * ```
   */
  zmpop(
    keys: RedisKey[],
    which: "min" | "max",
    options: { count?: number } = {},
  ): Reply<M, KeyedScoredMembers<S> | null, this> {
    assertOptions("zmpop", options, COUNT_KEYS);
    return this.call(
      ["ZMPOP", ...mpopArgs("zmpop", keys, which, options.count)],
      toKeyedMembers<S>,
    );
  }

  /**
   * `zmpop`, waiting up to `timeout` seconds on a pooled connection.
   *
   * @example
   * ```ts
   * await redis.bzmpop(1, ["a"], "max"); // { key: "a", members: [{ member: "x", score: 9 }] }
   * ```
   */
  bzmpop(
    timeout: number,
    keys: RedisKey[],
    which: "min" | "max",
    options: { count?: number } = {},
  ): Reply<M, KeyedScoredMembers<S> | null, this> {
    assertOptions("bzmpop", options, COUNT_KEYS);
    return this.call(
      [
        "BZMPOP",
        blockingSeconds("bzmpop timeout", timeout),
        ...mpopArgs("bzmpop", keys, which, options.count),
      ],
      toKeyedMembers<S>,
    );
  }

  /**
   * A random member (`null` when empty); with `count`, up to that many
   * (negative: repeats allowed), with `withscores`, scored members.
   *
   * @example
   * ```ts
   * await redis.zrandmember("board"); // "ada"
   * await redis.zrandmember("board", 2, { withscores: true }); // [{ member, score }, …]
   * ```
   */
  zrandmember(key: RedisKey): Reply<M, S | null, this>;
  /** Up to `count` random members with their scores. */
  zrandmember(
    key: RedisKey,
    count: number,
    options: { withscores: true },
  ): Reply<M, ScoredMember<S>[], this>;
  /** Up to `count` random members. */
  zrandmember(key: RedisKey, count: number): Reply<M, S[], this>;
  zrandmember(
    key: RedisKey,
    count?: number,
    options?: { withscores?: boolean },
  ): Reply<M, S | null | S[] | ScoredMember<S>[], this> {
    if (count === undefined) return this.call(["ZRANDMEMBER", key], toTextOrNull<S>);
    assertInteger("zrandmember count", count);
    if (options !== undefined) assertOptions("zrandmember", options, WITHSCORES_KEYS);
    if (!options?.withscores) return this.call(["ZRANDMEMBER", key, count], toTexts<S>);
    return this.call(["ZRANDMEMBER", key, count, "WITHSCORES"], toScoredMembers<S>);
  }

  /**
   * Members of the first set that are in none of the others (with scores on request).
   *
   * @example
   * ```ts
   * await redis.zdiff(["a", "b"]); // ["only-in-a"]
   * ```
   */
  zdiff(keys: RedisKey[], options: { withscores: true }): Reply<M, ScoredMember<S>[], this>;
  /** Members of the first set that are in none of the others. */
  zdiff(keys: RedisKey[]): Reply<M, S[], this>;
  zdiff(
    keys: RedisKey[],
    options?: { withscores?: boolean },
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    const args: RedisArg[] = ["ZDIFF", ...numkeys("zdiff", keys)];
    if (options !== undefined) assertOptions("zdiff", options, WITHSCORES_KEYS);
    if (!options?.withscores) return this.call(args, toTexts<S>);
    return this.call([...args, "WITHSCORES"], toScoredMembers<S>);
  }

  /**
   * Store `zdiff(keys)` at `destination`; returns its size.
   *
   * @example
   * ```ts
   * await redis.zdiffstore("out", ["a", "b"]); // 1
   * ```
   */
  zdiffstore(destination: RedisKey, keys: RedisKey[]): Reply<M, number, this> {
    return this.call(["ZDIFFSTORE", destination, ...numkeys("zdiffstore", keys)], toCount);
  }

  /**
   * Members in every set, scores combined by `aggregate` (sum by default)
   * after `weights`; with scores on request.
   *
   * @example
   * ```ts
   * await redis.zinter(["a", "b"], { weights: [1, 2], withscores: true });
   * ```
   */
  zinter(
    keys: RedisKey[],
    options: ZCombineOptions & { withscores: true },
  ): Reply<M, ScoredMember<S>[], this>;
  /** Members in every set. */
  zinter(keys: RedisKey[], options?: ZCombineOptions): Reply<M, S[], this>;
  zinter(
    keys: RedisKey[],
    options: ZCombineOptions & { withscores?: boolean } = {},
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    assertOptions("zinter", options, ZCOMBINE_KEYS);
    const args = combineCommand("ZINTER", keys, options);
    return options.withscores ? this.call(args, toScoredMembers<S>) : this.call(args, toTexts<S>);
  }

  /**
   * Members in any of the sets, scores combined by `aggregate` after `weights`.
   *
   * @example
   * ```ts
   * await redis.zunion(["a", "b"], { aggregate: "max" }); // ["x", "y", "z"]
   * ```
   */
  zunion(
    keys: RedisKey[],
    options: ZCombineOptions & { withscores: true },
  ): Reply<M, ScoredMember<S>[], this>;
  /** Members in any of the sets. */
  zunion(keys: RedisKey[], options?: ZCombineOptions): Reply<M, S[], this>;
  zunion(
    keys: RedisKey[],
    options: ZCombineOptions & { withscores?: boolean } = {},
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    assertOptions("zunion", options, ZCOMBINE_KEYS);
    const args = combineCommand("ZUNION", keys, options);
    return options.withscores ? this.call(args, toScoredMembers<S>) : this.call(args, toTexts<S>);
  }

  /**
   * Store `zinter(keys, options)` at `destination`; returns its size.
   *
   * @example
   * ```ts
   * await redis.zinterstore("out", ["a", "b"], { aggregate: "min" }); // 2
   * ```
   */
  zinterstore(
    destination: RedisKey,
    keys: RedisKey[],
    options: ZCombineOptions = {},
  ): Reply<M, number, this> {
    assertOptions("zinterstore", options, ZCOMBINESTORE_KEYS);
    return this.call(
      ["ZINTERSTORE", destination, ...combineArgs("zinterstore", keys, options)],
      toCount,
    );
  }

  /**
   * Store `zunion(keys, options)` at `destination`; returns its size.
   *
   * @example
   * ```ts
   * await redis.zunionstore("out", ["a", "b"]); // 3
   * ```
   */
  zunionstore(
    destination: RedisKey,
    keys: RedisKey[],
    options: ZCombineOptions = {},
  ): Reply<M, number, this> {
    assertOptions("zunionstore", options, ZCOMBINESTORE_KEYS);
    return this.call(
      ["ZUNIONSTORE", destination, ...combineArgs("zunionstore", keys, options)],
      toCount,
    );
  }

  /**
   * The size of the intersection, counting up to `limit` (0: no limit).
   *
   * @example
   * ```ts
   * await redis.zintercard(["a", "b"], { limit: 10 }); // 2
   * ```
   */
  zintercard(keys: RedisKey[], options: { limit?: number } = {}): Reply<M, number, this> {
    assertOptions("zintercard", options, ZINTERCARD_KEYS);
    const args: RedisArg[] = ["ZINTERCARD", ...numkeys("zintercard", keys)];
    if (options.limit !== undefined) {
      assertInteger("zintercard limit", options.limit, 0);
      args.push("LIMIT", options.limit);
    }
    return this.call(args, toCount);
  }

  /**
   * Store a `zrange` (same arguments, without scores) at `destination`; returns its size.
   *
   * @example
   * ```ts
   * await redis.zrangestore("top", "board", 0, 9, { rev: true }); // 10
   * ```
   */
  zrangestore(
    destination: RedisKey,
    source: RedisKey,
    start: number | string,
    stop: number | string,
    options: ZRangeOptions = {},
  ): Reply<M, number, this> {
    return this.call(
      [
        "ZRANGESTORE",
        destination,
        ...rangeArgs("zrangestore", source, start, stop, options, ZRANGESTORE_KEYS),
      ],
      toCount,
    );
  }

  /**
   * Members by score, ascending; with `withscores: true`, `{ member, score }`
   * objects (as `zrange` gives them).
   *
   * @deprecated Use `zrange(key, min, max, { by: "score" })` instead.
   * @example
   * ```ts
   * await redis.zrangebyscore("board", 10, "+inf"); // ["ada"]
   * await redis.zrangebyscore("board", 10, "+inf", { withscores: true }); // [{ member: "ada", score: 15 }]
   * ```
   */
  zrangebyscore(
    key: RedisKey,
    min: number | string,
    max: number | string,
    options: ZRangeByScoreOptions & { withscores: true },
  ): Reply<M, ScoredMember<S>[], this>;
  /** Members by score, ascending. */
  zrangebyscore(
    key: RedisKey,
    min: number | string,
    max: number | string,
    options?: ZRangeByScoreOptions & { withscores?: false },
  ): Reply<M, S[], this>;
  zrangebyscore(
    key: RedisKey,
    min: number | string,
    max: number | string,
    options: ZRangeByScoreOptions = {},
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    const args = byScoreCommand("ZRANGEBYSCORE", key, min, max, options);
    return options.withscores ? this.call(args, toScoredMembers<S>) : this.call(args, toTexts<S>);
  }

  /**
   * Members by score, descending (`max` first); with `withscores: true`,
   * `{ member, score }` objects.
   *
   * @deprecated Use `zrange(key, max, min, { by: "score", rev: true })` instead.
   * @example
   * ```ts
   * await redis.zrevrangebyscore("board", "+inf", 10); // ["ada"]
   * await redis.zrevrangebyscore("board", "+inf", 10, { withscores: true }); // [{ member: "ada", score: 15 }]
   * ```
   */
  zrevrangebyscore(
    key: RedisKey,
    max: number | string,
    min: number | string,
    options: ZRangeByScoreOptions & { withscores: true },
  ): Reply<M, ScoredMember<S>[], this>;
  /** Members by score, descending. */
  zrevrangebyscore(
    key: RedisKey,
    max: number | string,
    min: number | string,
    options?: ZRangeByScoreOptions & { withscores?: false },
  ): Reply<M, S[], this>;
  zrevrangebyscore(
    key: RedisKey,
    max: number | string,
    min: number | string,
    options: ZRangeByScoreOptions = {},
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    const args = byScoreCommand("ZREVRANGEBYSCORE", key, max, min, options);
    return options.withscores ? this.call(args, toScoredMembers<S>) : this.call(args, toTexts<S>);
  }

  /**
   * Members between lex bounds, ascending.
   *
   * @deprecated Use `zrange(key, min, max, { by: "lex" })` instead.
   * @example
   * ```ts
   * await redis.zrangebylex("names", "[a", "(c"); // ["a", "b"]
   * ```
   */
  zrangebylex(
    key: RedisKey,
    min: RedisArg,
    max: RedisArg,
    options: { limit?: { offset: number; count: number } } = {},
  ): Reply<M, S[], this> {
    assertOptions("zrangebylex", options, ZRANGEBYLEX_KEYS);
    return this.call(
      ["ZRANGEBYLEX", key, min, max, ...limitArgs("zrangebylex", options.limit)],
      toTexts<S>,
    );
  }

  /**
   * Members between lex bounds, descending (`max` first).
   *
   * @deprecated Use `zrange(key, max, min, { by: "lex", rev: true })` instead.
   * @example
   * ```ts
   * await redis.zrevrangebylex("names", "+", "-"); // ["c", "b", "a"]
   * ```
   */
  zrevrangebylex(
    key: RedisKey,
    max: RedisArg,
    min: RedisArg,
    options: { limit?: { offset: number; count: number } } = {},
  ): Reply<M, S[], this> {
    assertOptions("zrevrangebylex", options, ZRANGEBYLEX_KEYS);
    return this.call([
      "ZREVRANGEBYLEX",
      key,
      max,
      min,
      ...limitArgs("zrevrangebylex", options.limit),
    ], toTexts<S>);
  }

  /**
   * Members ranked `start` to `stop` by descending score; with `withscores:
   * true`, `{ member, score }` objects.
   *
   * @deprecated Use `zrange(key, start, stop, { rev: true })` instead.
   * @example
   * ```ts
   * await redis.zrevrange("board", 0, 2); // the top three
   * await redis.zrevrange("board", 0, 0, { withscores: true }); // [{ member: "ada", score: 15 }]
   * ```
   */
  zrevrange(
    key: RedisKey,
    start: number,
    stop: number,
    options: { withscores: true },
  ): Reply<M, ScoredMember<S>[], this>;
  /** Members ranked `start` to `stop` by descending score. */
  zrevrange(
    key: RedisKey,
    start: number,
    stop: number,
    options?: { withscores?: false },
  ): Reply<M, S[], this>;
  zrevrange(
    key: RedisKey,
    start: number,
    stop: number,
    options: { withscores?: boolean } = {},
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    assertInteger("zrevrange start", start);
    assertInteger("zrevrange stop", stop);
    assertOptions("zrevrange", options, WITHSCORES_KEYS);
    if (!options.withscores) return this.call(["ZREVRANGE", key, start, stop], toTexts<S>);
    return this.call(["ZREVRANGE", key, start, stop, "WITHSCORES"], toScoredMembers<S>);
  }

  /**
   * One page of `ZSCAN` over the sorted set at `key`: pass `"0"` first, then
   * each reply's `cursor` until it is `"0"` again. Every member present for
   * the whole scan comes at least once (maybe more than once). `zscan()`
   * follows the cursor for you.
   *
   * @example
   * ```ts
   * const page = await redis.zscanPage("board", "0");
   * page.members; // [{ member: "ada", score: 15 }, …]
   * ```
   */
  zscanPage(
    key: RedisKey,
    cursor: ScanCursor,
    options: ScanPageOptions = {},
  ): Reply<M, SortedSetScanPage<S>, this> {
    return this.call(scanArgs("ZSCAN", key, cursor, options), (reply) => {
      const page = toScanReply(reply);
      return { cursor: page.cursor, members: toScoredMembers<S>(page.items) };
    });
  }
}
