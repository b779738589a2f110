/**
 * Which commands the client-side cache may answer (`lib/cache/cacheable.ts`)
 * and their cache keys, without a server: the decision for every read-only
 * command, the keys found through the key specs, upper- and lower-case
 * names, container subcommands, writes and keyless commands never, and cache
 * keys that no two different requests share.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cacheableCommands, cacheableKeys, cacheKeyOf, DENIED } from "../lib/cache/cacheable.ts";
import { canonicalKey } from "../lib/cache/reply_cache.ts";
import { commandKeys } from "../lib/commands/command_keys.ts";
import {
  KEY_SPECS,
  NONDETERMINISTIC_OUTPUT,
  READ_ONLY_COMMANDS,
} from "../lib/commands/command_table.ts";
import type { RedisArg } from "../lib/resp/types.ts";
import { caseSeed, Random } from "./support/resp_fuzz.ts";

/** The decision, pinned: a metadata update that changes it must change this list too. */
const CACHEABLE = [
  "BITCOUNT",
  "BITFIELD_RO",
  "BITPOS",
  "EXISTS",
  "EXPIRETIME",
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
  "HSTRLEN",
  "HVALS",
  "LCS",
  "LINDEX",
  "LLEN",
  "LPOS",
  "LRANGE",
  "MGET",
  "PEXPIRETIME",
  "PFCOUNT",
  "SCARD",
  "SDIFF",
  "SINTER",
  "SINTERCARD",
  "SISMEMBER",
  "SMEMBERS",
  "SMISMEMBER",
  "STRLEN",
  "SUBSTR",
  "SUNION",
  "TYPE",
  "XLEN",
  "XRANGE",
  "XREVRANGE",
  "ZCARD",
  "ZCOUNT",
  "ZDIFF",
  "ZINTER",
  "ZINTERCARD",
  "ZLEXCOUNT",
  "ZMSCORE",
  "ZRANGE",
  "ZRANGEBYLEX",
  "ZRANGEBYSCORE",
  "ZRANK",
  "ZREVRANGE",
  "ZREVRANGEBYLEX",
  "ZREVRANGEBYSCORE",
  "ZREVRANK",
  "ZSCORE",
  "ZUNION",
];

/** A request of each cacheable command and the keys it reads. */
const SAMPLES: [RedisArg[], string[]][] = [
  [["GET", "user:1"], ["user:1"]],
  [["MGET", "a", "b", "c"], ["a", "b", "c"]],
  [["HGET", "h", "f"], ["h"]],
  [["HGETALL", "h"], ["h"]],
  [["HMGET", "h", "f", "g"], ["h"]],
  [["HKEYS", "h"], ["h"]],
  [["SMEMBERS", "s"], ["s"]],
  [["SISMEMBER", "s", "m"], ["s"]],
  [["SINTER", "s1", "s2"], ["s1", "s2"]],
  [["SUNION", "s1", "s2", "s3"], ["s1", "s2", "s3"]],
  [["SDIFF", "s1", "s2"], ["s1", "s2"]],
  [["SINTERCARD", 2, "s1", "s2", "LIMIT", 5], ["s1", "s2"]],
  [["ZRANGE", "z", 0, -1, "WITHSCORES"], ["z"]],
  [["ZSCORE", "z", "m"], ["z"]],
  [["ZUNION", 2, "z1", "z2", "WITHSCORES"], ["z1", "z2"]],
  [["ZINTER", 2, "z1", "z2"], ["z1", "z2"]],
  [["ZDIFF", 3, "z1", "z2", "z3"], ["z1", "z2", "z3"]],
  [["ZINTERCARD", 2, "z1", "z2"], ["z1", "z2"]],
  [["LRANGE", "l", 0, -1], ["l"]],
  [["LINDEX", "l", 3], ["l"]],
  [["LPOS", "l", "x", "RANK", 2], ["l"]],
  [["LCS", "s1", "s2", "LEN"], ["s1", "s2"]],
  [["STRLEN", "k"], ["k"]],
  [["EXISTS", "a", "b"], ["a", "b"]],
  [["TYPE", "k"], ["k"]],
  [["GETRANGE", "k", 0, 5], ["k"]],
  [["SUBSTR", "k", 0, 5], ["k"]],
  [["BITCOUNT", "k", 0, -1, "BIT"], ["k"]],
  [["BITPOS", "k", 1], ["k"]],
  [["BITFIELD_RO", "k", "GET", "u8", 0], ["k"]],
  [["GETBIT", "k", 7], ["k"]],
  [["PFCOUNT", "h1", "h2"], ["h1", "h2"]],
  [["GEOSEARCH", "g", "FROMMEMBER", "m", "BYRADIUS", 1, "km"], ["g"]],
  [["GEORADIUS_RO", "g", 0, 0, 1, "km"], ["g"]],
  [["XRANGE", "x", "-", "+"], ["x"]],
  [["XLEN", "x"], ["x"]],
  [["EXPIRETIME", "k"], ["k"]],
];

