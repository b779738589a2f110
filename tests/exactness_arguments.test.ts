/**
 * Arguments that types forbid but plain JavaScript callers pass anyway —
 * objects without prototype, symbols, NaN, infinities, numeric strings,
 * bigints, options that exclude each other — are a `DataError` naming the
 * argument and the value, thrown before anything is sent: the server's
 * command statistics show none of the commands attacked, and the data is
 * untouched.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { expectDataError } from "./support/data_error.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";
import { resetSentCommands, sentCommands } from "./support/sent_commands.ts";

/** A client seen without its types, as a JavaScript caller sees it. */
type Loose = Record<string, (...args: unknown[]) => unknown>;

/** A hostile value, and how an error message must describe it. */
interface Hostile {
  label: string;
  value: unknown;
  shown: RegExp;
}

const HOSTILE = {
  nullProto: {
    label: "an object without prototype",
    value: Object.create(null),
    shown: /got an object without prototype$/,
  },
  symbol: { label: "a symbol", value: Symbol("s"), shown: /got the symbol "s"$/ },
  nan: { label: "NaN", value: NaN, shown: /got NaN$/ },
  infinity: { label: "Infinity", value: Infinity, shown: /got Infinity$/ },
  negativeInfinity: { label: "-Infinity", value: -Infinity, shown: /got -Infinity$/ },
  numericString: { label: 'the string "60"', value: "60", shown: /got the string "60"$/ },
  bigint: { label: "a bigint", value: 10n, shown: /got the bigint 10n$/ },
  fraction: { label: "1.5", value: 1.5, shown: /got 1\.5$/ },
  negative: { label: "-1", value: -1, shown: /got -1$/ },
  nul: { label: "null", value: null, shown: /got null$/ },
  bool: { label: "true", value: true, shown: /got true$/ },
  array: { label: "an array", value: [1], shown: /got an array of 1$/ },
  date: { label: "a Date", value: new Date(0), shown: /got an object \(Date\)$/ },
  hugeBigint: {
    label: "2n ** 63n",
    value: 2n ** 63n,
    shown: /got the bigint 9223372036854775808n$/,
  },
} satisfies Record<string, Hostile>;

type HostileName = keyof typeof HOSTILE;
const ALL = Object.keys(HOSTILE) as HostileName[];
const except = (...allowed: HostileName[]) => ALL.filter((name) => !allowed.includes(name));

/** What each kind of check must reject. */
const REJECTED = {
  /** A safe integer, any sign. */
  integer: except("negative"),
  /** A safe integer ≥ 0 (≥ 1 rejects these too). */
  natural: ALL,
  /** A number, infinities allowed (scores). */
  score: except("infinity", "negativeInfinity", "fraction", "negative"),
  /** A finite number. */
  finite: except("fraction", "negative"),
  /** A 64-bit integer: number or bigint. */
  integer64: except("bigint", "negative"),
  /** One of a few strings; 0 or 1; an encoding. */
  choice: ALL,
  /** Seconds ≥ 0, fractions allowed. */
  seconds: except("fraction"),
  /** A SCAN cursor: digits, or an integer ≥ 0. */
  cursor: except("numericString", "bigint", "hugeBigint"),
} satisfies Record<string, HostileName[]>;

type Site = [label: string, kind: keyof typeof REJECTED, call: (r: Loose, v: unknown) => unknown];

