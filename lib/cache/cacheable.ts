/**
 * Which commands the client-side cache may answer, with which keys, and
 * under which cache key.
 *
 * A command is cacheable when all of these hold:
 *
 * 1. it is read-only by its command flags (`READ_ONLY_COMMANDS`);
 * 2. its key specs find at least one key in the request (keyless commands
 *    never are: nothing would invalidate them);
 * 3. it does not have the `nondeterministic_output` tip (a reply that may
 *    differ between two calls on the same data);
 * 4. it is not in the deny list below.
 *
 * The decision for each of the 90 read-only commands of Redis 7.2:
 *
 * **Cacheable (61)**: BITCOUNT, BITFIELD_RO, BITPOS, EXISTS, EXPIRETIME,
 * GEODIST, GEOHASH, GEOPOS, GEORADIUSBYMEMBER_RO, GEORADIUS_RO, GEOSEARCH,
 * GET, GETBIT, GETRANGE, HEXISTS, HGET, HGETALL, HKEYS, HLEN, HMGET, HSTRLEN,
 * HVALS, LCS, LINDEX, LLEN, LPOS, LRANGE, MGET, PEXPIRETIME, PFCOUNT, SCARD,
 * SDIFF, SINTER, SINTERCARD, SISMEMBER, SMEMBERS, SMISMEMBER, STRLEN, SUBSTR,
 * SUNION, TYPE, XLEN, XRANGE, XREVRANGE, ZCARD, ZCOUNT, ZDIFF, ZINTER,
 * ZINTERCARD, ZLEXCOUNT, ZMSCORE, ZRANGE, ZRANGEBYLEX, ZRANGEBYSCORE, ZRANK,
 * ZREVRANGE, ZREVRANGEBYLEX, ZREVRANGEBYSCORE, ZREVRANK, ZSCORE, ZUNION.
 * (EXPIRETIME and PEXPIRETIME give an absolute time that changes only with
 * the key; `nondeterministic_output_order` — HGETALL, SMEMBERS, … — is fine:
 * any one order of the same elements is a correct reply.)
 *
 * **Keyless (5)**: DBSIZE, KEYS, LOLWUT, RANDOMKEY, SCAN: no key whose
 * invalidation would tell that their reply changed.
 *
 * **Denied (26)**, each for its reason ({@link DENIED} holds them all,
 * including those that the tip or having no key already excludes, so that a
 * metadata update that drops a tip does not make one cacheable):
 *
 * - time-dependent: TTL, PTTL (the remaining time shrinks without a write);
 * - access-dependent: OBJECT IDLETIME, OBJECT FREQ (change with every access),
 *   TOUCH (its point is the side effect on the access time);
 * - random: RANDOMKEY, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER;
 * - representation, not data: OBJECT ENCODING, OBJECT REFCOUNT, DUMP (may
 *   change without a write: encoding conversions, shared objects, the RDB
 *   version), MEMORY USAGE (allocator- and sampling-dependent);
 * - reading beyond their declared keys: SORT_RO (BY and GET patterns read
 *   other keys), EVAL_RO, EVALSHA_RO, FCALL_RO (a script may read any key,
 *   and call TIME or RANDOMKEY);
 * - cursors and blocking: SCAN, SSCAN, HSCAN, ZSCAN (a cursor's pages are
 *   not a value), XREAD (may block; reads "what is new");
 * - stream consumer-group bookkeeping: XPENDING (idle times, delivery
 *   counts), XINFO CONSUMERS (idle times), XINFO GROUPS, XINFO STREAM (lag,
 *   consumers' seen and active times in FULL, which a consumer's read may
 *   move without an invalidation).
 *
 * @module
 */
import { commandKeys } from "../commands/command_keys.ts";
import {
  CONTAINER_COMMANDS,
  KEY_SPECS,
  NONDETERMINISTIC_OUTPUT,
  READ_ONLY_COMMANDS,
} from "../commands/command_table.ts";
import type { RedisArg } from "../resp/types.ts";
import { canonicalKey } from "./canonical_key.ts";

/**
 * Read-only commands that are never cached, with the reason.
 *
 * @example
 * ```ts
 * DENIED.get("TTL"); // "time-dependent: the remaining time shrinks without a write"
 * ```
 */
export const DENIED: ReadonlyMap<string, string> = new Map([
  ["TTL", "time-dependent: the remaining time shrinks without a write"],
  ["PTTL", "time-dependent: the remaining time shrinks without a write"],
  ["OBJECT IDLETIME", "access-dependent: changes with every access"],
  ["OBJECT FREQ", "access-dependent: changes with every access"],
  ["TOUCH", "access-dependent: its point is the side effect on the access time"],
  ["RANDOMKEY", "random"],
  ["SRANDMEMBER", "random"],
  ["HRANDFIELD", "random"],
  ["ZRANDMEMBER", "random"],
  ["OBJECT ENCODING", "representation: may change without a write (encoding conversions)"],
  ["OBJECT REFCOUNT", "representation: may change without a write (shared objects)"],
  ["DUMP", "representation: the serialization, not the data"],
  ["MEMORY USAGE", "representation: allocator- and sampling-dependent"],
  ["SORT_RO", "reads beyond its declared keys (BY and GET patterns)"],
  ["EVAL_RO", "a script may read undeclared keys and call TIME or RANDOMKEY"],
  ["EVALSHA_RO", "a script may read undeclared keys and call TIME or RANDOMKEY"],
  ["FCALL_RO", "a function may read undeclared keys and call TIME or RANDOMKEY"],
  ["SCAN", "cursor: a page of an iteration is not a value"],
  ["SSCAN", "cursor: a page of an iteration is not a value"],
  ["HSCAN", "cursor: a page of an iteration is not a value"],
  ["ZSCAN", "cursor: a page of an iteration is not a value"],
  ["XREAD", "may block, and reads what is new"],
  ["XPENDING", "consumer-group bookkeeping: idle times and delivery counts"],
  ["XINFO CONSUMERS", "consumer-group bookkeeping: idle times"],
  ["XINFO GROUPS", "consumer-group bookkeeping that a consumer's read may move"],
  ["XINFO STREAM", "consumer-group bookkeeping (FULL: seen and active times)"],
]);