/** Requests that must never be cached, each with a reason it is a good probe. */
const NEVER: RedisArg[][] = [
  ["RANDOMKEY"],
  ["SRANDMEMBER", "s"],
  ["SRANDMEMBER", "s", 3],
  ["HRANDFIELD", "h"],
  ["ZRANDMEMBER", "z"],
  ["TTL", "k"],
  ["PTTL", "k"],
  ["SCAN", 0],
  ["SSCAN", "s", 0],
  ["HSCAN", "h", 0],
  ["ZSCAN", "z", 0],
  ["SORT_RO", "l"],
  ["SORT_RO", "l", "BY", "w_*", "GET", "o_*"],
  ["EVAL_RO", "return redis.call('GET', KEYS[1])", 1, "k"],
  ["EVALSHA_RO", "0123456789abcdef0123456789abcdef01234567", 1, "k"],
  ["FCALL_RO", "f", 1, "k"],
  ["XREAD", "STREAMS", "x", "0"],
  ["XREAD", "BLOCK", 0, "STREAMS", "x", "$"],
  ["XPENDING", "x", "g"],
  ["TOUCH", "k"],
  ["DUMP", "k"],
  ["MEMORY", "USAGE", "k"],
  ["OBJECT", "ENCODING", "k"],
  ["OBJECT", "IDLETIME", "k"],
  ["OBJECT", "FREQ", "k"],
  ["OBJECT", "REFCOUNT", "k"],
  ["XINFO", "STREAM", "x"],
  ["XINFO", "GROUPS", "x"],
  ["XINFO", "CONSUMERS", "x", "g"],
  // keyless
  ["DBSIZE"],
  ["KEYS", "*"],
  ["LOLWUT"],
  ["PING"],
  ["INFO"],
  ["TIME"],
  // writes
  ["SET", "k", "v"],
  ["GETEX", "k"],
  ["GETDEL", "k"],
  ["INCR", "k"],
  ["SPOP", "s"],
  ["BLPOP", "l", 0],
  ["LMOVE", "a", "b", "LEFT", "RIGHT"],
  ["SINTERSTORE", "d", "s1", "s2"],
  ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "m", "BYRADIUS", 1, "km"],
  ["SORT", "l"],
  ["EVAL", "return 1", 1, "k"],
  ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "x", ">"],
  ["XADD", "x", "*", "f", "v"],
  // names that are no command
  ["__proto__", "k"],
  ["constructor", "k"],
  ["hasOwnProperty", "k"],
  ["", "k"],
  ["GET "],
];

