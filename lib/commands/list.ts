/**
 * List commands: LPUSH, RPUSH, LPOP, RPOP, LRANGE, LLEN, LINDEX, LINSERT, LSET, LREM, LTRIM,
 * LPOS, LMOVE, LMPOP and the blocking BLPOP, BRPOP, BLMOVE, BLMPOP, ….
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import {
  toCount,
  toCountOrNull,
  toCounts,
  toOk,
  toText,
  toTextOrNull,
  toTexts,
} from "./replies.ts";
import { arrayOf, asString } from "./transforms.ts";
import {
  assertInteger,
  assertNotEmpty,
  assertOneOf,
  assertOptions,
  blockingSeconds,
  optionKeys,
} from "./validate.ts";

const LPOS_KEYS = optionKeys<{ rank?: number; maxlen?: number; count?: number }>({
  rank: true,
  maxlen: true,
  count: true,
});
const MPOP_KEYS = optionKeys<{ count?: number }>({ count: true });

/**
 * A popped element and the list it came from.
 *
 * @example
 * ```ts
 * const popped: KeyElement<string> | null = await redis.blpop(["jobs"], 5);
 * popped?.element; // "job-1"
 * ```
 */
export interface KeyElement<S> {
  /** The list's key. */
  key: string;
  /** The element. */
  element: S;
}

/**
 * Popped elements and the list they came from.
 *
 * @example
 * ```ts
 * const popped: KeyElements<string> | null = await redis.lmpop(["q1", "q2"], "left");
 * popped?.elements; // ["a"]
 * ```
 */
export interface KeyElements<S> {
  /** The list's key. */
  key: string;
  /** The elements. */
  elements: S[];
}

/** `"left"` → `LEFT`, checking the value. */
function side(name: string, value: unknown): string {
  return assertOneOf(name, value, ["left", "right"]).toUpperCase();
}

function popArgs(command: string, key: RedisKey, count: number | undefined): RedisArg[] {
  if (count === undefined) return [command, key];
  assertInteger(`${command.toLowerCase()} count`, count, 0);
  return [command, key, count];
}

function mpopArgs(name: string, keys: RedisKey[], from: string, count?: number): RedisArg[] {
  assertNotEmpty(`${name} keys`, keys);
  const args: RedisArg[] = [keys.length, ...keys, side(`${name} from`, from)];
  if (count !== undefined) {
    assertInteger(`${name} count`, count, 1);
    args.push("COUNT", count);
  }
  return args;
}

/** `[key, element]` → `{ key, element }`; `null` stays. */
function toKeyElement<S extends Text>(reply: RespValue): KeyElement<S> | null {
  if (reply === null) return null;
  const [key, element] = arrayOf(reply);
  return { key: asString(toText(key)), element: toText<S>(element) };
}

/** `[key, [elements…]]` → `{ key, elements }`; `null` stays. */
function toKeyElements<S extends Text>(reply: RespValue): KeyElements<S> | null {
  if (reply === null) return null;
  const [key, elements] = arrayOf(reply);
  return { key: asString(toText(key)), elements: toTexts<S>(elements) };
}

/** An array of elements, or `null` (LPOP with a count on a missing list). */
function toTextsOrNullArray<S extends Text>(reply: RespValue): S[] | null {
  return reply === null ? null : toTexts<S>(reply);
}

/**
 * Commands on lists.
 *
 * @example
 * ```ts
 * await redis.lpush("queue", "a", "b"); // 2
 * await redis.lrange("queue", 0, -1); // ["b", "a"]
 * ```
 */
