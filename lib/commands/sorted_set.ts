/**
 * Sorted-set commands: ZADD, ZRANGE, ZSCORE, ZRANK, ZREM, ZCOUNT, ZPOPMIN, ZUNION, ZINTER,
 * ZDIFF, ZMPOP, the blocking BZPOPMIN, BZMPOP, … and the deprecated ZRANGEBYSCORE family.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { SetCommands } from "./set.ts";
import {
  asString,
  type ScoredMember,
  toNumber,
  toNumberOrNull,
  toScoredMembers,
} from "./transforms.ts";
import {
  assertExclusive,
  assertInteger,
  assertNotEmpty,
  assertScore,
  blockingSeconds,
} from "./validate.ts";

export type { ScoredMember } from "./transforms.ts";

/** A member to add, with its score. */
export interface ZMember {
  /** The score; `Infinity` and `-Infinity` are allowed, NaN is not. */
  score: number;
  /** The member. */
  member: RedisArg;
}

/**
 * Options of `ZADD`: `nx` only adds, `xx` only updates; `gt`/`lt` only update
 * to a greater/lesser score (not with `nx`); `ch` counts changed members too.
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

/** Which range `ZRANGE` reads: by index (default), by score, or lexicographically. */
export interface ZRangeOptions {
  /** Interpret start and stop as scores (`"(1"` excludes, `"-inf"`) or lex bounds (`"[a"`, `"-"`). */
  by?: "score" | "lex";
  /** Reverse the order. */
  rev?: boolean;
  /** Skip `offset` elements and return at most `count` (with `by` only). */
  limit?: { offset: number; count: number };
}

/** A popped member with its score and the key it came from. */
export interface KeyedScoredMember<S> {
  /** The key it was popped from. */
  key: string;
  /** The member. */
  member: S;
  /** Its score. */
  score: number;
}

/** How ZUNION, ZINTER and their STORE forms combine scores. */
export interface ZCombineOptions {
  /** A factor per key, applied to its scores first. */
  weights?: number[];
  /** How the scores of a member are combined. Default: `"sum"`. */
  aggregate?: "sum" | "min" | "max";
}

function numkeys(name: string, keys: RedisKey[]): RedisArg[] {
  assertNotEmpty(`${name} keys`, keys);
  return [keys.length, ...keys];
}

function combineArgs(name: string, keys: RedisKey[], options: ZCombineOptions): RedisArg[] {
  const args = numkeys(name, keys);
  if (options.weights !== undefined) {
    if (options.weights.length !== keys.length) {
      throw new DataError(
        `${name} weights: expected ${keys.length}, got ${options.weights.length}`,
      );
    }
    options.weights.forEach((weight, i) => assertScore(`${name} weights[${i}]`, weight));
    args.push("WEIGHTS", ...options.weights);
  }
  if (options.aggregate !== undefined) {
    if (!["sum", "min", "max"].includes(options.aggregate)) {
      throw new DataError(
        `${name} aggregate: expected "sum", "min" or "max", got ${String(options.aggregate)}`,
      );
    }
    args.push("AGGREGATE", options.aggregate.toUpperCase());
  }
  return args;
}

function limitArgs(name: string, limit: { offset: number; count: number } | undefined): RedisArg[] {
  if (limit === undefined) return [];
  assertInteger(`${name} limit.offset`, limit.offset, 0);
  assertInteger(`${name} limit.count`, limit.count);
  return ["LIMIT", limit.offset, limit.count];
}

function popArgs(command: string, key: RedisKey, count: number | undefined): RedisArg[] {
  if (count === undefined) return [command, key];
  assertInteger(`${command.toLowerCase()} count`, count, 1);
  return [command, key, count];
}

function mpopArgs(name: string, keys: RedisKey[], which: string, count?: number): RedisArg[] {
  if (which !== "min" && which !== "max") {
    throw new DataError(`${name}: expected "min" or "max", got ${String(which)}`);
  }
  const args = [...numkeys(name, keys), which.toUpperCase()];
  if (count !== undefined) {
    assertInteger(`${name} count`, count, 1);
    args.push("COUNT", count);
  }
  return args;
}

