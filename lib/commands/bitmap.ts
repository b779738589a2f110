/**
 * Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import { type Integer, toCount, toInteger, unexpectedReply } from "./replies.ts";
import { arrayOf } from "./transforms.ts";
import {
  assertInteger,
  assertInteger64,
  assertNotEmpty,
  assertOneOf,
  assertOptions,
  describeValue,
  optionKeys,
} from "./validate.ts";

/**
 * A byte or bit range of `bitcount` and `bitpos`: `start` and `end` included, negative from the end.
 *
 * @example
 * ```ts
 * const range: BitRange = { start: 0, end: 7, unit: "bit" };
 * await redis.bitcount("flags", range);
 * ```
 */
export interface BitRange {
  /** First byte (or bit). */
  start: number;
  /** Last byte (or bit); for `bitpos`, optional. */
  end?: number;
  /** Whether the numbers count bytes (default) or bits (Redis 7+). */
  unit?: "byte" | "bit";
}

const BIT_RANGE_KEYS = optionKeys<BitRange>({ start: true, end: true, unit: true });

/**
 * One operation of `bitfield`: read, write or add to an integer field.
 *
 * @example
 * ```ts
 * const increment: BitfieldOperation = { incrby: { encoding: "u8", offset: 0, increment: 1 } };
 * await redis.bitfield("counters", [{ overflow: "sat" }, increment]); // [1]
 * ```
 */
export type BitfieldOperation =
  | { get: { encoding: string; offset: number | string } }
  | { set: { encoding: string; offset: number | string; value: number | bigint } }
  | { incrby: { encoding: string; offset: number | string; increment: number | bigint } }
  | { overflow: "wrap" | "sat" | "fail" };

const BITFIELD_OPERATIONS = ["get", "set", "incrby", "overflow"];
const BITFIELD_FIELD_KEYS: Readonly<Record<string, readonly string[]>> = {
  get: optionKeys<{ encoding: string; offset: number | string }>({ encoding: true, offset: true }),
  set: optionKeys<{ encoding: string; offset: number | string; value: number | bigint }>({
    encoding: true,
    offset: true,
    value: true,
  }),
  incrby: optionKeys<{ encoding: string; offset: number | string; increment: number | bigint }>({
    encoding: true,
    offset: true,
    increment: true,
  }),
};

/** A bit: `0` or `1`. */
function toBit(reply: RespValue): 0 | 1 {
  if (reply === 0 || reply === 1) return reply;
  throw unexpectedReply("a 0 or 1", reply);
}

/** BITFIELD: an {@link Integer} per GET, SET and INCRBY, `null` where OVERFLOW FAIL stopped one. */
function toIntegersOrNull(reply: RespValue): (Integer | null)[] {
  return arrayOf(reply).map((item) => item === null ? null : toInteger(item));
}

/** BITFIELD_RO: an {@link Integer} per GET. */
function toIntegers(reply: RespValue): Integer[] {
  return arrayOf(reply).map(toInteger);
}

