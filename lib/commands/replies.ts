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
function kindOf(reply: RespValue): string {
  if (reply === null) return "null";
  if (reply instanceof Uint8Array) return "bytes";
  if (reply instanceof Map) return "a map";
  if (Array.isArray(reply)) return "an array";
  return `${typeof reply} ${String(reply).slice(0, 40)}`;
}

function unexpected(expected: string, reply: RespValue): ProtocolError {
  return new ProtocolError(`expected ${expected} reply, got ${kindOf(reply)}`);
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
  if (reply !== "OK") throw unexpected("an OK", reply);
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
  if (typeof reply !== "string") throw unexpected("a status", reply);
  return reply;
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
export function toText<S extends Text>(reply: RespValue): S {
  if (typeof reply !== "string" && !(reply instanceof Uint8Array)) {
    throw unexpected("a string", reply);
  }
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
  if (!Array.isArray(reply)) throw unexpected("an array", reply);
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
  if (!Array.isArray(reply)) throw unexpected("an array", reply);
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
  if (typeof reply !== "number" || !Number.isInteger(reply)) throw unexpected("an integer", reply);
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
  if (!Array.isArray(reply)) throw unexpected("an array", reply);
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
  throw unexpected("an integer", reply);
}
