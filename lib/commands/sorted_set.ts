/**
 * Sorted-set commands: ZADD, ZRANGE.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { SetCommands } from "./set.ts";
import { type ScoredMember, toNumberOrNull, toScoredMembers } from "./transforms.ts";
import { assertExclusive, assertInteger, assertNotEmpty, assertScore } from "./validate.ts";

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
    const args: RedisArg[] = ["ZRANGE", key, start, stop];
    if (options.by === "score") args.push("BYSCORE");
    else if (options.by === "lex") args.push("BYLEX");
    else if (options.by !== undefined) {
      throw new DataError(`zrange by: expected "score" or "lex", got ${String(options.by)}`);
    }
    if (options.rev) args.push("REV");
    if (options.limit !== undefined) {
      if (options.by === undefined) throw new DataError('zrange limit: needs by: "score" or "lex"');
      assertInteger("zrange limit.offset", options.limit.offset, 0);
      assertInteger("zrange limit.count", options.limit.count);
      args.push("LIMIT", options.limit.offset, options.limit.count);
    }
    if (options.withscores) {
      if (options.by === "lex") {
        throw new DataError('zrange withscores: not allowed with by: "lex"');
      }
      args.push("WITHSCORES");
      return this.call(args, toScoredMembers);
    }
    return this.call(args);
  }
}