/** How a cacheable command's keys are found: only its first argument, or by its key specs. */
const FIRST_KEY = 1;
const BY_SPECS = 2;

const NONDETERMINISTIC = new Set(NONDETERMINISTIC_OUTPUT);

/** Cacheable command name (`OBJECT ENCODING` form for a subcommand) → how to find its keys. */
const CACHEABLE = new Map<string, number>();
for (const name of READ_ONLY_COMMANDS) {
  const specs = Object.hasOwn(KEY_SPECS, name) ? KEY_SPECS[name] : undefined;
  if (specs === undefined || NONDETERMINISTIC.has(name) || DENIED.has(name)) continue;
  const [begin, find] = specs[0];
  const firstKeyOnly = specs.length === 1 && begin === 1 && find[0] === "range" && find[1] === 0 &&
    !name.includes(" ");
  CACHEABLE.set(name, firstKeyOnly ? FIRST_KEY : BY_SPECS);
}

/**
 * The names of the cacheable commands, sorted (the decision of the module
 * doc, as data).
 *
 * @example
 * ```ts
 * cacheableCommands().includes("GET"); // true
 * ```
 */
export function cacheableCommands(): string[] {
  return [...CACHEABLE.keys()].sort();
}

/**
 * The canonical keys of `args` when the cache may answer it, else
 * `undefined` (not read-only, keyless, nondeterministic, denied, or no key
 * in these arguments).
 *
 * @example
 * ```ts
 * cacheableKeys(["GET", "user:1"]); // ["user:1"]
 * cacheableKeys(["MGET", "a", "b"]); // ["a", "b"]
 * cacheableKeys(["TTL", "k"]); // undefined
 * cacheableKeys(["SET", "k", "v"]); // undefined
 * ```
 */
export function cacheableKeys(args: readonly RedisArg[]): string[] | undefined {
  const name = args[0];
  if (typeof name !== "string") return undefined;
  // Declarations send upper-case names: look those up as they are.
  let how = CACHEABLE.get(name);
  if (how === undefined) {
    const upper = name.toUpperCase();
    how = CACHEABLE.get(upper);
    if (how === undefined) {
      const sub = args[1];
      if (!CONTAINER_COMMANDS.has(upper) || typeof sub !== "string") return undefined;
      how = CACHEABLE.get(`${upper} ${sub.toUpperCase()}`);
      if (how === undefined) return undefined;
    }
  }
  if (how === FIRST_KEY) return args.length > 1 ? [canonicalKey(args[1])] : undefined;
  const found = commandKeys(args);
  if (found.length === 0) return undefined;
  const keys = new Array<string>(found.length);
  for (let i = 0; i < found.length; i++) keys[i] = canonicalKey(found[i]);
  return keys;
}

/** Chunk for turning bytes into a string, under engines' argument-count limits. */
const CHUNK = 8192;

/** Each byte as one character (U+0000–U+00FF): exact, and never equal to another byte string. */
function byteString(bytes: Uint8Array): string {
  if (bytes.length <= 64) {
    let text = "";
    for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return text;
  }
  let text = "";
  for (let at = 0; at < bytes.length; at += CHUNK) {
    text += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  }
  return text;
}

/**
 * The cache key of a request: the view (`B` for bytes, `T` for text), then
 * each argument as `<length><type><content>`, the type `s` for a string, `b`
 * for a `Uint8Array` (its bytes as characters U+0000–U+00FF), `n` for a
 * number, `i` for a bigint. Length-prefixed, so that no two different
 * requests share a key (`["GET", "a b"]` is not `["GET", "a", "b"]`), and a
 * string is never taken for the bytes that spell it, nor a number for its
 * digits.
 *
 * @example
 * ```ts
 * cacheKeyOf(["GET", "user:1"], false); // "T3sGET6suser:1"
 * cacheKeyOf(["GET", new Uint8Array([107])], true); // "B3sGET1bk"
 * ```
 */
export function cacheKeyOf(args: readonly RedisArg[], bytes: boolean): string {
  let key = bytes ? "B" : "T";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg === "string") key += arg.length + "s" + arg;
    else if (arg instanceof Uint8Array) key += arg.length + "b" + byteString(arg);
    else if (typeof arg === "number") {
      const text = String(arg);
      key += text.length + "n" + text;
    } else {
      const text = String(arg);
      key += text.length + "i" + text;
    }
  }
  return key;
}
