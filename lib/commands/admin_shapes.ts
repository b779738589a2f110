/**
 * Builders for the nested replies of the server, connection, scripting, ACL
 * and cluster commands: each turns a RESP2 or RESP3 reply into one shape,
 * checking what it relies on (a reply of another kind is a
 * {@link ProtocolError}). RESP3 maps and RESP2 flat arrays become the same
 * records, and numbers RESP2 sends as text become numbers. Every object
 * built here has no prototype, so that a key chosen by the server or a user
 * (`__proto__`, `constructor`) is an own property like any other.
 *
 * Not exported from `mod.ts`: the command files use these.
 *
 * @module
 */
import { DataError, ProtocolError, type ResponseError } from "../errors/errors.ts";
import type { RespValue } from "../resp/types.ts";
import type { Text } from "./command_base.ts";
import { type Integer, toInteger, toText, unexpectedReply } from "./replies.ts";
import { arrayOf, asString, emptyRecord, pairsOf } from "./transforms.ts";
import { describeValue } from "./validate.ts";

/** Turns one reply element into a `T`. */
export type Shaper<T> = (value: RespValue) => T;

/**
 * A shaper for each field of `T` (optional fields included), given the value
 * the field holds when present.
 */
export type FieldShapers<T> = { readonly [K in keyof T]-?: Shaper<Exclude<T[K], undefined>> };

/**
 * `fields` as an object without prototype.
 *
 * @example
 * ```ts
 * Object.getPrototypeOf(bare({ a: 1 })); // null
 * ```
 */
export function bare<T extends object>(fields: T): T {
  return Object.assign(Object.create(null), fields);
}

/**
 * A text element (a string, or bytes on the bytes view) as a string.
 *
 * @example
 * ```ts
 * text(new Uint8Array([104, 105])); // "hi"
 * ```
 */
export function text(value: RespValue): string {
  return asString(toText<Text>(value));
}

/**
 * {@link text}, or `null`.
 *
 * @example
 * ```ts
 * textOrNull(null); // null
 * ```
 */
export function textOrNull(value: RespValue): string | null {
  return value === null ? null : text(value);
}

/**
 * An array of {@link text}s (a RESP3 set too).
 *
 * @example
 * ```ts
 * texts(["a", "b"]); // ["a", "b"]
 * ```
 */
export function texts(value: RespValue): string[] {
  return arrayOf(value).map(text);
}

const DECIMAL = /^-?\d+$/;

/**
 * A count, length or small integer: an integer reply, or its decimal text
 * (`TIME`, the ports of `ROLE`).
 *
 * @example
 * ```ts
 * count("6380"); // 6380
 * ```
 */
export function count(value: RespValue): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" || value instanceof Uint8Array) {
    const source = asString(value);
    if (DECIMAL.test(source) && Number.isSafeInteger(Number(source))) return Number(source);
  }
  throw unexpectedReply("an integer", value);
}

/**
 * An {@link Integer}: an integer reply, or its decimal text; a `bigint`
 * beyond ±2^53 (replication offsets, client ids).
 *
 * @example
 * ```ts
 * integer("9007199254740993"); // 9007199254740993n
 * ```
 */
export function integer(value: RespValue): Integer {
  if (typeof value === "string" || value instanceof Uint8Array) {
    const source = asString(value);
    if (!DECIMAL.test(source)) throw unexpectedReply("an integer", value);
    const parsed = Number(source);
    return Number.isSafeInteger(parsed) ? parsed : BigInt(source);
  }
  return toInteger(value);
}

/**
 * A transform that accepts only the status `literal` (`"RESET"`).
 *
 * @example
 * ```ts
 * status("RESET")("RESET"); // "RESET"
 * ```
 */
export function status<L extends string>(literal: L): Shaper<L> {
  return (value) => {
    if (value !== literal) throw unexpectedReply(`a ${literal}`, value);
    return literal;
  };
}

/**
 * `shape`, or `null` for a null reply.
 *
 * @example
 * ```ts
 * orNull(text)(null); // null
 * ```
 */
export function orNull<T>(shape: Shaper<T>): Shaper<T | null> {
  return (value) => value === null ? null : shape(value);
}

