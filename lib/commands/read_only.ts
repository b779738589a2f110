/**
 * Which commands are read-only by their command flags (the `readonly` flag
 * of COMMAND INFO, Redis 7.0): the client may send one again after the
 * connection was lost before its reply, because running it twice changes
 * nothing.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";

/** Commands and `CONTAINER SUBCOMMAND`s flagged `readonly`. */
const READ_ONLY = new Set([
  "BITCOUNT",
  "BITFIELD_RO",
  "BITPOS",
  "DBSIZE",
  "DUMP",
  "EVALSHA_RO",
  "EVAL_RO",
  "EXISTS",
  "EXPIRETIME",
  "FCALL_RO",
  "GEODIST",
  "GEOHASH",
  "GEOPOS",
  "GEORADIUSBYMEMBER_RO",
  "GEORADIUS_RO",
  "GEOSEARCH",
  "GET",
  "GETBIT",
  "GETRANGE",
  "HEXISTS",
  "HGET",
  "HGETALL",
  "HKEYS",
  "HLEN",
  "HMGET",
  "HRANDFIELD",
  "HSCAN",
  "HSTRLEN",
  "HVALS",
  "KEYS",
  "LCS",
  "LINDEX",
  "LLEN",
  "LOLWUT",
  "LPOS",
  "LRANGE",
  "MEMORY USAGE",
  "MGET",
  "OBJECT ENCODING",
  "OBJECT FREQ",
  "OBJECT IDLETIME",
  "OBJECT REFCOUNT",
  "PEXPIRETIME",
  "PFCOUNT",
  "PTTL",
  "RANDOMKEY",
  "SCAN",
  "SCARD",
  "SDIFF",
  "SINTER",
  "SINTERCARD",
  "SISMEMBER",
  "SMEMBERS",
  "SMISMEMBER",
  "SORT_RO",
  "SRANDMEMBER",
  "SSCAN",
  "STRLEN",
  "SUBSTR",
  "SUNION",
  "TOUCH",
  "TTL",
  "TYPE",
  "XINFO CONSUMERS",
  "XINFO GROUPS",
  "XINFO STREAM",
  "XLEN",
  "XPENDING",
  "XRANGE",
  "XREAD",
  "XREVRANGE",
  "ZCARD",
  "ZCOUNT",
  "ZDIFF",
  "ZINTER",
  "ZINTERCARD",
  "ZLEXCOUNT",
  "ZMSCORE",
  "ZRANDMEMBER",
  "ZRANGE",
  "ZRANGEBYLEX",
  "ZRANGEBYSCORE",
  "ZRANK",
  "ZREVRANGE",
  "ZREVRANGEBYLEX",
  "ZREVRANGEBYSCORE",
  "ZREVRANK",
  "ZSCAN",
  "ZSCORE",
  "ZUNION",
]);

/** Commands whose read-only flag is on their subcommands. */
const CONTAINERS = new Set(["MEMORY", "OBJECT", "XINFO"]);

/**
 * Whether `args` is a read-only command by its flags.
 *
 * @example
 * ```ts
 * isReadOnly(["GET", "k"]); // true
 * isReadOnly(["OBJECT", "ENCODING", "k"]); // true
 * isReadOnly(["INCR", "k"]); // false
 * ```
 */
export function isReadOnly(args: readonly RedisArg[]): boolean {
  const name = args[0];
  if (typeof name !== "string") return false;
  if (READ_ONLY.has(name)) return true;
  const upper = name.toUpperCase();
  if (READ_ONLY.has(upper)) return true;
  const sub = args[1];
  return CONTAINERS.has(upper) && typeof sub === "string" &&
    READ_ONLY.has(`${upper} ${sub.toUpperCase()}`);
}
