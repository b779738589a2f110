/**
 * Shared reply transforms: each turns a RESP2 or RESP3 reply into one shape.
 *
 * @module
 */
import { ProtocolError } from "../errors/errors.ts";
import { parseDouble } from "../resp/decoder.ts";
import type { RespValue } from "../resp/types.ts";

const utf8 = new TextDecoder();

/** Text of a reply element that may be bytes. */
export function asString(value: RespValue): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return utf8.decode(value);
  return String(value);
}

/** A number from an integer, double, or a numeric bulk string (RESP2 scores: `inf`, `-inf` too). */
export function toNumber(value: RespValue): number {
  return typeof value === "number" ? value : parseDouble(asString(value));
}

/** An integer reply `1`/`0` (or a RESP3 boolean) → `true`/`false`. */
export function toBoolean(value: RespValue): boolean {
  return value === 1 || value === true;
}

/** An array reply as strings (help texts, names). */
export function toStrings(value: RespValue): string[] {
  return Array.isArray(value) ? value.map(asString) : [];
}

/** A string, keeping `null`. */
export function toStringOrNull(value: RespValue): string | null {
  return value === null ? null : asString(value);
}

/** An array of `toBoolean`s. */
export function toBooleans(value: RespValue): boolean[] {
  return (value as RespValue[]).map(toBoolean);
}

/** `toNumber`, keeping `null`. */
export function toNumberOrNull(value: RespValue): number | null {
  return value === null ? null : toNumber(value);
}

/** A flat `[k1, v1, k2, v2]` array (RESP2) or a map (RESP3) → a plain object with string keys. */
export function toRecord(value: RespValue): Record<string, RespValue> {
  const record: Record<string, RespValue> = {};
  if (value instanceof Map) {
    for (const [key, item] of value) record[asString(key)] = item;
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 2) record[asString(value[i])] = value[i + 1];
  } else if (value !== null) {
    throw new ProtocolError(`expected a map or an array, got ${typeof value}`);
  }
  return record;
}

/** A member with its score, as sorted-set commands return them. */
export interface ScoredMember<S> {
  /** The member. */
  member: S;
  /** Its score. */
  score: number;
}

/**
 * Members with scores: RESP2's flat `[m1, s1, m2, s2]` or RESP3's
 * `[[m1, s1], [m2, s2]]` → `{ member, score }[]`.
 */
export function toScoredMembers(value: RespValue): ScoredMember<RespValue>[] {
  if (!Array.isArray(value)) throw new ProtocolError("expected an array of members and scores");
  const members: ScoredMember<RespValue>[] = [];
  if (value.length > 0 && Array.isArray(value[0])) {
    for (const pair of value as RespValue[][]) {
      members.push({ member: pair[0], score: toNumber(pair[1]) });
    }
  } else {
    for (let i = 0; i < value.length; i += 2) {
      members.push({ member: value[i], score: toNumber(value[i + 1]) });
    }
  }
  return members;
}

/** The sections of an `INFO` reply: `{ server: { redis_version: "7.0.15", … }, … }`. */
export type InfoSections = Record<string, Record<string, string>>;

/** Parse `INFO` text: `# Section` headers and `key:value` lines; section names in lower case. */
export function toInfoSections(value: RespValue): InfoSections {
  const sections: InfoSections = {};
  let section: Record<string, string> = {};
  for (const line of asString(value).split("\r\n")) {
    if (line.startsWith("# ")) {
      section = sections[line.slice(2).trim().toLowerCase()] = {};
    } else if (line !== "") {
      const colon = line.indexOf(":");
      if (colon > 0) section[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return sections;
}
