/**
 * What single commands mean to the client-side cache, as plain functions:
 * the commands that change what the shared connection reads (SELECT, MULTI,
 * RESET, …), whether a read's keys are under the broadcast prefixes, and
 * how a cached reply reaches its caller (a copy, through the transform).
 *
 * @module
 */
import type { CommandRequest } from "../conn/command_request.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";

/**
 * What a command sent past the cache does to it: `clear`, empty it (SELECT,
 * SWAPDB); `suspend`, stop it until the next connection (RESET, HELLO,
 * CLIENT TRACKING); `multi` and `multiEnd`, stop it from a MULTI sent by
 * hand until its EXEC or DISCARD is answered; `none`, nothing.
 *
 * @example
 * ```ts
 * cacheEffectOf(["SELECT", 1]) === CacheEffect.clear; // true
 * ```
 */
export const CacheEffect = {
  none: 0,
  clear: 1,
  suspend: 2,
  multi: 3,
  multiEnd: 4,
} as const;

/** `CLIENT`: its effect is its subcommand's. */
const CLIENT = 5;

const EFFECTS: ReadonlyMap<string, number> = new Map([
  ["SELECT", CacheEffect.clear],
  ["SWAPDB", CacheEffect.clear],
  ["RESET", CacheEffect.suspend],
  ["HELLO", CacheEffect.suspend],
  ["MULTI", CacheEffect.multi],
  ["EXEC", CacheEffect.multiEnd],
  ["DISCARD", CacheEffect.multiEnd],
  ["CLIENT", CLIENT],
]);

/**
 * The {@link CacheEffect} of a command (any case).
 *
 * @example
 * ```ts
 * cacheEffectOf(["client", "tracking", "off"]); // CacheEffect.suspend
 * cacheEffectOf(["SET", "k", "v"]); // CacheEffect.none
 * ```
 */
export function cacheEffectOf(args: readonly RedisArg[]): number {
  const name = args[0];
  if (typeof name !== "string") return CacheEffect.none;
  const effect = EFFECTS.get(name) ?? EFFECTS.get(name.toUpperCase()) ?? CacheEffect.none;
  if (effect !== CLIENT) return effect;
  const sub = args[1];
  return typeof sub === "string" && sub.toUpperCase() === "TRACKING"
    ? CacheEffect.suspend
    : CacheEffect.none;
}

/**
 * A copy of a cached reply that its receiver may change without changing
 * the cache: arrays, maps and byte strings are copied (deeply); strings,
 * numbers and the rest are immutable already.
 *
 * @example
 * ```ts
 * const copy = copyReply(["a", ["b"]]); // a new array with a new inner array
 * ```
 */
export function copyReply(value: RespValue): RespValue {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<RespValue>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = copyReply(value[i]);
    return copy;
  }
  if (value instanceof Uint8Array) return value.slice();
  if (value instanceof Map) {
    const copy = new Map<RespValue, RespValue>();
    for (const [key, item] of value) copy.set(copyReply(key), copyReply(item));
    return copy;
  }
  return value;
}

/**
 * A cached reply as the caller of `request` gets it: a copy, shaped by the
 * request's transform (whose error rejects); a rejection with the reason of
 * an aborted signal.
 *
 * @example
 * ```ts
 * await servedReply("1", commandRequest(["GET", "k"], Number)); // 1
 * ```
 */
export function servedReply(raw: RespValue, request: CommandRequest): Promise<unknown> {
  const signal = request.options?.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const transform = request.transform;
  const value = copyReply(raw);
  if (transform === undefined) return Promise.resolve(value);
  try {
    return Promise.resolve(transform(value));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Whether every key is under one of the broadcast prefixes (so that the
 * server announces its changes). A key with U+FFFD may stand for bytes that
 * are not UTF-8, whose text says nothing exact about their prefix: never
 * covered.
 *
 * @example
 * ```ts
 * coveredByPrefixes(["user:1"], ["user:"]); // true
 * coveredByPrefixes(["user:1", "item:2"], ["user:"]); // false
 * ```
 */
export function coveredByPrefixes(
  keys: readonly string[],
  prefixes: readonly string[],
): boolean {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key.includes("\uFFFD")) return false;
    let found = false;
    for (let j = 0; j < prefixes.length && !found; j++) found = key.startsWith(prefixes[j]);
    if (!found) return false;
  }
  return true;
}