/** Every argument a validator checks, by the kind of check. */
const SITES: Site[] = [
  // string
  ["set ex", "natural", (r, v) => r.set("k", "v", { ex: v })],
  ["set pxat", "natural", (r, v) => r.set("k", "v", { pxat: v })],
  ["getex px", "natural", (r, v) => r.getex("k", { px: v })],
  ["setex seconds", "natural", (r, v) => r.setex("k", v, "v")],
  ["psetex milliseconds", "natural", (r, v) => r.psetex("k", v, "v")],
  ["getrange start", "integer", (r, v) => r.getrange("k", v, 1)],
  ["substr end", "integer", (r, v) => r.substr("k", 0, v)],
  ["setrange offset", "natural", (r, v) => r.setrange("k", v, "x")],
  ["incrby increment", "integer64", (r, v) => r.incrby("n", v)],
  ["decrby decrement", "integer64", (r, v) => r.decrby("n", v)],
  ["incrbyfloat increment", "finite", (r, v) => r.incrbyfloat("n", v)],
  ["lcs minmatchlen", "natural", (r, v) => r.lcs("k", "k2", { idx: true, minmatchlen: v })],
  // generic
  ["expire seconds", "integer", (r, v) => r.expire("k", v)],
  ["expireat unixSeconds", "integer", (r, v) => r.expireat("k", v)],
  ["pexpire milliseconds", "integer", (r, v) => r.pexpire("k", v)],
  ["pexpireat unixMilliseconds", "integer", (r, v) => r.pexpireat("k", v)],
  ["copy db", "natural", (r, v) => r.copy("k", "k3", { db: v })],
  ["move db", "natural", (r, v) => r.move("k", v)],
  ["restore ttl", "natural", (r, v) => r.restore("k9", v, "payload")],
  ["restore idletime", "natural", (r, v) => r.restore("k9", 0, "payload", { idletime: v })],
  ["migrate port", "natural", (r, v) => r.migrate("127.0.0.1", v, ["k"], 0, 10)],
  ["sort limit.offset", "natural", (r, v) => r.sort("l", { limit: { offset: v, count: 1 } })],
  ["sortRo limit.count", "integer", (r, v) => r.sortRo("l", { limit: { offset: 0, count: v } })],
  ["wait timeout", "natural", (r, v) => r.wait(0, v)],
  ["waitaof local", "natural", (r, v) => r.waitaof(v, 0, 0)],
  ["scanPage cursor", "cursor", (r, v) => r.scanPage(v)],
  ["scanPage count", "natural", (r, v) => r.scanPage("0", { count: v })],
  // bitmap
  ["setbit offset", "natural", (r, v) => r.setbit("k", v, 1)],
  ["setbit value", "choice", (r, v) => r.setbit("k", 0, v)],
  ["getbit offset", "natural", (r, v) => r.getbit("k", v)],
  ["bitcount start", "integer", (r, v) => r.bitcount("k", { start: v, end: 1 })],
  ["bitcount unit", "choice", (r, v) => r.bitcount("k", { start: 0, end: 1, unit: v })],
  ["bitpos bit", "choice", (r, v) => r.bitpos("k", v)],
  ["bitop operation", "choice", (r, v) => r.bitop(v, "dest", "k")],
  [
    "bitfield set value",
    "integer64",
    (r, v) => r.bitfield("bf", [{ set: { encoding: "i64", offset: 0, value: v } }]),
  ],
  [
    "bitfield get encoding",
    "choice",
    (r, v) => r.bitfield("bf", [{ get: { encoding: v, offset: 0 } }]),
  ],
  ["bitfield overflow", "choice", (r, v) => r.bitfield("bf", [{ overflow: v }])],
  ["bitfieldRo offset", "natural", (r, v) => r.bitfieldRo("bf", [{ encoding: "u8", offset: v }])],
  // hash
  ["hincrby increment", "integer64", (r, v) => r.hincrby("h", "f", v)],
  ["hincrbyfloat increment", "finite", (r, v) => r.hincrbyfloat("h", "f", v)],
  ["hrandfield count", "integer", (r, v) => r.hrandfield("h", v)],
  ["hscanPage cursor", "cursor", (r, v) => r.hscanPage("h", v)],
  // list
  ["lrange start", "integer", (r, v) => r.lrange("l", v, -1)],
  ["lindex index", "integer", (r, v) => r.lindex("l", v)],
  ["lset index", "integer", (r, v) => r.lset("l", v, "x")],
  ["lrem count", "integer", (r, v) => r.lrem("l", v, "x")],
  ["ltrim stop", "integer", (r, v) => r.ltrim("l", 0, v)],
  ["lpop count", "natural", (r, v) => r.lpop("l", v)],
  ["lpos rank", "integer", (r, v) => r.lpos("l", "a", { rank: v })],
  ["lpos maxlen", "natural", (r, v) => r.lpos("l", "a", { maxlen: v })],
  ["linsert where", "choice", (r, v) => r.linsert("l", v, "a", "b")],
  ["lmove from", "choice", (r, v) => r.lmove("l", "l2", v, "left")],
  ["blmove to", "choice", (r, v) => r.blmove("l", "l2", "left", v, 1)],
  ["lmpop from", "choice", (r, v) => r.lmpop(["l"], v)],
  ["lmpop count", "natural", (r, v) => r.lmpop(["l"], "left", { count: v })],
  ["blpop timeout", "seconds", (r, v) => r.blpop(["l"], v)],
  ["brpop timeout", "seconds", (r, v) => r.brpop(["l"], v)],
  ["blmove timeout", "seconds", (r, v) => r.blmove("l", "l2", "left", "right", v)],
  ["blmpop timeout", "seconds", (r, v) => r.blmpop(v, ["l"], "left")],
  ["brpoplpush timeout", "seconds", (r, v) => r.brpoplpush("l", "l2", v)],
  // set
  ["spop count", "natural", (r, v) => r.spop("s", v)],
  ["srandmember count", "integer", (r, v) => r.srandmember("s", v)],
  ["sintercard limit", "natural", (r, v) => r.sintercard(["s"], { limit: v })],
  ["sscanPage cursor", "cursor", (r, v) => r.sscanPage("s", v)],
  // sorted set
  ["zadd score", "score", (r, v) => r.zadd("z", { score: v, member: "m" })],
  [
    "zadd score with options",
    "score",
    (r, v) => r.zadd("z", { ch: true }, { score: v, member: "m" }),
  ],
  ["zincrby increment", "score", (r, v) => r.zincrby("z", v, "m")],
  ["zinter weights", "score", (r, v) => r.zinter(["z"], { weights: [v] })],
  ["zunionstore aggregate", "choice", (r, v) => r.zunionstore("d", ["z"], { aggregate: v })],
  ["zrange by", "choice", (r, v) => r.zrange("z", 0, 1, { by: v })],
  [
    "zrange limit.count",
    "integer",
    (r, v) => r.zrange("z", 0, 1, { by: "score", limit: { offset: 0, count: v } }),
  ],
  [
    "zrangebyscore limit.offset",
    "natural",
    (r, v) => r.zrangebyscore("z", 0, 1, { limit: { offset: v, count: 1 } }),
  ],
  ["zrevrange start", "integer", (r, v) => r.zrevrange("z", v, 1)],
  ["zremrangebyrank stop", "integer", (r, v) => r.zremrangebyrank("z", 0, v)],
  ["zpopmin count", "natural", (r, v) => r.zpopmin("z", v)],
  ["zrandmember count", "integer", (r, v) => r.zrandmember("z", v)],
  ["zmpop which", "choice", (r, v) => r.zmpop(["z"], v)],
  ["bzmpop count", "natural", (r, v) => r.bzmpop(1, ["z"], "min", { count: v })],
  ["bzpopmin timeout", "seconds", (r, v) => r.bzpopmin(["z"], v)],
  ["bzpopmax timeout", "seconds", (r, v) => r.bzpopmax(["z"], v)],
  ["bzmpop timeout", "seconds", (r, v) => r.bzmpop(v, ["z"], "max")],
  ["zintercard limit", "natural", (r, v) => r.zintercard(["z"], { limit: v })],
  ["zscanPage cursor", "cursor", (r, v) => r.zscanPage("z", v)],
  // geo
  [
    "geoadd longitude",
    "finite",
    (r, v) => r.geoadd("g", { longitude: v, latitude: 1, member: "m" }),
  ],
  [
    "geoadd latitude",
    "finite",
    (r, v) => r.geoadd("g", { longitude: 1, latitude: v, member: "m" }),
  ],
  ["geodist unit", "choice", (r, v) => r.geodist("g", "a", "b", v)],
  [
    "geosearch from.longitude",
    "finite",
    (r, v) =>
      r.geosearch("g", { from: { longitude: v, latitude: 1 }, by: { radius: 1, unit: "km" } }),
  ],
  [
    "geosearch by.radius",
    "finite",
    (r, v) => r.geosearch("g", { from: { member: "m" }, by: { radius: v, unit: "km" } }),
  ],
  [
    "geosearch by.unit",
    "choice",
    (r, v) => r.geosearch("g", { from: { member: "m" }, by: { width: 1, height: 1, unit: v } }),
  ],
  [
    "geosearch order",
    "choice",
    (r, v) => r.geosearch("g", { from: { member: "m" }, by: { radius: 1, unit: "km" }, order: v }),
  ],
  [
    "geosearchstore count",
    "natural",
    (r, v) =>
      r.geosearchstore("d", "g", { from: { member: "m" }, by: { radius: 1, unit: "m" }, count: v }),
  ],
  ["georadius latitude", "finite", (r, v) => r.georadius("g", 1, v, 1, "km")],
  ["georadius radius", "finite", (r, v) => r.georadius("g", 1, 1, v, "km")],
  ["georadius unit", "choice", (r, v) => r.georadius("g", 1, 1, 1, v)],
  [
    "georadiusbymember count",
    "natural",
    (r, v) => r.georadiusbymember("g", "m", 1, "km", { count: v }),
  ],
  [
    "georadiusbymemberRo order",
    "choice",
    (r, v) => r.georadiusbymemberRo("g", "m", 1, "km", { order: v }),
  ],
  // stream
  ["xadd trim maxlen", "natural", (r, v) => r.xadd("x", "*", { f: "v" }, { trim: { maxlen: v } })],
  ["xtrim limit", "natural", (r, v) => r.xtrim("x", { maxlen: 1, approx: true, limit: v })],
  ["xrange count", "natural", (r, v) => r.xrange("x", "-", "+", { count: v })],
  ["xread block", "natural", (r, v) => r.xread({ x: "0" }, { block: v })],
  ["xreadgroup count", "natural", (r, v) => r.xreadgroup("g", "c", { x: ">" }, { count: v })],
  ["xclaim minIdle", "natural", (r, v) => r.xclaim("x", "g", "c", v, ["1-1"])],
  [
    "xclaim retrycount",
    "natural",
    (r, v) => r.xclaim("x", "g", "c", 0, ["1-1"], { retrycount: v }),
  ],
  ["xautoclaim count", "natural", (r, v) => r.xautoclaim("x", "g", "c", 0, "0-0", { count: v })],
  ["xpending count", "natural", (r, v) => r.xpending("x", "g", { start: "-", end: "+", count: v })],
  ["xsetid entriesAdded", "natural", (r, v) => r.xsetid("x", "1-1", { entriesAdded: v })],
  [
    "xgroupCreate entriesRead",
    "natural",
    (r, v) => r.xgroupCreate("x", "g", "$", { entriesRead: v }),
  ],
  ["xinfoStream count", "natural", (r, v) => r.xinfoStream("x", { full: true, count: v })],
];

