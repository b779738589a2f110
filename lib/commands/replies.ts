/**
 * The reply kinds most commands return, as transforms whose types are checked
 * at run time: a command's declared reply type is its transform's return type
 * (see {@link CommandBase}), so a declaration cannot promise what the server
 * does not send. A reply of another kind is a {@link ProtocolError}.
 *
 * @module
 */
import { ProtocolError } from "../errors/errors.ts";
import type { RespValue } from "../resp/types.ts";
import type { Text } from "./command_base.ts";

/**
 * A 64-bit integer the server keeps for the user (a counter, a TTL): a
 * `number`, or a `bigint` beyond ±2^53 so that no digit is lost.
 */
export type Integer = number | bigint;

/** What a reply is, for error messages. */
function kindOf(value: RespValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Map) return "a map";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an error";
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

/**
 * A {@link ProtocolError} saying what a transform expected and what it got.
 *
 * @example
 * ```ts
 * throw unexpectedReply("an array", 3); // ProtocolError: expected an array reply, got number 3
 * ```
 */
export function unexpectedReply(expected: string, value: RespValue | undefined): ProtocolError {
  return new ProtocolError(`expected ${expected} reply, got ${kindOf(value)}`);
}

/**
 * The reply as decoded, for commands whose reply depends on what runs (EVAL, sendCommand).
 *
 * @example
 * ```ts
 * toRaw([1, "a"]); // [1, "a"]
 * ```
 */
export function toRaw(reply: RespValue): RespValue {
  return reply;
}

/**
 * The status reply `OK`.
 *
 * @example
 * ```ts
 * toOk("OK"); // "OK"
 * ```
 */
export function toOk(reply: RespValue): "OK" {
  if (reply !== "OK") throw unexpectedReply("an OK", reply);
  return reply;
}

/**
 * `OK`, or `null` when a condition did not hold (`SET … NX`).
 *
 * @example
 * ```ts
 * toOkOrNull(null); // null
 * ```
 */
export function toOkOrNull(reply: RespValue): "OK" | null {
  return reply === null ? null : toOk(reply);
}

/**
 * A status (simple string) reply, always text: `"PONG"`, `"string"`.
 *
 * @example
 * ```ts
 * toStatus("PONG"); // "PONG"
 * ```
 */
export function toStatus(reply: RespValue): string {
  if (typeof reply !== "string") throw unexpectedReply("a status", reply);
  return reply;
}

/**
 * Whether a reply element is text: a string, or bytes on the bytes view.
 *
 * @example
 * ```ts
 * isText("a"); // true
 * isText(1); // false
 * ```
 */
export function isText(value: RespValue | undefined): value is Text {
  return typeof value === "string" || value instanceof Uint8Array;
}

/**
 * A string reply: `S` is `string`, or `Uint8Array` on the bytes view (the
 * executor asks the decoder for bytes there).
 *
 * @example
 * ```ts
 * toText<string>("hello"); // "hello"
 * ```
 */
export function toText<S extends Text>(reply: RespValue | undefined): S {
  if (!isText(reply)) throw unexpectedReply("a string", reply);
  return reply as S;
}

/**
 * A string reply or `null` (`GET` of a missing key).
 *
 * @example
 * ```ts
 * toTextOrNull<string>(null); // null
 * ```
 */
export function toTextOrNull<S extends Text>(reply: RespValue): S | null {
  return reply === null ? null : toText<S>(reply);
}

/**
 * An array of strings (`KEYS`, `SMEMBERS`; a RESP3 set too).
 *
 * @example
 * ```ts
 * toTexts<string>(["a", "b"]); // ["a", "b"]
 * ```
 */
export function toTexts<S extends Text>(reply: RespValue): S[] {
  if (!Array.isArray(reply)) throw unexpectedReply("an array", reply);
  for (const item of reply) toText<S>(item);
  return reply as S[];
}

/**
 * An array of strings and nulls (`MGET`, `HMGET`).
 *
 * @example
 * ```ts
 * toTextsOrNull<string>(["a", null]); // ["a", null]
 * ```
 */
export function toTextsOrNull<S extends Text>(reply: RespValue): (S | null)[] {
  if (!Array.isArray(reply)) throw unexpectedReply("an array", reply);
  for (const item of reply) if (item !== null) toText<S>(item);
  return reply as (S | null)[];
}

/**
 * A count, length, index or flag: an integer that a server's memory bounds
 * far below 2^53, so always a `number`.
 *
 * @example
 * ```ts
 * toCount(3); // 3
 * ```
 */
export function toCount(reply: RespValue): number {
  if (typeof reply !== "number" || !Number.isInteger(reply)) {
    throw unexpectedReply("an integer", reply);
  }
  return reply;
}

/**
 * {@link toCount}, or `null` (`ZRANK` of a missing member).
 *
 * @example
 * ```ts
 * toCountOrNull(null); // null
 * ```
 */
export function toCountOrNull(reply: RespValue): number | null {
  return reply === null ? null : toCount(reply);
}

/**
 * An array of {@link toCount}s.
 *
 * @example
 * ```ts
 * toCounts([1, 0]); // [1, 0]
 * ```
 */
export function toCounts(reply: RespValue): number[] {
  if (!Array.isArray(reply)) throw unexpectedReply("an array", reply);
  for (const item of reply) toCount(item);
  return reply as number[];
}

/**
 * A 64-bit integer value ({@link Integer}): `INCR`, `TTL`, `HINCRBY`.
 *
 * @example
 * ```ts
 * toInteger(9007199254740993n); // 9007199254740993n
 * ```
 */
export function toInteger(reply: RespValue): Integer {
  if (typeof reply === "bigint" || (typeof reply === "number" && Number.isInteger(reply))) {
    return reply;
  }
  throw unexpectedReply("an integer", reply);
}
