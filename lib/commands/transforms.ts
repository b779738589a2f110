/**
 * Shared reply transforms: each turns a RESP2 or RESP3 reply into one shape,
 * checking at run time what it relies on (a reply of another kind is a
 * `ProtocolError`). Records — objects whose keys come from the server
 * or from users — have no prototype, so that a key named `__proto__` or
 * `constructor` is an own property like any other.
 *
 * @module
 */
import { parseDouble } from "../resp/decoder.ts";
import type { RespValue } from "../resp/types.ts";
import type { Text } from "./command_base.ts";
import { isText, toText, unexpectedReply } from "./replies.ts";

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Text of a reply element that may be bytes.
 *
 * @example
 * ```ts
 * asString(new Uint8Array([104, 105])); // "hi"
 * ```
 */
export function asString(value: RespValue): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return utf8.decode(value);
  return String(value);
}

/**
 * A reply that must be an array.
 *
 * @example
 * ```ts
 * arrayOf([1, 2]); // [1, 2]
 * ```
 */
export function arrayOf(value: RespValue | undefined): RespValue[] {
  if (!Array.isArray(value)) throw unexpectedReply("an array", value);
  return value;
}

/**
 * A number from an integer, double, or a numeric bulk string (RESP2 scores: `inf`, `-inf` too).
 *
 * @example
 * ```ts
 * toNumber("1.5"); // 1.5
 * toNumber("-inf"); // -Infinity
 * ```
 */
export function toNumber(value: RespValue): number {
  if (typeof value === "number") return value;
  if (!isText(value)) throw unexpectedReply("a number", value);
  return parseDouble(asString(value));
}

/**
 * An integer reply `1`/`0` (or a RESP3 boolean) → `true`/`false`.
 *
 * @example
 * ```ts
 * toBoolean(1); // true
 * ```
 */
export function toBoolean(value: RespValue): boolean {
  if (value === 1 || value === true) return true;
  if (value === 0 || value === false) return false;
  throw unexpectedReply("a 0 or 1", value);
}

/**
 * An array reply as strings (help texts, names); `null` is an empty array.
 *
 * @example
 * ```ts
 * toStrings(["a", new Uint8Array([98])]); // ["a", "b"]
 * ```
 */
export function toStrings(value: RespValue): string[] {
  return value === null ? [] : arrayOf(value).map(asString);
}

/**
 * A string, keeping `null`.
 *
 * @example
 * ```ts
 * toStringOrNull(null); // null
 * ```
 */
export function toStringOrNull(value: RespValue): string | null {
  return value === null ? null : asString(value);
}

/**
 * An array of {@link toBoolean}s.
 *
 * @example
 * ```ts
 * toBooleans([1, 0]); // [true, false]
 * ```
 */
export function toBooleans(value: RespValue): boolean[] {
  return arrayOf(value).map(toBoolean);
}

/**
 * {@link toNumber}, keeping `null`.
 *
 * @example
 * ```ts
 * toNumberOrNull(null); // null
 * ```
 */
export function toNumberOrNull(value: RespValue): number | null {
  return value === null ? null : toNumber(value);
}

/**
 * An empty record: an object without prototype, so that any key (`__proto__`
 * too) is an ordinary own property.
 *
 * @example
 * ```ts
 * const record = emptyRecord<string>();
 * record["__proto__"] = "x"; // an own property
 * ```
 */
export function emptyRecord<V>(): Record<string, V> {
  return Object.create(null);
}

/**
 * The key and value pairs of a flat `[k1, v1, k2, v2]` array (RESP2) or a map (RESP3).
 *
 * @example
 * ```ts
 * [...pairsOf(["a", 1])]; // [["a", 1]]
 * ```
 */
export function* pairsOf(value: RespValue): Generator<[RespValue, RespValue], void, undefined> {
  if (value instanceof Map) {
    yield* value;
  } else if (Array.isArray(value)) {
    if (value.length % 2 !== 0) throw unexpectedReply("an even-length array", value);
    for (let i = 0; i < value.length; i += 2) yield [value[i], value[i + 1]];
  } else {
    throw unexpectedReply("a map or an array", value);
  }
}

