/**
 * Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { StringCommands } from "./string.ts";
import { assertInteger, assertNotEmpty } from "./validate.ts";

/** A byte or bit range of `bitcount` and `bitpos`: `start` and `end` included, negative from the end. */
export interface BitRange {
  /** First byte (or bit). */
  start: number;
  /** Last byte (or bit); for `bitpos`, optional. */
  end?: number;
  /** Whether the numbers count bytes (default) or bits (Redis 7+). */
  unit?: "byte" | "bit";
}

/** One operation of `bitfield`: read, write or add to an integer field. */
export type BitfieldOperation =
  | { get: { encoding: string; offset: number | string } }
  | { set: { encoding: string; offset: number | string; value: number } }
  | { incrby: { encoding: string; offset: number | string; increment: number } }
  | { overflow: "wrap" | "sat" | "fail" };

function rangeArgs(name: string, range: BitRange | undefined, endRequired: boolean): RedisArg[] {
  if (range === undefined) return [];
  assertInteger(`${name} start`, range.start);
  const args: RedisArg[] = [range.start];
  if (range.end !== undefined) {
    assertInteger(`${name} end`, range.end);
    args.push(range.end);
  } else if (endRequired || range.unit !== undefined) {
    throw new DataError(`${name}: a range needs its end${range.unit ? " with a unit" : ""}`);
  }
  if (range.unit !== undefined) args.push(range.unit.toUpperCase());
  return args;
}

function bitfieldArgs(name: string, operations: BitfieldOperation[]): RedisArg[] {
  const args: RedisArg[] = [];
  for (const operation of operations) {
    if ("get" in operation) args.push("GET", operation.get.encoding, operation.get.offset);
    else if ("set" in operation) {
      args.push("SET", operation.set.encoding, operation.set.offset, operation.set.value);
    } else if ("incrby" in operation) {
      const { encoding, offset, increment } = operation.incrby;
      args.push("INCRBY", encoding, offset, increment);
    } else if ("overflow" in operation) args.push("OVERFLOW", operation.overflow.toUpperCase());
    else throw new DataError(`${name}: expected get, set, incrby or overflow operations`);
  }
  return args;
}

/**
 * Commands on strings as bit arrays.
 *
 * @example
 * ```ts
 * await redis.setbit("flags", 7, 1); // 0
 * ```
 */
export abstract class BitmapCommands<M extends Mode, S extends Text> extends StringCommands<M, S> {
  /**
   * Set the bit at `offset` to `value`; returns the bit it had.
   *
   * @example
   * ```ts
   * await redis.setbit("flags", 7, 1); // 0
   * ```
   */
  setbit(key: RedisKey, offset: number, value: 0 | 1): Reply<M, 0 | 1, this> {
    assertInteger("setbit offset", offset, 0);
    if (value !== 0 && value !== 1) {
      throw new DataError(`setbit value: expected 0 or 1, got ${value}`);
    }
    return this.call(["SETBIT", key, offset, value]);
  }

  /**
   * The bit at `offset` (0 past the end).
   *
   * @example
   * ```ts
   * await redis.getbit("flags", 7); // 1
   * ```
   */
  getbit(key: RedisKey, offset: number): Reply<M, 0 | 1, this> {
    assertInteger("getbit offset", offset, 0);
    return this.call(["GETBIT", key, offset]);
  }

  /**
   * How many bits are set, in the whole string or a range.
   *
   * @example
   * ```ts
   * await redis.bitcount("flags"); // 3
   * await redis.bitcount("flags", { start: 0, end: 7, unit: "bit" }); // 1
   * ```
   */
  bitcount(key: RedisKey, range?: BitRange): Reply<M, number, this> {
    return this.call(["BITCOUNT", key, ...rangeArgs("bitcount", range, true)]);
  }

  /**
   * The position of the first bit set to `bit`, in the string or a range (-1 when none).
   *
   * @example
   * ```ts
   * await redis.bitpos("flags", 1); // 7
   * ```
   */
  bitpos(key: RedisKey, bit: 0 | 1, range?: BitRange): Reply<M, number, this> {
    if (bit !== 0 && bit !== 1) throw new DataError(`bitpos bit: expected 0 or 1, got ${bit}`);
    return this.call(["BITPOS", key, bit, ...rangeArgs("bitpos", range, false)]);
  }

  /**
   * Combine strings bit by bit into `destination` (`not` takes one key);
   * returns the length of the result.
   *
   * @example
   * ```ts
   * await redis.bitop("and", "both", "a", "b"); // 1
   * ```
   */
  bitop(
    operation: "and" | "or" | "xor" | "not",
    destination: RedisKey,
    ...keys: RedisKey[]
  ): Reply<M, number, this> {
    if (!["and", "or", "xor", "not"].includes(operation)) {
      throw new DataError(
        `bitop operation: expected and, or, xor or not, got ${String(operation)}`,
      );
    }
    assertNotEmpty("bitop keys", keys);
    if (operation === "not" && keys.length !== 1) {
      throw new DataError(`bitop not: expected one key, got ${keys.length}`);
    }
    return this.call(["BITOP", operation.toUpperCase(), destination, ...keys]);
  }

  /**
   * Read, write and add to integer fields of any width (`"u8"`, `"i16"`, …)
   * at bit offsets (`"#2"`: the third field of that width); one reply per
   * get/set/incrby, `null` where OVERFLOW FAIL stopped it.
   *
   * @example
   * ```ts
   * await redis.bitfield("f", [{ set: { encoding: "u8", offset: 0, value: 200 } }, {
   *   incrby: { encoding: "u8", offset: 0, increment: 100 },
   * }]); // [0, 44]
   * ```
   */
  bitfield(key: RedisKey, operations: BitfieldOperation[]): Reply<M, (number | null)[], this> {
    assertNotEmpty("bitfield operations", operations);
    return this.call(["BITFIELD", key, ...bitfieldArgs("bitfield", operations)]);
  }

  /**
   * `bitfield` with GET operations only, allowed on replicas.
   *
   * @example
   * ```ts
   * await redis.bitfieldRo("f", [{ encoding: "u8", offset: 0 }]); // [44]
   * ```
   */
  bitfieldRo(
    key: RedisKey,
    gets: { encoding: string; offset: number | string }[],
  ): Reply<M, number[], this> {
    assertNotEmpty("bitfieldRo gets", gets);
    const args: RedisArg[] = ["BITFIELD_RO", key];
    for (const { encoding, offset } of gets) args.push("GET", encoding, offset);
    return this.call(args);
  }
}