describe("cacheableKeys: which commands", () => {
  it("the cacheable commands are exactly the pinned list", () => {
    assert.deepEqual(cacheableCommands(), CACHEABLE);
  });

  it("every cacheable command is read-only, has key specs and no nondeterministic tip", () => {
    for (const name of cacheableCommands()) {
      assert.ok(READ_ONLY_COMMANDS.includes(name), name);
      assert.ok(Object.hasOwn(KEY_SPECS, name), name);
      assert.ok(!NONDETERMINISTIC_OUTPUT.includes(name), name);
      assert.ok(!DENIED.has(name), name);
    }
  });

  it("every read-only command is decided: cacheable, keyless or denied with a reason", () => {
    assert.equal(READ_ONLY_COMMANDS.length, 90);
    for (const name of READ_ONLY_COMMANDS) {
      const keyless = !Object.hasOwn(KEY_SPECS, name);
      const reason = DENIED.get(name);
      assert.ok(
        CACHEABLE.includes(name) !== (keyless || reason !== undefined),
        `${name}: cacheable, or else keyless or denied, not both`,
      );
      if (reason !== undefined) assert.ok(reason.length > 5, name);
    }
    for (const name of DENIED.keys()) assert.ok(READ_ONLY_COMMANDS.includes(name), name);
    for (const name of NONDETERMINISTIC_OUTPUT) {
      if (READ_ONLY_COMMANDS.includes(name)) assert.ok(DENIED.has(name), `${name} has the tip`);
    }
  });

  it("finds the canonical keys of each sample request", () => {
    const covered = new Set<string>();
    for (const [args, keys] of SAMPLES) {
      assert.deepEqual(cacheableKeys(args), keys, JSON.stringify(args));
      covered.add(String(args[0]));
    }
    assert.ok(covered.size >= 35);
  });

  it("agrees with the key specs (commandKeys) for every cacheable command", () => {
    for (const name of cacheableCommands()) {
      for (
        const args of [
          [name, "k1"],
          [name, "k1", "k2"],
          [name, 2, "k1", "k2", "x"],
          [name, "k1", "k2", "k3", "k4"],
        ] as RedisArg[][]
      ) {
        const found = commandKeys(args).map(canonicalKey);
        const keys = cacheableKeys(args);
        assert.deepEqual(keys, found.length === 0 ? undefined : found, JSON.stringify(args));
      }
    }
  });

  it("never: random, time- or access-dependent, beyond declared keys, cursors, keyless, writes", () => {
    for (const args of NEVER) {
      assert.equal(cacheableKeys(args), undefined, JSON.stringify(args));
      const lower = [String(args[0]).toLowerCase(), ...args.slice(1)];
      assert.equal(cacheableKeys(lower), undefined, JSON.stringify(lower));
    }
  });

  it("never any command that is not read-only, whatever its arguments", () => {
    const writes = Object.keys(KEY_SPECS).filter((name) => !READ_ONLY_COMMANDS.includes(name));
    assert.ok(writes.length > 90);
    for (const name of writes) {
      const words = name.split(" ");
      for (const rest of [["k"], ["k", "k2", "v"], [1, "k", "k2"], ["STREAMS", "k", "0"]]) {
        const args = [...words, ...rest];
        assert.equal(cacheableKeys(args), undefined, JSON.stringify(args));
      }
    }
  });

  it("a lower- or mixed-case name is the same command", () => {
    assert.deepEqual(cacheableKeys(["get", "k"]), ["k"]);
    assert.deepEqual(cacheableKeys(["GeT", "k"]), ["k"]);
    assert.deepEqual(cacheableKeys(["mget", "a", "b"]), ["a", "b"]);
    assert.deepEqual(cacheableKeys(["zunion", "2", "a", "b"]), ["a", "b"]);
    assert.deepEqual(cacheableKeys(["hgetall", "h"]), ["h"]);
  });

  it("container subcommands are looked up as `CONTAINER SUB`, in any case", () => {
    for (const sub of ["ENCODING", "encoding", "Encoding", "IDLETIME", "FREQ", "REFCOUNT"]) {
      assert.equal(cacheableKeys(["OBJECT", sub, "k"]), undefined, sub);
      assert.equal(cacheableKeys(["object", sub, "k"]), undefined, sub);
    }
    assert.equal(cacheableKeys(["OBJECT"]), undefined);
    assert.equal(cacheableKeys(["OBJECT", new Uint8Array([71]), "k"]), undefined);
    assert.equal(cacheableKeys(["OBJECT", 1, "k"]), undefined);
    assert.equal(cacheableKeys(["OBJECT", "HELP"]), undefined);
    assert.equal(cacheableKeys(["memory", "usage", "k"]), undefined);
    assert.equal(cacheableKeys(["xinfo", "stream", "x", "FULL"]), undefined);
  });

  it("a request without its key is not cacheable (nothing would invalidate it)", () => {
    assert.equal(cacheableKeys(["GET"]), undefined);
    assert.equal(cacheableKeys(["MGET"]), undefined);
    assert.equal(cacheableKeys(["ZUNION", 0]), undefined);
    assert.equal(cacheableKeys(["ZUNION", "x", "a"]), undefined);
    assert.equal(cacheableKeys(["SINTERCARD", -1, "a"]), undefined);
    assert.equal(cacheableKeys([]), undefined);
  });

  it("keys of any type become their canonical text; a name that is not a string is no command", () => {
    assert.deepEqual(cacheableKeys(["GET", new Uint8Array([0x6b])]), ["k"]);
    assert.deepEqual(cacheableKeys(["GET", new Uint8Array([0xff, 0xfe])]), ["\uFFFD\uFFFD"]);
    assert.deepEqual(cacheableKeys(["GET", new Uint8Array([0xef, 0xbb, 0xbf])]), ["\uFEFF"]);
    assert.deepEqual(cacheableKeys(["GET", "\uFEFF"]), ["\uFEFF"]);
    assert.deepEqual(cacheableKeys(["GET", "a\uD800"]), ["a\uFFFD"]);
    assert.deepEqual(cacheableKeys(["GET", ""]), [""]);
    assert.deepEqual(cacheableKeys(["GET", "__proto__"]), ["__proto__"]);
    assert.deepEqual(cacheableKeys(["GET", 42]), ["42"]);
    assert.deepEqual(cacheableKeys(["GET", 42n]), ["42"]);
    assert.deepEqual(cacheableKeys(["MGET", "a", new Uint8Array([0x62]), 3]), ["a", "b", "3"]);
    assert.equal(cacheableKeys([new TextEncoder().encode("GET"), "k"]), undefined);
    assert.equal(cacheableKeys([1, "k"]), undefined);
  });
});