export abstract class ListCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Insert `elements` at the head of the list, one after the other; returns
   * the list's new length.
   *
   * @example
   * ```ts
   * await redis.lpush("queue", "a", "b"); // 2: the list is now ["b", "a"]
   * ```
   */
  lpush(key: RedisKey, ...elements: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("lpush elements", elements);
    return this.call(["LPUSH", key, ...elements], toCount);
  }

  /**
   * The elements from index `start` to `stop`, both included; negative
   * indexes count from the end (`-1` is the last).
   *
   * @example
   * ```ts
   * await redis.lrange("queue", 0, -1); // every element
   * ```
   */
  lrange(key: RedisKey, start: number, stop: number): Reply<M, S[], this> {
    assertInteger("lrange start", start);
    assertInteger("lrange stop", stop);
    return this.call(["LRANGE", key, start, stop], toTexts<S>);
  }

  /**
   * Append `elements` at the tail; returns the new length.
   *
   * @example
   * ```ts
   * await redis.rpush("queue", "a", "b"); // 2
   * ```
   */
  rpush(key: RedisKey, ...elements: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("rpush elements", elements);
    return this.call(["RPUSH", key, ...elements], toCount);
  }

  /**
   * `lpush` only when the list exists; returns the length (0: nothing done).
   *
   * @example
   * ```ts
   * await redis.lpushx("queue", "a"); // 0 when "queue" does not exist
   * ```
   */
  lpushx(key: RedisKey, ...elements: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("lpushx elements", elements);
    return this.call(["LPUSHX", key, ...elements], toCount);
  }

  /**
   * `rpush` only when the list exists; returns the length (0: nothing done).
   *
   * @example
   * ```ts
   * await redis.rpushx("queue", "a"); // 0 when "queue" does not exist
   * ```
   */
  rpushx(key: RedisKey, ...elements: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("rpushx elements", elements);
    return this.call(["RPUSHX", key, ...elements], toCount);
  }

  /**
   * Remove and return the first element (`null` when empty); with `count`,
   * up to that many (`null` when the list does not exist).
   *
   * @example
   * ```ts
   * await redis.lpop("queue"); // "a"
   * await redis.lpop("queue", 2); // ["b", "c"]
   * ```
   */
  lpop(key: RedisKey): Reply<M, S | null, this>;
  /** Remove and return up to `count` elements from the head. */
  lpop(key: RedisKey, count: number): Reply<M, S[] | null, this>;
  lpop(key: RedisKey, count?: number): Reply<M, S | S[] | null, this> {
    const args = popArgs("LPOP", key, count);
    return count === undefined
      ? this.call(args, toTextOrNull<S>)
      : this.call(args, toTextsOrNullArray<S>);
  }

  /**
   * Remove and return the last element (`null` when empty); with `count`, up
   * to that many.
   *
   * @example
   * ```ts
   * await redis.rpop("queue"); // "c"
   * ```
   */
  rpop(key: RedisKey): Reply<M, S | null, this>;
  /** Remove and return up to `count` elements from the tail. */
  rpop(key: RedisKey, count: number): Reply<M, S[] | null, this>;
  rpop(key: RedisKey, count?: number): Reply<M, S | S[] | null, this> {
    const args = popArgs("RPOP", key, count);
    return count === undefined
      ? this.call(args, toTextOrNull<S>)
      : this.call(args, toTextsOrNullArray<S>);
  }

  /**
   * The length of the list (0 when missing).
   *
   * @example
   * ```ts
   * await redis.llen("queue"); // 3
   * ```
   */
  llen(key: RedisKey): Reply<M, number, this> {
    return this.call(["LLEN", key], toCount);
  }

  /**
   * The element at `index` (negative from the end), or `null`.
   *
   * @example
   * ```ts
   * await redis.lindex("queue", -1); // the last element
   * ```
   */
  lindex(key: RedisKey, index: number): Reply<M, S | null, this> {
    assertInteger("lindex index", index);
    return this.call(["LINDEX", key, index], toTextOrNull<S>);
  }

  /**
   * Insert `element` before or after the first `pivot`; returns the new
   * length, -1 when the pivot is missing, 0 when the list is.
   *
   * @example
   * ```ts
   * await redis.linsert("queue", "before", "b", "a2"); // 4
   * ```
   */
  linsert(
    key: RedisKey,
    where: "before" | "after",
    pivot: RedisArg,
    element: RedisArg,
  ): Reply<M, number, this> {
    const token = assertOneOf("linsert where", where, ["before", "after"]).toUpperCase();
    return this.call(["LINSERT", key, token, pivot, element], toCount);
  }

  /**
   * Set the element at `index`.
   *
   * @example
   * ```ts
   * await redis.lset("queue", 0, "first"); // "OK"
   * ```
   */
  lset(key: RedisKey, index: number, element: RedisArg): Reply<M, "OK", this> {
    assertInteger("lset index", index);
    return this.call(["LSET", key, index, element], toOk);
  }

  /**
   * Remove occurrences of `element`: the first `count` from the head
   * (`count` > 0), from the tail (< 0), or all (0); returns how many.
   *
   * @example
   * ```ts
   * await redis.lrem("queue", 0, "a"); // 2
   * ```
   */
  lrem(key: RedisKey, count: number, element: RedisArg): Reply<M, number, this> {
    assertInteger("lrem count", count);
    return this.call(["LREM", key, count, element], toCount);
  }

  /**
   * Keep only the elements from `start` to `stop`.
   *
   * @example
   * ```ts
   * await redis.ltrim("log", 0, 99); // "OK": the newest 100 stay
   * ```
   */
  ltrim(key: RedisKey, start: number, stop: number): Reply<M, "OK", this> {
    assertInteger("ltrim start", start);
    assertInteger("ltrim stop", stop);
    return this.call(["LTRIM", key, start, stop], toOk);
  }

  /**
   * The index of `element` (or `null`); `rank` picks the n-th match (negative
   * from the end), `maxlen` limits the scan; with `count`, the indexes of up to
   * that many matches (0: all).
   *
   * @example
   * ```ts
   * await redis.lpos("queue", "b"); // 1
   * await redis.lpos("queue", "b", { count: 0 }); // [1, 4]
   * ```
   */
  lpos(
    key: RedisKey,
    element: RedisArg,
    options: { rank?: number; maxlen?: number; count: number },
  ): Reply<M, number[], this>;
  /** The index of the first (or `rank`-th) match of `element`, or `null`. */
  lpos(
    key: RedisKey,
    element: RedisArg,
    options?: { rank?: number; maxlen?: number },
  ): Reply<M, number | null, this>;
  lpos(
    key: RedisKey,
    element: RedisArg,
    options: { rank?: number; maxlen?: number; count?: number } = {},
  ): Reply<M, number | null | number[], this> {
    assertOptions("lpos", options, LPOS_KEYS);
    const args: RedisArg[] = ["LPOS", key, element];
    if (options.rank !== undefined) {
      assertInteger("lpos rank", options.rank);
      if (options.rank === 0) throw new DataError("lpos rank: expected a non-zero integer, got 0");
      args.push("RANK", options.rank);
    }
    if (options.count !== undefined) {
      assertInteger("lpos count", options.count, 0);
      args.push("COUNT", options.count);
    }
    if (options.maxlen !== undefined) {
      assertInteger("lpos maxlen", options.maxlen, 0);
      args.push("MAXLEN", options.maxlen);
    }
    return options.count === undefined ? this.call(args, toCountOrNull) : this.call(args, toCounts);
  }

  /**
   * Pop from one end of `source` and push onto one end of `destination`
   * atomically; returns the element, or `null` when `source` is empty.
   *
   * @example
   * ```ts
   * await redis.lmove("todo", "doing", "left", "right"); // "task-1"
   * ```
   */
  lmove(
    source: RedisKey,
    destination: RedisKey,
    from: "left" | "right",
    to: "left" | "right",
  ): Reply<M, S | null, this> {
    return this.call(
      ["LMOVE", source, destination, side("lmove from", from), side("lmove to", to)],
      toTextOrNull<S>,
    );
  }

  /**
   * `lmove`, waiting up to `timeout` seconds (0: forever) for an element.
   * Runs on a pooled connection, never holding up other commands.
   *
   * @example
   * ```ts
   * await redis.blmove("todo", "doing", "left", "right", 5); // "task-1" or null
   * ```
   */
  blmove(
    source: RedisKey,
    destination: RedisKey,
    from: "left" | "right",
    to: "left" | "right",
    timeout: number,
  ): Reply<M, S | null, this> {
    return this.call(
      [
        "BLMOVE",
        source,
        destination,
        side("blmove from", from),
        side("blmove to", to),
        blockingSeconds("blmove timeout", timeout),
      ],
      toTextOrNull<S>,
    );
  }

  /**
   * Pop up to `count` (default 1) elements from the first non-empty list of
   * `keys`: `{ key, elements }`, or `null` when all are empty.
   *
   * @example
   * ```ts
   * await redis.lmpop(["q1", "q2"], "left", { count: 2 }); // { key: "q1", elements: ["a", "b"] }
   * ```
   */
  lmpop(
    keys: RedisKey[],
    from: "left" | "right",
    options: { count?: number } = {},
  ): Reply<M, KeyElements<S> | null, this> {
    assertOptions("lmpop", options, MPOP_KEYS);
    return this.call(
      ["LMPOP", ...mpopArgs("lmpop", keys, from, options.count)],
      toKeyElements<S>,
    );
  }

  /**
   * `lmpop`, waiting up to `timeout` seconds (0: forever) on a pooled connection.
   *
   * @example
   * ```ts
   * await redis.blmpop(1, ["q1", "q2"], "left"); // { key: "q2", elements: ["x"] } or null
   * ```
   */
  blmpop(
    timeout: number,
    keys: RedisKey[],
    from: "left" | "right",
    options: { count?: number } = {},
  ): Reply<M, KeyElements<S> | null, this> {
    assertOptions("blmpop", options, MPOP_KEYS);
    return this.call(
      [
        "BLMPOP",
        blockingSeconds("blmpop timeout", timeout),
        ...mpopArgs("blmpop", keys, from, options.count),
      ],
      toKeyElements<S>,
    );
  }

  /**
   * Pop the first element of the first non-empty list of `keys`, waiting up
   * to `timeout` seconds (0: forever) on a pooled connection: `{ key,
   * element }`, or `null` on timeout.
   *
   * @example
   * ```ts
   * await redis.blpop(["jobs"], 5); // { key: "jobs", element: "job-1" } or null
   * ```
   */
  blpop(keys: RedisKey[], timeout: number): Reply<M, KeyElement<S> | null, this> {
    assertNotEmpty("blpop keys", keys);
    return this.call(
      ["BLPOP", ...keys, blockingSeconds("blpop timeout", timeout)],
      toKeyElement<S>,
    );
  }

  /**
   * `blpop` from the tail.
   *
   * @example
   * ```ts
   * await redis.brpop(["jobs"], 5); // { key: "jobs", element: "job-9" } or null
   * ```
   */
  brpop(keys: RedisKey[], timeout: number): Reply<M, KeyElement<S> | null, this> {
    assertNotEmpty("brpop keys", keys);
    return this.call(
      ["BRPOP", ...keys, blockingSeconds("brpop timeout", timeout)],
      toKeyElement<S>,
    );
  }

  /**
   * Pop the tail of `source` and push it onto `destination`.
   *
   * @deprecated Use `lmove(source, destination, "right", "left")` instead.
   * @example
   * ```ts
   * await redis.rpoplpush("todo", "doing"); // "task-1"
   * ```
   */
  rpoplpush(source: RedisKey, destination: RedisKey): Reply<M, S | null, this> {
    return this.call(["RPOPLPUSH", source, destination], toTextOrNull<S>);
  }

  /**
   * `rpoplpush`, waiting up to `timeout` seconds.
   *
   * @deprecated Use `blmove(source, destination, "right", "left", timeout)` instead.
   * @example
   * ```ts
   * await redis.brpoplpush("todo", "doing", 5); // "task-1" or null
   * ```
   */
  brpoplpush(source: RedisKey, destination: RedisKey, timeout: number): Reply<M, S | null, this> {
    return this.call(
      ["BRPOPLPUSH", source, destination, blockingSeconds("brpoplpush timeout", timeout)],
      toTextOrNull<S>,
    );
  }
}