/** Options that exclude each other, options that need another, and other shapes no server takes. */
const EXCLUSIVE: [label: string, call: (r: Loose) => unknown, message: RegExp][] = [
  ["set ex and px", (r) => r.set("k", "v", { ex: 1, px: 1 }), /set: options ex and px/],
  ["set exat and keepttl", (r) => r.set("k", "v", { exat: 1, keepttl: true }), /exat and keepttl/],
  ["set nx and xx", (r) => r.set("k", "v", { nx: true, xx: true }), /set: options nx and xx/],
  [
    "getex ex and persist",
    (r) => r.getex("k", { ex: 1, persist: true }),
    /getex: options ex and persist/,
  ],
  ["getex px and pxat", (r) => r.getex("k", { px: 1, pxat: 1 }), /getex: options px and pxat/],
  [
    "expire nx and xx",
    (r) => r.expire("k", 1, { nx: true, xx: true }),
    /expire: options nx and xx/,
  ],
  [
    "expireat gt and lt",
    (r) => r.expireat("k", 1, { gt: true, lt: true }),
    /expireat: options gt and lt/,
  ],
  [
    "pexpire nx and gt",
    (r) => r.pexpire("k", 1, { nx: true, gt: true }),
    /pexpire: options nx and gt/,
  ],
  [
    "pexpireat xx and lt and gt",
    (r) => r.pexpireat("k", 1, { xx: true, lt: true, gt: true }),
    /options xx and gt and lt/,
  ],
  [
    "zadd nx and xx",
    (r) => r.zadd("z", { nx: true, xx: true }, { score: 1, member: "m" }),
    /zadd: options nx and xx/,
  ],
  [
    "zadd nx and gt",
    (r) => r.zadd("z", { nx: true, gt: true }, { score: 1, member: "m" }),
    /zadd: options nx and gt/,
  ],
  [
    "zadd nx and lt",
    (r) => r.zadd("z", { nx: true, lt: true }, { score: 1, member: "m" }),
    /zadd: options nx and lt/,
  ],
  [
    "zadd gt and lt",
    (r) => r.zadd("z", { gt: true, lt: true }, { score: 1, member: "m" }),
    /zadd: options gt and lt/,
  ],
  [
    "zadd incr with two members",
    (r) => r.zadd("z", { incr: true }, { score: 1, member: "a" }, { score: 1, member: "b" }),
    /incr takes exactly one member/,
  ],
  ["zadd without members", (r) => r.zadd("z", { ch: true }), /zadd members: expected at least one/],
  [
    "zadd a member that is not one",
    (r) => r.zadd("z", { score: 1, member: "a" }, Object.create(null)),
    /zadd members\[1\]: expected \{ score, member \}, got an object without prototype/,
  ],
  [
    "zrange withscores by lex",
    (r) => r.zrange("z", "-", "+", { by: "lex", withscores: true }),
    /not allowed with by: "lex"/,
  ],
  [
    "zrange limit without by",
    (r) => r.zrange("z", 0, 1, { limit: { offset: 0, count: 1 } }),
    /needs by/,
  ],
  [
    "zinter weights of another length",
    (r) => r.zinter(["z", "y"], { weights: [1] }),
    /weights: expected 2, got 1/,
  ],
  [
    "geoadd nx and xx",
    (r) => r.geoadd("g", { nx: true, xx: true }, { longitude: 1, latitude: 1, member: "m" }),
    /geoadd: options nx and xx/,
  ],
  [
    "geosearch frommember and fromlonlat",
    (r) =>
      r.geosearch("g", {
        from: { member: "m", longitude: 1, latitude: 1 },
        by: { radius: 1, unit: "km" },
      }),
    /options member and longitude/,
  ],
  [
    "geosearch byradius and bybox",
    (r) =>
      r.geosearch("g", {
        from: { member: "m" },
        by: { radius: 1, width: 1, height: 1, unit: "km" },
      }),
    /options radius and width/,
  ],
  [
    "geosearch any without count",
    (r) => r.geosearch("g", { from: { member: "m" }, by: { radius: 1, unit: "km" }, any: true }),
    /any needs count/,
  ],
  [
    "georadius any without count",
    (r) => r.georadius("g", 1, 1, 1, "km", { any: true }),
    /any needs count/,
  ],
  [
    "georadius store and storedist",
    (r) => r.georadius("g", 1, 1, 1, "km", { store: "a", storedist: "b" }),
    /options store and storedist/,
  ],
  [
    "georadiusbymember store and withhash",
    (r) => r.georadiusbymember("g", "m", 1, "km", { store: "a", withhash: true }),
    /options store and withhash/,
  ],
  [
    "georadiusRo store",
    (r) => r.georadiusRo("g", 1, 1, 1, "km", { store: "a" }),
    /store is not allowed/,
  ],
  [
    "xadd maxlen and minid",
    (r) => r.xadd("x", "*", { f: "v" }, { trim: { maxlen: 1, minid: "1-1" } }),
    /xadd trim: options maxlen and minid/,
  ],
  [
    "xtrim maxlen and minid",
    (r) => r.xtrim("x", { maxlen: 1, minid: "1-1" }),
    /xtrim trim: options maxlen and minid/,
  ],
  [
    "xtrim limit without approx",
    (r) => r.xtrim("x", { maxlen: 1, limit: 10 }),
    /option limit needs approx/,
  ],
  ["xtrim neither maxlen nor minid", (r) => r.xtrim("x", {}), /needs maxlen or minid/],
  [
    "xtrim minid not an id",
    (r) => r.xtrim("x", { minid: Object.create(null) }),
    /minid: expected an id, got an object without prototype/,
  ],
  [
    "xclaim idle and time",
    (r) => r.xclaim("x", "g", "c", 0, ["1-1"], { idle: 1, time: 1 }),
    /xclaim: options idle and time/,
  ],
  ["lcs len and idx", (r) => r.lcs("a", "b", { len: true, idx: true }), /lcs: options len and idx/],
  [
    "lcs withmatchlen without idx",
    (r) => r.lcs("a", "b", { withmatchlen: true }),
    /withmatchlen needs idx/,
  ],
  ["bitcount unit without end", (r) => r.bitcount("k", { start: 0, unit: "bit" }), /needs its end/],
  ["bitpos unit without end", (r) => r.bitpos("k", 1, { start: 0, unit: "byte" }), /needs its end/],
  ["bitop not with two keys", (r) => r.bitop("not", "d", "a", "b"), /bitop not: expected one key/],
  [
    "bitfield two operations in one",
    (r) => r.bitfield("bf", [{ get: { encoding: "u8", offset: 0 }, overflow: "sat" }]),
    /expected one of get, set, incrby or overflow, got get and overflow/,
  ],
  ["sortRo store", (r) => r.sortRo("l", { store: "d" }), /sortRo: option store is not allowed/],
  [
    "hscanPage type",
    (r) => r.hscanPage("h", "0", { type: "string" }),
    /option type is for scanPage only/,
  ],
  ["lpos rank 0", (r) => r.lpos("l", "a", { rank: 0 }), /lpos rank: expected a non-zero integer/],
];