/** A request in a test message: bigints and bytes spelled out. */
function show(args: readonly RedisArg[]): string {
  return args.map((arg) =>
    typeof arg === "bigint"
      ? `${arg}n`
      : arg instanceof Uint8Array
      ? `bytes[${arg.join(",")}]`
      : JSON.stringify(arg)
  ).join(" ");
}

describe("cacheKeyOf: one key per request", () => {
  it("has the view and every argument, length-prefixed", () => {
    assert.equal(cacheKeyOf(["GET", "user:1"], false), "T3sGET6suser:1");
    assert.equal(cacheKeyOf(["GET", "user:1"], true), "B3sGET6suser:1");
  });

  it("requests that naive joining would confuse have different keys", () => {
    const groups: RedisArg[][] = [
      ["GET", "a b"],
      ["GET", "a", "b"],
      ["GET a", "b"],
      ["GET", "a|b"],
      ["GET", "a", "|b"],
      ["GET", "a|", "b"],
      ["GET", "1sa"],
      ["GET", ""],
      ["GET", "", ""],
      ["GET1s", "a"],
      ["GET", "a\u0000b"],
      ["GET", "a", "\u0000b"],
      ["GET", new TextEncoder().encode("a b")],
      ["GET", new Uint8Array([0x61, 0x20, 0x62, 0])],
      ["GET", "1"],
      ["GET", 1],
      ["GET", 1n],
      ["GET", new Uint8Array([0x31])],
      ["GET", "é"],
      ["GET", new Uint8Array([0xc3, 0xa9])],
      ["GET", new Uint8Array([0xe9])],
      ["GET", "\uFFFD"],
      ["GET", new Uint8Array([0xff])],
      ["GET", new Uint8Array([0xfe])],
      ["GET", "__proto__"],
      ["GET", "constructor"],
      ["get", "a b"],
    ];
    const seen = new Map<string, RedisArg[]>();
    for (const args of groups) {
      for (const bytes of [false, true]) {
        const key = cacheKeyOf(args, bytes);
        const other = seen.get(key);
        assert.equal(other, undefined, `${show(args)} and ${show(other ?? [])}`);
        seen.set(key, args);
      }
    }
  });

  it("byte keys that are invalid UTF-8 and decode alike still have different cache keys", () => {
    const a = new Uint8Array([0xff]);
    const b = new Uint8Array([0xfe]);
    assert.equal(canonicalKey(a), canonicalKey(b), "they invalidate each other (safe)");
    assert.notEqual(cacheKeyOf(["GET", a], true), cacheKeyOf(["GET", b], true));
    const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
    const bigger = big.slice();
    bigger[99_999] ^= 1;
    assert.notEqual(cacheKeyOf(["GET", big], false), cacheKeyOf(["GET", bigger], false));
  });

  it("is injective on random requests over a small confusable alphabet", () => {
    const random = new Random(caseSeed(0x6b65656c, 11, 0));
    const alphabet = ["", "1", "s", "b", "n", "i", "T", "B", " ", "|", "0", "\u0000"];
    const seen = new Map<string, string>();
    for (let n = 0; n < 5000; n++) {
      const args: RedisArg[] = [];
      const count = 1 + random.small(4);
      for (let i = 0; i < count; i++) {
        const kind = random.int(4);
        const text = Array.from({ length: random.small(4) }, () => random.pick(alphabet)).join("");
        if (kind === 0 || kind === 1) args.push(text);
        else if (kind === 2) args.push(new TextEncoder().encode(text));
        else args.push(random.chance(0.5) ? random.int(20) : BigInt(random.int(20)));
      }
      const bytes = random.chance(0.5);
      const identity = JSON.stringify([
        bytes,
        args.map((a) => a instanceof Uint8Array ? ["b", [...a]] : [typeof a, String(a)]),
      ]);
      const key = cacheKeyOf(args, bytes);
      const before = seen.get(key);
      assert.ok(before === undefined || before === identity, `${before} vs ${identity}`);
      seen.set(key, identity);
    }
    assert.ok(seen.size > 1000);
  });
});