/**
 * An array whose elements each go through `shape`.
 *
 * @example
 * ```ts
 * listOf(count)([1, "2"]); // [1, 2]
 * ```
 */
export function listOf<T>(shape: Shaper<T>): Shaper<T[]> {
  return (value) => arrayOf(value).map((item) => shape(item));
}

/**
 * A RESP3 map or a RESP2 flat `[k1, v1, …]` array whose keys are data (names
 * of channels, engines, buckets): a record without prototype, each value
 * through `shape`.
 *
 * @example
 * ```ts
 * recordOf(count)(["news", 2]); // { news: 2 }, without prototype
 * ```
 */
export function recordOf<T>(shape: Shaper<T>): Shaper<Record<string, T>> {
  return (value) => {
    const record = emptyRecord<T>();
    for (const [key, item] of pairsOf(value)) record[asString(key)] = shape(item);
    return record;
  };
}

/** A reply element with RESP3 maps made records (for fields no shaper knows). */
type PlainReply =
  | string
  | Uint8Array
  | number
  | bigint
  | boolean
  | null
  | ResponseError
  | PlainReply[]
  | { [key: string]: PlainReply };

/**
 * A field no shaper knows, kept: maps become records without prototype,
 * arrays are kept (a RESP2 flat map stays an array), scalars as they are.
 */
function plain(value: RespValue): PlainReply {
  if (value instanceof Map) {
    const record = emptyRecord<PlainReply>();
    for (const [key, item] of value) record[asString(key)] = plain(item);
    return record;
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/**
 * A RESP3 map or a RESP2 flat array with known fields: an object without
 * prototype whose fields each go through their shaper. Fields not in
 * `optional` must be present; fields that no shaper knows (a newer server's)
 * are kept, RESP3 maps in them made records.
 *
 * @example
 * ```ts
 * const toUser = fieldsOf<{ name: string; age?: number }>({ name: text, age: count }, ["age"]);
 * toUser(["name", "Ada"]); // { name: "Ada" }, without prototype
 * ```
 */
export function fieldsOf<T extends object>(
  shapers: FieldShapers<T>,
  optional: readonly (keyof T & string)[] = [],
): Shaper<T> {
  const known = new Map<string, Shaper<unknown>>(Object.entries(shapers));
  const required = [...known.keys()].filter((key) => !optional.some((name) => name === key));
  return (value) => {
    const record = emptyRecord<unknown>();
    for (const [key, item] of pairsOf(value)) {
      const name = asString(key);
      const shape = known.get(name);
      record[name] = shape === undefined ? plain(item) : shape(item);
    }
    for (const key of required) {
      if (!(key in record)) throw new ProtocolError(`expected a field '${key}' in the reply`);
    }
    // Checked above: every required field is present, and each known one went through its shaper.
    return record as T;
  };
}

/**
 * A client id argument: an integer ≥ 0, a safe `number` or a `bigint`
 * (as `clientId()` returns it).
 *
 * @example
 * ```ts
 * assertClientId("clientKill id", 42n);
 * ```
 */
export function assertClientId(name: string, value: unknown): asserts value is Integer {
  if (typeof value === "bigint" ? value >= 0n : Number.isSafeInteger(value) && Number(value) >= 0) {
    return;
  }
  throw new DataError(`${name}: expected an integer ≥ 0, got ${describeValue(value)}`);
}

/** A loaded module, as `HELLO` and `MODULE LIST` describe it. */
export interface ModuleInfo {
  /** The module's name. */
  name: string;
  /** Its version. */
  ver: number;
  /** The path it was loaded from (Redis 7+). */
  path?: string;
  /** The arguments it was loaded with (Redis 7+). */
  args?: string[];
}

/**
 * A module of `MODULE LIST` or `HELLO`.
 *
 * @example
 * ```ts
 * toModuleInfo(["name", "search", "ver", 20800]); // { name: "search", ver: 20800 }
 * ```
 */
export const toModuleInfo: Shaper<ModuleInfo> = fieldsOf<ModuleInfo>(
  { name: text, ver: count, path: text, args: texts },
  ["path", "args"],
);