/** Lists and pairs that are not arrays or objects, and options that are not objects. */
const SHAPES: [label: string, call: (r: Loose) => unknown, message: RegExp][] = [
  ["del without keys", (r) => r.del(), /del keys: expected at least one, got none/],
  [
    "lmpop keys as a string",
    (r) => r.lmpop("l", "left"),
    /lmpop keys: expected an array, got the string "l"/,
  ],
  [
    "blpop keys without prototype",
    (r) => r.blpop(Object.create(null), 1),
    /blpop keys: expected an array, got an object without prototype/,
  ],
  [
    "zinter keys as a symbol",
    (r) => r.zinter(Symbol("k")),
    /zinter keys: expected an array, got the symbol "k"/,
  ],
  [
    "bitfield operations as a bigint",
    (r) => r.bitfield("bf", 1n),
    /bitfield operations: expected an array, got the bigint 1n/,
  ],
  [
    "hset fields as a string",
    (r) => r.hset("h", "abc"),
    /hset fields: expected an object or an array of pairs, got the string "abc"/,
  ],
  [
    "hset a pair of one",
    (r) => r.hset("h", [["a"]]),
    /hset fields\[0\]: expected a \[name, value\] pair, got an array of 1/,
  ],
  [
    "mset entries as null",
    (r) => r.mset(null),
    /mset entries: expected an object or an array of pairs, got null/,
  ],
  [
    "xadd a pair of three",
    (r) => r.xadd("x", "*", [["a", "b", "c"]]),
    /xadd fields\[0\]: expected a \[name, value\] pair/,
  ],
  [
    "xread streams as a number",
    (r) => r.xread(5),
    /xread streams: expected an object or an array of pairs, got 5/,
  ],
  [
    "set options as a string",
    (r) => r.set("k", "v", "EX"),
    /set options: expected an object, got the string "EX"/,
  ],
  [
    "getex options as null",
    (r) => r.getex("k", null),
    /getex options: expected an object, got null/,
  ],
  [
    "expire condition as a symbol",
    (r) => r.expire("k", 1, Symbol("nx")),
    /expire options: expected an object, got the symbol "nx"/,
  ],
  [
    "lpos options as null",
    (r) => r.lpos("l", "a", null),
    /lpos options: expected an object, got null/,
  ],
  [
    "zadd options as null",
    (r) => r.zadd("z", null, { score: 1, member: "m" }),
    /zadd options: expected an object, got null/,
  ],
  [
    "zrange options as a number",
    (r) => r.zrange("z", 0, 1, 7),
    /zrange options: expected an object, got 7/,
  ],
  [
    "zrangebyscore options as null",
    (r) => r.zrangebyscore("z", 0, 1, null),
    /zrangebyscore options: expected an object, got null/,
  ],
  [
    "sort options as a string",
    (r) => r.sort("l", "desc"),
    /sort options: expected an object, got the string "desc"/,
  ],
  [
    "xadd trim as a number",
    (r) => r.xadd("x", "*", { f: "v" }, { trim: 5 }),
    /xadd trim: expected an object, got 5/,
  ],
  [
    "xautoclaim options as null",
    (r) => r.xautoclaim("x", "g", "c", 0, "0-0", null),
    /xautoclaim options: expected an object, got null/,
  ],
  [
    "geosearch from as null",
    (r) => r.geosearch("g", { from: null, by: { radius: 1, unit: "km" } }),
    /geosearch from: expected an object, got null/,
  ],
  [
    "georadius options as a string",
    (r) => r.georadius("g", 1, 1, 1, "km", "WITHDIST"),
    /georadius options: expected an object, got the string "WITHDIST"/,
  ],
  [
    "bitcount range as a number",
    (r) => r.bitcount("k", 3),
    /bitcount range: expected an object, got 3/,
  ],
  [
    "scanPage options as null",
    (r) => r.scanPage("0", null),
    /scanPage options: expected an object, got null/,
  ],
  [
    "lcs options as null",
    (r) => r.lcs("a", "b", null),
    /lcs options: expected an object, got null/,
  ],
];