/** A field's encoding: `i` or `u` and a width, `"u8"`, `"i64"`. */
function encodingArg(name: string, value: unknown): string {
  if (typeof value !== "string" || !/^[iu]\d{1,2}$/.test(value)) {
    throw new DataError(
      `${name}: expected an encoding like "u8" or "i16", got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A field's offset: a bit offset ≥ 0, or `"#n"` for the n-th field of its width. */
function offsetArg(name: string, value: unknown): number | string {
  if (typeof value === "string" && /^#\d+$/.test(value)) return value;
  assertInteger(name, value, 0);
  return value;
}

function rangeArgs(name: string, range: BitRange | undefined, endRequired: boolean): RedisArg[] {
  if (range === undefined) return [];
  if (typeof range !== "object" || range === null) {
    throw new DataError(`${name} range: expected an object, got ${describeValue(range)}`);
  }
  assertOptions(`${name} range`, range, BIT_RANGE_KEYS);
  assertInteger(`${name} start`, range.start);
  const args: RedisArg[] = [range.start];
  if (range.end !== undefined) {
    assertInteger(`${name} end`, range.end);
    args.push(range.end);
  } else if (endRequired || range.unit !== undefined) {
    throw new DataError(`${name}: a range needs its end${range.unit ? " with a unit" : ""}`);
  }
  if (range.unit !== undefined) {
    args.push(assertOneOf(`${name} unit`, range.unit, ["byte", "bit"]).toUpperCase());
  }
  return args;
}

function bitfieldArgs(name: string, operations: BitfieldOperation[]): RedisArg[] {
  const args: RedisArg[] = [];
  operations.forEach((operation, i) => {
    const at = `${name} operations[${i}]`;
    if (typeof operation !== "object" || operation === null) {
      throw new DataError(`${at}: expected an operation, got ${describeValue(operation)}`);
    }
    assertOptions(at, operation, BITFIELD_OPERATIONS);
    const kinds = BITFIELD_OPERATIONS.filter((kind) => kind in operation);
    if (kinds.length !== 1) {
      throw new DataError(
        `${at}: expected one of get, set, incrby or overflow, got ${
          kinds.length === 0 ? "none" : kinds.join(" and ")
        }`,
      );
    }
    const field: unknown = Reflect.get(operation, kinds[0]);
    if (kinds[0] !== "overflow") {
      assertOptions(`${at}.${kinds[0]}`, field, BITFIELD_FIELD_KEYS[kinds[0]]);
    }
    if ("get" in operation) {
      const { encoding, offset } = operation.get;
      args.push("GET", encodingArg(`${at}.get.encoding`, encoding));
      args.push(offsetArg(`${at}.get.offset`, offset));
    } else if ("set" in operation) {
      const { encoding, offset, value } = operation.set;
      assertInteger64(`${at}.set.value`, value);
      args.push("SET", encodingArg(`${at}.set.encoding`, encoding));
      args.push(offsetArg(`${at}.set.offset`, offset), value);
    } else if ("incrby" in operation) {
      const { encoding, offset, increment } = operation.incrby;
      assertInteger64(`${at}.incrby.increment`, increment);
      args.push("INCRBY", encodingArg(`${at}.incrby.encoding`, encoding));
      args.push(offsetArg(`${at}.incrby.offset`, offset), increment);
    } else {
      const overflow = assertOneOf(`${at}.overflow`, operation.overflow, ["wrap", "sat", "fail"]);
      args.push("OVERFLOW", overflow.toUpperCase());
    }
  });
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
export abstract class BitmapCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
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
      throw new DataError(`setbit value: expected 0 or 1, got ${describeValue(value)}`);
    }
    return this.call(["SETBIT", key, offset, value], toBit);
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
    return this.call(["GETBIT", key, offset], toBit);
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
    return this.call(["BITCOUNT", key, ...rangeArgs("bitcount", range, true)], toCount);
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
    if (bit !== 0 && bit !== 1) {
      throw new DataError(`bitpos bit: expected 0 or 1, got ${describeValue(bit)}`);
    }
    return this.call(["BITPOS", key, bit, ...rangeArgs("bitpos", range, false)], toCount);
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
    const op = assertOneOf("bitop operation", operation, ["and", "or", "xor", "not"]);
    assertNotEmpty("bitop keys", keys);
    if (op === "not" && keys.length !== 1) {
      throw new DataError(`bitop not: expected one key, got ${keys.length}`);
    }
    return this.call(["BITOP", op.toUpperCase(), destination, ...keys], toCount);
  }

  /**
   * Read, write and add to integer fields of any width (`"u8"`, `"i16"`, …)
   * at bit offsets (`"#2"`: the third field of that width); one reply per
   * get/set/incrby, `null` where OVERFLOW FAIL stopped it. Each is an
   * {@link Integer}: a `bigint` beyond ±2^53 (`i64` fields).
   *
   * @example
   * ```ts
   * await redis.bitfield("f", [{ set: { encoding: "u8", offset: 0, value: 200 } }, {
   *   incrby: { encoding: "u8", offset: 0, increment: 100 },
   * }]); // [0, 44]
   * ```
   */
  bitfield(key: RedisKey, operations: BitfieldOperation[]): Reply<M, (Integer | null)[], this> {
    assertNotEmpty("bitfield operations", operations);
    return this.call(["BITFIELD", key, ...bitfieldArgs("bitfield", operations)], toIntegersOrNull);
  }

  /**
   * `bitfield` with GET operations only, allowed on replicas; each value an
   * {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.bitfieldRo("f", [{ encoding: "u8", offset: 0 }]); // [44]
   * ```
   */
  bitfieldRo(
    key: RedisKey,
    gets: { encoding: string; offset: number | string }[],
  ): Reply<M, Integer[], this> {
    assertNotEmpty("bitfieldRo gets", gets);
    const args: RedisArg[] = ["BITFIELD_RO", key];
    gets.forEach((get, i) => {
      if (typeof get !== "object" || get === null) {
        throw new DataError(
          `bitfieldRo gets[${i}]: expected { encoding, offset }, got ${describeValue(get)}`,
        );
      }
      args.push("GET", encodingArg(`bitfieldRo gets[${i}].encoding`, get.encoding));
      args.push(offsetArg(`bitfieldRo gets[${i}].offset`, get.offset));
    });
    return this.call(args, toIntegers);
  }
}