/**
 * A flat `[k1, v1, k2, v2]` array (RESP2) or a map (RESP3) → a record with
 * string keys and no prototype (`null` gives an empty record).
 *
 * @example
 * ```ts
 * toRecord(["a", 1]); // { a: 1 }, without prototype
 * ```
 */
export function toRecord(value: RespValue): Record<string, RespValue> {
  const record = emptyRecord<RespValue>();
  if (value === null) return record;
  for (const [key, item] of pairsOf(value)) record[asString(key)] = item;
  return record;
}

/**
 * {@link toRecord} whose values must be text (`HGETALL`, stream entry
 * fields): `Record<string, S>` without prototype.
 *
 * @example
 * ```ts
 * toTextRecord<string>(["name", "Ada"]); // { name: "Ada" }, without prototype
 * ```
 */
export function toTextRecord<S extends Text>(value: RespValue): Record<string, S> {
  const record = emptyRecord<S>();
  if (value === null) return record;
  for (const [key, item] of pairsOf(value)) record[asString(key)] = toText<S>(item);
  return record;
}

/**
 * A member with its score, as sorted-set commands return them.
 *
 * @example
 * ```ts
 * const [top]: ScoredMember<string>[] = await redis.zrange("board", 0, 0, { rev: true, withscores: true });
 * top.score; // 15
 * ```
 */
export interface ScoredMember<S> {
  /** The member. */
  member: S;
  /** Its score. */
  score: number;
}

/**
 * Members with scores: RESP2's flat `[m1, s1, m2, s2]` or RESP3's
 * `[[m1, s1], [m2, s2]]` → `{ member, score }[]`.
 *
 * @example
 * ```ts
 * toScoredMembers<string>(["a", "1.5"]); // [{ member: "a", score: 1.5 }]
 * ```
 */
export function toScoredMembers<S extends Text = Text>(value: RespValue): ScoredMember<S>[] {
  const items = arrayOf(value);
  const members: ScoredMember<S>[] = [];
  if (items.length > 0 && Array.isArray(items[0])) {
    for (const pair of items) {
      const [member, score] = arrayOf(pair);
      members.push({ member: toText<S>(member), score: toNumber(score) });
    }
  } else {
    if (items.length % 2 !== 0) throw unexpectedReply("members with scores", value);
    for (let i = 0; i < items.length; i += 2) {
      members.push({ member: toText<S>(items[i]), score: toNumber(items[i + 1]) });
    }
  }
  return members;
}

/**
 * The sections of an `INFO` reply: `{ server: { redis_version: "7.0.15", … }, … }`.
 *
 * @example
 * ```ts
 * const sections: InfoSections = toInfoSections("# Server\r\nredis_version:7.0.15\r\n");
 * sections.server.redis_version; // "7.0.15"
 * ```
 */
export type InfoSections = Record<string, Record<string, string>>;

/**
 * Parse `INFO` text: `# Section` headers and `key:value` lines; section names
 * in lower case. The sections and each section are records without prototype.
 *
 * @example
 * ```ts
 * toInfoSections("# Server\r\nredis_version:7.0.15\r\n").server.redis_version; // "7.0.15"
 * ```
 */
export function toInfoSections(value: RespValue): InfoSections {
  const sections = emptyRecord<Record<string, string>>();
  let section = emptyRecord<string>();
  for (const line of asString(value).split("\r\n")) {
    if (line.startsWith("# ")) {
      section = sections[line.slice(2).trim().toLowerCase()] = emptyRecord<string>();
    } else if (line !== "") {
      const colon = line.indexOf(":");
      if (colon > 0) section[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return sections;
}

/**
 * One reply of a SCAN-family command: `[cursor, items]` → the next cursor
 * (`"0"` at the end) and the page's items.
 *
 * @example
 * ```ts
 * toScanReply(["17", ["a", "b"]]); // { cursor: "17", items: ["a", "b"] }
 * ```
 */
export function toScanReply(value: RespValue): { cursor: string; items: RespValue[] } {
  const [cursor, items] = arrayOf(value);
  if (!isText(cursor)) throw unexpectedReply("a cursor", cursor);
  return { cursor: asString(cursor), items: arrayOf(items) };
}