/** The commands' names as INFO commandstats spells them, from the calls' method names. */
const COMMANDS_ATTACKED = [
  "set",
  "getex",
  "setex",
  "psetex",
  "getrange",
  "substr",
  "setrange",
  "incrby",
  "decrby",
  "incrbyfloat",
  "lcs",
  "expire",
  "expireat",
  "pexpire",
  "pexpireat",
  "copy",
  "move",
  "restore",
  "migrate",
  "sort",
  "sort_ro",
  "wait",
  "waitaof",
  "scan",
  "setbit",
  "getbit",
  "bitcount",
  "bitpos",
  "bitop",
  "bitfield",
  "bitfield_ro",
  "hincrby",
  "hincrbyfloat",
  "hrandfield",
  "hscan",
  "hset",
  "lrange",
  "lindex",
  "lset",
  "lrem",
  "ltrim",
  "lpop",
  "lpos",
  "linsert",
  "lmove",
  "blmove",
  "lmpop",
  "blpop",
  "brpop",
  "blmpop",
  "brpoplpush",
  "spop",
  "srandmember",
  "sintercard",
  "sscan",
  "zadd",
  "zincrby",
  "zinter",
  "zunionstore",
  "zrange",
  "zrangebyscore",
  "zrevrange",
  "zremrangebyrank",
  "zpopmin",
  "zrandmember",
  "zmpop",
  "bzmpop",
  "bzpopmin",
  "bzpopmax",
  "zintercard",
  "zscan",
  "geoadd",
  "geodist",
  "geosearch",
  "geosearchstore",
  "georadius",
  "georadius_ro",
  "georadiusbymember",
  "georadiusbymember_ro",
  "xadd",
  "xtrim",
  "xrange",
  "xread",
  "xreadgroup",
  "xclaim",
  "xautoclaim",
  "xpending",
  "xsetid",
  "xgroup|create",
  "xinfo|stream",
  "del",
  "mset",
];