/** `[key, member, score]` → `{ key, member, score }`; `null` stays. */
function toKeyedMember(reply: RespValue): KeyedScoredMember<RespValue> | null {
  if (reply === null) return null;
  const [key, member, score] = reply as RespValue[];
  return { key: asString(key), member, score: toNumber(score) };
}

/** `[key, [[member, score], …]]` → `{ key, members }`; `null` stays. */
function toKeyedMembers(
  reply: RespValue,
): { key: string; members: ScoredMember<RespValue>[] } | null {
  if (reply === null) return null;
  const [key, members] = reply as [RespValue, RespValue[]];
  return { key: asString(key), members: toScoredMembers(members) };
}

/** The arguments of ZRANGE and ZRANGESTORE after the command (and destination). */
function rangeArgs(
  name: string,
  key: RedisKey,
  start: number | string,
  stop: number | string,
  options: ZRangeOptions,
): RedisArg[] {
  const args: RedisArg[] = [key, start, stop];
  if (options.by === "score") args.push("BYSCORE");
  else if (options.by === "lex") args.push("BYLEX");
  else if (options.by !== undefined) {
    throw new DataError(`${name} by: expected "score" or "lex", got ${String(options.by)}`);
  }
  if (options.rev) args.push("REV");
  if (options.limit !== undefined) {
    if (options.by === undefined) throw new DataError(`${name} limit: needs by: "score" or "lex"`);
    args.push(...limitArgs(name, options.limit));
  }
  return args;
}

