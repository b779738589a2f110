/**
 * The `keyPrefix` option's work, as pure functions: the prefix put before
 * every key of a command (found by the server's key specs), before the
 * patterns of KEYS and SCAN (glob metacharacters escaped), and taken off the
 * key names in the replies that return them.
 *
 * @module
 */
import { argText, commandKeyPositions, commandName } from "./command_keys.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";

/** Commands whose key specs name shard channels, not keys: channels get no prefix. */
const CHANNEL_COMMANDS: ReadonlySet<string> = new Set(["SPUBLISH", "SSUBSCRIBE", "SUNSUBSCRIBE"]);

const utf8 = new TextEncoder();

/** The last prefix encoded, and its bytes: a client asks for the same one every time. */
let encodedPrefix = "";
let encodedBytes = new Uint8Array(0);

function prefixBytes(prefix: string): Uint8Array {
  if (prefix !== encodedPrefix) {
    encodedBytes = utf8.encode(prefix);
    encodedPrefix = prefix;
  }
  return encodedBytes;
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/** `prefix` before `key`: bytes stay bytes, a number becomes text. */
function prefixed(key: RedisArg, prefix: string): RedisArg {
  if (key instanceof Uint8Array) return concat(prefixBytes(prefix), key);
  return prefix + String(key);
}

/**
 * `text` with the glob metacharacters of KEYS and SCAN MATCH (`* ? [ ] \`)
 * escaped by a backslash: a pattern that matches `text` literally.
 *
 * @example
 * ```ts
 * escapeGlob("a*[b]?:"); // "a\\*\\[b\\]\\?:"
 * ```
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/** `pattern` restricted to the keys under `prefix`. */
function prefixedPattern(pattern: RedisArg, prefix: string): RedisArg {
  const escaped = escapeGlob(prefix);
  if (pattern instanceof Uint8Array) return concat(prefixBytes(escaped), pattern);
  return escaped + String(pattern);
}

function isKeyword(arg: RedisArg, keyword: string): boolean {
  return argText(arg).toUpperCase() === keyword;
}

function isEmpty(arg: RedisArg): boolean {
  return arg instanceof Uint8Array ? arg.length === 0 : arg === "";
}

/**
 * The arguments of a command with `prefix` before each of its keys (the
 * positions the server's key specs give: EVAL's and FCALL's numkeys,
 * XREAD's STREAMS, MSET's pairs, …) and SORT's STORE destination; KEYS's
 * pattern and SCAN's MATCH patterns get the prefix with its glob
 * metacharacters escaped, and a SCAN without MATCH gets `MATCH <prefix>*`.
 * Shard channels (SPUBLISH, SSUBSCRIBE) and MIGRATE's empty key (of its
 * KEYS form) are left alone. A string key gets `prefix + key`, bytes the
 * prefix's UTF-8 bytes before theirs, a number `prefix + String(n)`. With
 * no prefix, or for a command without keys, `args` itself is returned; else
 * a copy.
 *
 * @example
 * ```ts
 * withKeyPrefix(["MSET", "a", "1", "b", "2"], "app:"); // ["MSET", "app:a", "1", "app:b", "2"]
 * withKeyPrefix(["EVAL", "return 1", 1, "k", "arg"], "app:"); // ["EVAL", "return 1", 1, "app:k", "arg"]
 * withKeyPrefix(["SCAN", "0"], "a*:"); // ["SCAN", "0", "MATCH", "a\\*:*"]
 * withKeyPrefix(["GET", "k"], undefined); // the same array
 * ```
 */
export function withKeyPrefix(args: RedisArg[], prefix: string | undefined): RedisArg[];
/** {@link withKeyPrefix} for arguments the caller may not have made mutable. */
export function withKeyPrefix(
  args: readonly RedisArg[],
  prefix: string | undefined,
): readonly RedisArg[];
export function withKeyPrefix(
  args: readonly RedisArg[],
  prefix: string | undefined,
): readonly RedisArg[] {
  if (prefix === undefined) return args;
  const name = commandName(args);
  if (name === "KEYS") {
    if (args.length < 2) return args;
    const out = [...args];
    out[1] = prefixedPattern(args[1], prefix);
    return out;
  }
  if (name === "SCAN") return scanWithPrefix(args, prefix);
  if (CHANNEL_COMMANDS.has(name)) return args;
  const positions = commandKeyPositions(args);
  let storeAt = -1;
  if (name === "SORT") {
    for (let i = 2; i < args.length - 1; i++) {
      if (isKeyword(args[i], "STORE")) storeAt = i + 1;
    }
  }
  if (positions.length === 0 && storeAt < 0) return args;
  const out = [...args];
  for (const i of positions) {
    if (name === "MIGRATE" && i === 3 && isEmpty(args[i])) continue;
    out[i] = prefixed(args[i], prefix);
  }
  if (storeAt > 0) out[storeAt] = prefixed(args[storeAt], prefix);
  return out;
}

/** SCAN's arguments with every MATCH pattern prefixed, or `MATCH <prefix>*` added. */
function scanWithPrefix(args: readonly RedisArg[], prefix: string): RedisArg[] {
  const out = [...args];
  let matched = false;
  // After the cursor come option pairs (MATCH p, COUNT n, TYPE t).
  for (let i = 2; i + 1 < out.length; i += 2) {
    if (isKeyword(out[i], "MATCH")) {
      out[i + 1] = prefixedPattern(out[i + 1], prefix);
      matched = true;
    }
  }
  if (!matched && out.length >= 2) out.push("MATCH", `${escapeGlob(prefix)}*`);
  return out;
}

/**
 * How a command's reply holds key names: every element (`all`, KEYS), the
 * elements of the second one (`page`, SCAN's `[cursor, keys]`), the reply
 * itself (`whole`, RANDOMKEY), the first element (`first`, BLPOP's
 * `[key, element]`, LMPOP's `[key, elements]`, …), or XREAD's stream names
 * (`streams`: pairs in RESP2, a map in RESP3).
 */
type Names = "all" | "page" | "whole" | "first" | "streams";

const NAMES_IN_REPLY: ReadonlyMap<string, Names> = new Map([
  ["KEYS", "all"],
  ["SCAN", "page"],
  ["RANDOMKEY", "whole"],
  ["BLPOP", "first"],
  ["BRPOP", "first"],
  ["BZPOPMIN", "first"],
  ["BZPOPMAX", "first"],
  ["LMPOP", "first"],
  ["BLMPOP", "first"],
  ["ZMPOP", "first"],
  ["BZMPOP", "first"],
  ["XREAD", "streams"],
  ["XREADGROUP", "streams"],
]);

/** `name` without `prefix`, when it starts with it; otherwise as it is. */
function stripped(name: RespValue, prefix: string): RespValue {
  if (typeof name === "string") return name.startsWith(prefix) ? name.slice(prefix.length) : name;
  if (name instanceof Uint8Array) {
    const head = prefixBytes(prefix);
    if (name.length < head.length) return name;
    for (let i = 0; i < head.length; i++) if (name[i] !== head[i]) return name;
    return name.subarray(head.length);
  }
  return name;
}

function strippedNames(reply: RespValue, names: Names, prefix: string): RespValue {
  switch (names) {
    case "whole":
      return stripped(reply, prefix);
    case "all":
      return Array.isArray(reply) ? reply.map((name) => stripped(name, prefix)) : reply;
    case "page":
      if (!Array.isArray(reply) || !Array.isArray(reply[1])) return reply;
      return [reply[0], reply[1].map((name) => stripped(name, prefix)), ...reply.slice(2)];
    case "first":
      return Array.isArray(reply) && reply.length > 0
        ? [stripped(reply[0], prefix), ...reply.slice(1)]
        : reply;
    case "streams":
      if (reply instanceof Map) {
        const out = new Map<RespValue, RespValue>();
        for (const [name, entries] of reply) out.set(stripped(name, prefix), entries);
        return out as RespValue;
      }
      if (!Array.isArray(reply)) return reply;
      return reply.map((pair) =>
        Array.isArray(pair) && pair.length > 0
          ? [stripped(pair[0], prefix), ...pair.slice(1)]
          : pair
      );
  }
}

/**
 * The transform of a command's reply, taking `prefix` off the key names the
 * reply holds first, for the commands that return key names (KEYS, SCAN,
 * RANDOMKEY, BLPOP/BRPOP, BZPOPMIN/BZPOPMAX, LMPOP/BLMPOP, ZMPOP/BZMPOP,
 * XREAD/XREADGROUP) — a name without the prefix stays as it is; the reply
 * received is not changed. Any other command, or no prefix: `transform`
 * itself (`undefined` stays `undefined`: the reply as decoded).
 *
 * @example
 * ```ts
 * const transform = strippingTransform(["KEYS", "*"], undefined, "app:");
 * transform?.(["app:a", "app:b"]); // ["a", "b"]
 * strippingTransform(["GET", "k"], Number, "app:"); // Number
 * ```
 */
export function strippingTransform<T>(
  args: readonly RedisArg[],
  transform: (reply: RespValue) => T,
  prefix: string | undefined,
): (reply: RespValue) => T;
/** {@link strippingTransform} for a command whose reply is kept as decoded. */
export function strippingTransform<T>(
  args: readonly RedisArg[],
  transform: ((reply: RespValue) => T) | undefined,
  prefix: string | undefined,
): ((reply: RespValue) => T) | undefined;
export function strippingTransform<T>(
  args: readonly RedisArg[],
  transform: ((reply: RespValue) => T) | undefined,
  prefix: string | undefined,
): ((reply: RespValue) => T) | undefined {
  if (prefix === undefined) return transform;
  const names = NAMES_IN_REPLY.get(commandName(args));
  if (names === undefined) return transform;
  if (transform === undefined) {
    return (reply) => strippedNames(reply, names, prefix) as T;
  }
  return (reply) => transform(strippedNames(reply, names, prefix));
}