describeEachClient("arguments checked before anything is sent", (ctx) => {
  const loose = () => ctx.redis as unknown as Loose;

  /** A key of each type, then the server's command statistics reset. */
  async function seed(): Promise<void> {
    await ctx.redis.set("k", "v");
    await ctx.redis.hset("h", { f: "1" });
    await ctx.redis.rpush("l", "a", "b");
    await ctx.redis.sadd("s", "m");
    await ctx.redis.zadd("z", { score: 1, member: "m" });
    await ctx.redis.xadd("x", "1-1", { f: "v" });
    await resetSentCommands(ctx.redis);
  }

  /** None of the attacked commands reached the server, and the seeded keys are as they were. */
  async function expectNothingSent(): Promise<void> {
    const called = [...(await sentCommands(ctx.redis)).keys()];
    const attacked = called.filter((name) => COMMANDS_ATTACKED.includes(name));
    assert.deepEqual(attacked, [], `commands that reached the server: ${attacked.join(", ")}`);
    assert.equal(await ctx.redis.dbsize(), 6);
    assert.equal(await ctx.redis.get("k"), "v");
    assert.deepEqual(await ctx.redis.lrange("l", 0, -1), ["a", "b"]);
    assert.deepEqual(await ctx.redis.zrange("z", 0, -1, { withscores: true }), [
      { member: "m", score: 1 },
    ]);
    assert.equal(await ctx.redis.xlen("x"), 1);
  }

  for (const kind of Object.keys(REJECTED) as (keyof typeof REJECTED)[]) {
    const sites = SITES.filter(([, siteKind]) => siteKind === kind);
    it(`${kind} arguments: every hostile value is a DataError describing it (${sites.length} arguments)`, async () => {
      await seed();
      for (const [label, , call] of sites) {
        for (const name of REJECTED[kind]) {
          const { label: valueLabel, value, shown } = HOSTILE[name];
          expectDataError(`${label} = ${valueLabel}`, () => call(loose(), value), shown);
        }
      }
      await expectNothingSent();
    });
  }

  it("options that exclude each other or need another are DataErrors", async () => {
    await seed();
    for (const [label, call, message] of EXCLUSIVE) {
      expectDataError(label, () => call(loose()), message);
    }
    await expectNothingSent();
  });

  it("lists, pairs and options of the wrong shape are DataErrors", async () => {
    await seed();
    for (const [label, call, message] of SHAPES) {
      expectDataError(label, () => call(loose()), message);
    }
    await expectNothingSent();
  });

  it("a long string is shown shortened, and a symbol without description by kind", async () => {
    await seed();
    expectDataError(
      "long",
      () => loose().lrange("l", "x".repeat(100), 1),
      /got the string "x{40}…"$/,
    );
    expectDataError("symbol", () => loose().lrange("l", Symbol(), 1), /got a symbol$/);
    expectDataError("-0 is 0", () => loose().setex("k", -0, "v"), /got -0$/);
    expectDataError("a function", () => loose().lrange("l", () => 1, 1), /got a function$/);
    await expectNothingSent();
  });

  it("the statistics do see a command that reached the server", async () => {
    await seed();
    await ctx.redis.lrange("l", 0, -1);
    assert.equal((await sentCommands(ctx.redis)).get("lrange"), 1);
  });

  it("objects without prototype are fine as options and as fields", async () => {
    assert.equal(
      await ctx.redis.set("k", "v", Object.assign(Object.create(null), { ex: 100, get: false })),
      "OK",
    );
    assert.ok(Number(await ctx.redis.ttl("k")) > 90);
    assert.equal(await ctx.redis.hset("h", record({ ["__proto__"]: "p", constructor: "c" })), 2);
    assert.deepEqual(
      await ctx.redis.hgetall("h"),
      record({ ["__proto__"]: "p", constructor: "c" }),
    );
    const options = Object.assign(Object.create(null), { ch: true });
    const member = Object.assign(Object.create(null), { score: 2, member: "m" });
    assert.equal(await ctx.redis.zadd("z", options, member), 1);
    assert.equal(await ctx.redis.zscore("z", "m"), 2);
  });
});