function zaddArgs(key: RedisKey, options: ZAddOptions, members: ZMember[]): RedisArg[] {
  assertNotEmpty("zadd members", members);
  assertExclusive("zadd", options, ["nx", "xx"]);
  assertExclusive("zadd", options, ["nx", "gt", "lt"]);
  if (options.incr && members.length !== 1) {
    throw new DataError(`zadd: incr takes exactly one member, got ${members.length}`);
  }
  const args: RedisArg[] = ["ZADD", key];
  for (const token of ["nx", "xx", "gt", "lt", "ch", "incr"] as const) {
    if (options[token]) args.push(token.toUpperCase());
  }
  for (let i = 0; i < members.length; i++) {
    assertScore(`zadd members[${i}].score`, members[i].score);
    args.push(members[i].score, members[i].member);
  }
  return args;
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
export abstract class SortedSetCommands<M extends Mode, S extends Text> extends SetCommands<M, S> {
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
    const first = rest[0];
    const hasOptions = first !== undefined && !("score" in first);
    const options = (hasOptions ? first : {}) as ZAddOptions;
    const members = (hasOptions ? rest.slice(1) : rest) as ZMember[];
    return this.call(zaddArgs(key, options, members), options.incr ? toNumberOrNull : undefined);
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
    const args: RedisArg[] = ["ZRANGE", ...rangeArgs("zrange", key, start, stop, options)];
    if (options.withscores) {
      if (options.by === "lex") {
        throw new DataError('zrange withscores: not allowed with by: "lex"');
      }
      args.push("WITHSCORES");
      return this.call(args, toScoredMembers);
    }
    return this.call(args);
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
    return this.call(["ZCARD", key]);
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
    return this.call(["ZCOUNT", key, min, max]);
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
    return this.call(["ZLEXCOUNT", key, min, max]);
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
    return this.call(
      ["ZMSCORE", key, ...members],
      (reply) => (reply as RespValue[]).map(toNumberOrNull),
    );
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
    return this.call(["ZRANK", key, member]);
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
    return this.call(["ZREVRANK", key, member]);
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
    return this.call(["ZREM", key, ...members]);
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
    return this.call(["ZREMRANGEBYLEX", key, min, max]);
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
    return this.call(["ZREMRANGEBYRANK", key, start, stop]);
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
    return this.call(["ZREMRANGEBYSCORE", key, min, max]);
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
    return this.call(popArgs("ZPOPMIN", key, count), toScoredMembers);
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
    return this.call(popArgs("ZPOPMAX", key, count), toScoredMembers);
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
      toKeyedMember,
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
      toKeyedMember,
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
  ): Reply<M, { key: string; members: ScoredMember<S>[] } | null, this> {
    return this.call(["ZMPOP", ...mpopArgs("zmpop", keys, which, options.count)], toKeyedMembers);
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
  ): Reply<M, { key: string; members: ScoredMember<S>[] } | null, this> {
    return this.call(
      [
        "BZMPOP",
        blockingSeconds("bzmpop timeout", timeout),
        ...mpopArgs("bzmpop", keys, which, options.count),
      ],
      toKeyedMembers,
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
    if (count === undefined) return this.call(["ZRANDMEMBER", key]);
    assertInteger("zrandmember count", count);
    if (!options?.withscores) return this.call(["ZRANDMEMBER", key, count]);
    return this.call(["ZRANDMEMBER", key, count, "WITHSCORES"], toScoredMembers);
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
    if (!options?.withscores) return this.call(args);
    return this.call([...args, "WITHSCORES"], toScoredMembers);
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
    return this.call(["ZDIFFSTORE", destination, ...numkeys("zdiffstore", keys)]);
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
    return this.#combine("ZINTER", keys, options);
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
    return this.#combine("ZUNION", keys, options);
  }

  #combine(
    command: string,
    keys: RedisKey[],
    options: ZCombineOptions & { withscores?: boolean },
  ): Reply<M, S[] | ScoredMember<S>[], this> {
    const args = [command, ...combineArgs(command.toLowerCase(), keys, options)];
    if (!options.withscores) return this.call(args);
    return this.call([...args, "WITHSCORES"], toScoredMembers);
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
    return this.call(["ZINTERSTORE", destination, ...combineArgs("zinterstore", keys, options)]);
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
    return this.call(["ZUNIONSTORE", destination, ...combineArgs("zunionstore", keys, options)]);
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
    const args: RedisArg[] = ["ZINTERCARD", ...numkeys("zintercard", keys)];
    if (options.limit !== undefined) {
      assertInteger("zintercard limit", options.limit, 0);
      args.push("LIMIT", options.limit);
    }
    return this.call(args);
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
    return this.call([
      "ZRANGESTORE",
      destination,
      ...rangeArgs("zrangestore", source, start, stop, options),
    ]);
  }

  /**
   * Members by score, ascending.
   *
   * @deprecated Use `zrange(key, min, max, { by: "score" })` instead.
   * @example
   * ```ts
   * await redis.zrangebyscore("board", 10, "+inf"); // ["ada"]
   * ```
   */
  zrangebyscore(
    key: RedisKey,
    min: number | string,
    max: number | string,
    options: { limit?: { offset: number; count: number } } = {},
  ): Reply<M, S[], this> {
    return this.call([
      "ZRANGEBYSCORE",
      key,
      min,
      max,
      ...limitArgs("zrangebyscore", options.limit),
    ]);
  }

  /**
   * Members by score, descending (`max` first).
   *
   * @deprecated Use `zrange(key, max, min, { by: "score", rev: true })` instead.
   * @example
   * ```ts
   * await redis.zrevrangebyscore("board", "+inf", 10); // ["ada"]
   * ```
   */
  zrevrangebyscore(
    key: RedisKey,
    max: number | string,
    min: number | string,
    options: { limit?: { offset: number; count: number } } = {},
  ): Reply<M, S[], this> {
    return this.call([
      "ZREVRANGEBYSCORE",
      key,
      max,
      min,
      ...limitArgs("zrevrangebyscore", options.limit),
    ]);
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
    return this.call(["ZRANGEBYLEX", key, min, max, ...limitArgs("zrangebylex", options.limit)]);
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
    return this.call([
      "ZREVRANGEBYLEX",
      key,
      max,
      min,
      ...limitArgs("zrevrangebylex", options.limit),
    ]);
  }

  /**
   * Members ranked `start` to `stop` by descending score.
   *
   * @deprecated Use `zrange(key, start, stop, { rev: true })` instead.
   * @example
   * ```ts
   * await redis.zrevrange("board", 0, 2); // the top three
   * ```
   */
  zrevrange(key: RedisKey, start: number, stop: number): Reply<M, S[], this> {
    assertInteger("zrevrange start", start);
    assertInteger("zrevrange stop", stop);
    return this.call(["ZREVRANGE", key, start, stop]);
  }
}
