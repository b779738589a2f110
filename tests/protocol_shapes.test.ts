import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, Redis } from "../mod.ts";
import { describeEachClient, skipOnBlockingClient } from "./support/per_protocol.ts";
import {
  compareRecordings,
  compareShapes,
  describeShape,
  formatGroup,
  groupDifferences,
  kindOf,
  recordReplies,
  ReplyRecording,
} from "./support/reply_shape.ts";

describe("reply shapes: the comparer", () => {
  it("tells kinds apart; plain and null-prototype objects are both records", () => {
    assert.equal(kindOf({}), "record");
    assert.equal(kindOf(Object.create(null)), "record");
    assert.equal(kindOf(new Map()), "Map");
    assert.equal(kindOf([]), "array");
    assert.equal(kindOf(new Uint8Array(1)), "bytes");
    assert.equal(kindOf(null), "null");
    assert.equal(kindOf(1n), "bigint");
    assert.equal(kindOf(new DataError("x")), "error DataError");
    assert.deepEqual(compareShapes({ a: 1 }, Object.assign(Object.create(null), { a: 2 })), []);
  });

  it("reports a Map where a record is, and a string where a number is, with the path", () => {
    assert.deepEqual(compareShapes({ engines: { LUA: {} } }, { engines: new Map([["LUA", {}]]) }), [
      { path: ".engines", left: "record{LUA}", right: "Map{LUA}" },
    ]);
    assert.deepEqual(compareShapes([{ "age-seconds": "0.5" }], [{ "age-seconds": 0.5 }]), [
      { path: "[0].age-seconds", left: 'string "0.5"', right: "number 0.5" },
    ]);
    assert.deepEqual(compareShapes(null, []), [{ path: "", left: "null", right: "array(0)" }]);
  });

  it("reports keys present on one side only, and compares what common keys hold", () => {
    assert.deepEqual(compareShapes({ a: 1, b: [1] }, { a: 2, c: 3, b: ["1"] }), [
      { path: ".b[0]", left: "number 1", right: 'string "1"' },
      { path: ".c", left: "absent", right: "number 3" },
    ]);
    assert.deepEqual(compareShapes(new Map([[1, "x"]]), new Map([["1", "x"]])), [
      { path: "[<number 1>]", left: 'string "x"', right: "absent" },
      { path: '["1"]', left: "absent", right: 'string "x"' },
    ]);
  });

  it("compares arrays of different lengths by the union of their elements' shapes", () => {
    assert.deepEqual(compareShapes([1, 2, 3], [4]), []);
    assert.deepEqual(compareShapes([], [{ a: 1 }]), []);
    assert.deepEqual(compareShapes([{ a: 1 }, { a: 2 }], [{ a: "1" }]), [
      { path: "[*].a", left: "number 1", right: 'string "1"' },
    ]);
    assert.deepEqual(compareShapes([[1, 2], [3]], [["x"]]), [
      { path: "[*][*]", left: "number 1", right: 'string "x"' },
    ]);
    assert.deepEqual(compareShapes([1, "a"], [2]), [
      { path: "[*]", left: 'number 1 | string "a"', right: "number 2" },
    ]);
  });

  it("groups differences of one cause: same method, last path step and kinds", () => {
    const base = { test: "t", call: 0, method: "commandInfo", left: "array(4) of string" };
    const groups = groupDifferences([
      { ...base, path: "[0].keySpecs[0].begin_search", right: "Map{type, spec}" },
      { ...base, path: "[1].keySpecs[2].begin_search", right: "Map{type}" },
      { ...base, path: "[1].keySpecs[2].find_keys", right: "Map{type}" },
      { ...base, path: "[1].keySpecs[2].find_keys", right: "record{type}" },
    ]);
    assert.deepEqual(groups.map(({ example, count }) => [example.path, count]), [
      ["[0].keySpecs[0].begin_search", 2],
      ["[1].keySpecs[2].find_keys", 1],
      ["[1].keySpecs[2].find_keys", 1],
    ]);
    assert.match(
      formatGroup(groups[0]),
      /begin_search: RESP2 array\(4\) of string vs RESP3 Map\{type, spec\} \[and 1 more like it\]$/,
    );
  });

  it("pairs up array elements listed in another order", () => {
    const reads = { name: "peek", description: "reads" };
    const plain = { name: "echo", description: null };
    assert.deepEqual(compareShapes([reads, plain], [plain, reads]), []);
    assert.deepEqual(compareShapes([reads, plain], [plain, plain]), [
      { path: "[0].description", left: 'string "reads"', right: "null" },
    ]);
    const many = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? reads : plain));
    assert.deepEqual(compareShapes(many, [...many.slice(1), many[0]]), []);
    assert.deepEqual(compareShapes([1, "x"], ["x", 1]), [
      { path: "[0]", left: "number 1", right: 'string "x"' },
      { path: "[1]", left: 'string "x"', right: "number 1" },
    ]);
  });

  it("describes shapes briefly", () => {
    assert.equal(describeShape([1, "x", 2]), "array(3) of number|string");
    assert.equal(describeShape(new Map([["a", 1], ["b", 2]])), "Map{a, b}");
    assert.equal(describeShape(new Uint8Array(3)), "Uint8Array(3)");
    assert.equal(describeShape("x".repeat(50)), `string "${"x".repeat(37)}..."`);
  });
});

/** A stand-in client: commands answer with whatever `replies` says for this protocol. */
class FakeClient {
  readonly protocol: 2 | 3;
  constructor(protocol: 2 | 3) {
    this.protocol = protocol;
  }
  get bytes(): FakeClient {
    return this;
  }
  config(): Promise<unknown> {
    return Promise.resolve(this.protocol === 2 ? { a: "1" } : new Map([["a", "1"]]));
  }
  count(): Promise<number> {
    return Promise.resolve(1);
  }
  fail(): Promise<never> {
    return Promise.reject(new RangeError("no"));
  }
  check(value: number): Promise<number> {
    if (value < 0) throw new DataError("negative");
    return Promise.resolve(value);
  }
  sendCommand(): Promise<unknown> {
    return Promise.resolve(null);
  }
  pipeline(): FakeQueue {
    return new FakeQueue(this);
  }
  async *items(): AsyncGenerator<number> {
    yield 1;
    yield this.protocol;
  }
}

class FakeQueue {
  readonly #client: FakeClient;
  readonly #queued: (() => Promise<unknown>)[] = [];
  constructor(client: FakeClient) {
    this.#client = client;
  }
  config(): this {
    this.#queued.push(() => this.#client.config());
    return this;
  }
  count(): this {
    this.#queued.push(() => this.#client.count());
    return this;
  }
  exec(): Promise<unknown[]> {
    return Promise.all(this.#queued.splice(0).map((run) => run()));
  }
}

describe("reply shapes: the recorder", () => {
  async function run(protocol: 2 | 3, recording: ReplyRecording): Promise<void> {
    const client = recordReplies(new FakeClient(protocol), recording);
    recording.startTest("one");
    await client.config();
    await client.bytes.count();
    await assert.rejects(client.fail(), RangeError);
    assert.throws(() => client.check(-1), DataError);
    const pipeline = client.pipeline();
    assert.equal(pipeline.count(), pipeline);
    assert.deepEqual(await pipeline.config().exec(), [
      1,
      protocol === 2 ? { a: "1" } : new Map([["a", "1"]]),
    ]);
    const items: number[] = [];
    for await (const item of client.items()) items.push(item);
    assert.deepEqual(items, [1, protocol]);
    recording.startTest("two");
    if (protocol === 3) await client.count();
  }

  it("records replies, errors, pipeline commands and iterator values, transparently", async () => {
    const [resp2, resp3] = [new ReplyRecording(), new ReplyRecording()];
    await run(2, resp2);
    await run(3, resp3);
    assert.deepEqual(resp2.calls("one").map((call) => call.method), [
      "config",
      "bytes.count",
      "fail",
      "check",
      "pipeline.count",
      "pipeline.config",
      "items",
      "items",
    ]);
    const { calls, tests, differences, notes } = compareRecordings(resp2, resp3);
    assert.equal(calls, 8);
    assert.equal(tests, 1);
    assert.deepEqual(
      differences.map(({ method, path, left, right }) => [method, path, left, right]),
      [
        ["config", "", "record{a}", "Map{a}"],
        ["pipeline.config", "", "record{a}", "Map{a}"],
      ],
    );
    assert.deepEqual(notes, [
      '"two": compared the first 0 of 0 (RESP2) / 1 (RESP3) calls; then (end) vs count',
    ]);
  });

  it("keeps a tolerated difference, saying why", () => {
    const [resp2, resp3] = [new ReplyRecording(), new ReplyRecording()];
    for (const [recording, reply] of [[resp2, "1"], [resp3, 1]] as const) {
      recording.startTest("t");
      Object.assign(recording.add("timing"), { reply, settled: true });
    }
    const [difference] = compareRecordings(resp2, resp3, [
      { method: /^timing$/, reason: "depends on the clock" },
    ]).differences;
    assert.equal(difference.allowed, "depends on the clock");
  });
});

const LIBRARY = [
  "#!lua name=shapelib",
  "redis.register_function('echo_args', function(keys, args) return args end)",
  "redis.register_function{function_name='peek', callback=function(keys) " +
  "return redis.call('GET', keys[1]) end, flags={'no-writes'}}",
].join("\n");

/**
 * Commands with nested replies that the command suites do not call on the
 * recorded client (or not with the options that nest), one test per group,
 * so that the shape check sees every group.
 */
describeEachClient("nested replies", (ctx) => {
  it("strings and bitmaps", async () => {
    await ctx.redis.mset({ a: "ohmytext", b: "mynewtext" });
    await ctx.redis.mget("a", "nope", "b");
    await ctx.redis.set("a", "x", { get: true });
    await ctx.redis.getex("b", { px: 100_000 });
    await ctx.redis.lcs("a", "b");
    await ctx.redis.lcs("a", "b", { len: true });
    await ctx.redis.incrbyfloat("f", 1.5);
    await ctx.redis.setbit("bits", 7, 1);
    await ctx.redis.bitfield("bits", [{ get: { encoding: "u8", offset: 0 } }, {
      incrby: { encoding: "u8", offset: 0, increment: 1 },
    }]);
    await ctx.redis.bitfieldRo("bits", [{ encoding: "i4", offset: 0 }]);
    await ctx.redis.bitpos("bits", 1);
    await ctx.redis.bitcount("bits");
    await ctx.redis.bytes.getrange("a", 0, 2);
  });

  it("keys: SORT with GET, OBJECT, SCAN, TTLs, DUMP", async () => {
    await ctx.redis.rpush("list", "3", "1", "2");
    await ctx.redis.mset({ w_1: "a", w_2: "b" });
    await ctx.redis.sort("list", { get: ["#", "w_*"] });
    await ctx.redis.sortRo("list", { alpha: true, limit: { offset: 0, count: 2 } });
    await ctx.redis.objectEncoding("list");
    await ctx.redis.objectRefcount("list");
    await ctx.redis.objectIdletime("list");
    await ctx.redis.expiretime("list");
    await ctx.redis.pttl("list");
    await ctx.redis.type("list");
    await ctx.redis.keys("w_*");
    await ctx.redis.exists("list", "nope");
    await ctx.redis.bytes.dump("list");
    await ctx.redis.randomkey();
    if (ctx.client === "async") {
      const keys: string[] = [];
      for await (const key of ctx.redis.scan({ match: "w_*" })) keys.push(key);
    }
  });

  it("hashes: HGETALL, HMGET, HRANDFIELD WITHVALUES, HSCAN, HINCRBYFLOAT", async () => {
    await ctx.redis.hset("h", { a: "1", b: "2", c: "3" });
    await ctx.redis.hgetall("h");
    await ctx.redis.hgetall("nope");
    await ctx.redis.hmget("h", "a", "nope");
    await ctx.redis.hkeys("h");
    await ctx.redis.hvals("h");
    await ctx.redis.hrandfield("h", 2, { withvalues: true });
    await ctx.redis.hrandfield("h", -5);
    await ctx.redis.hincrbyfloat("h", "a", 0.25);
    await ctx.redis.bytes.hgetall("h");
    if (ctx.client === "async") {
      for await (const _ of ctx.redis.hscan("h")) { /* each yielded value is recorded */ }
    }
  });

  it("lists: LPOS COUNT, LMPOP, BLMPOP, BLPOP, LPOP count", async () => {
    await ctx.redis.rpush("l", "a", "b", "a", "c");
    await ctx.redis.lpos("l", "a", { count: 0 });
    await ctx.redis.lpos("l", "z");
    await ctx.redis.lmpop(["nope", "l"], "left", { count: 2 });
    await ctx.redis.lmpop(["nope"], "left");
    await ctx.redis.blmpop(0.1, ["l"], "right");
    await ctx.redis.blpop(["l"], 0.1);
    await ctx.redis.rpush("l", "x", "y");
    await ctx.redis.lpop("l", 5);
    await ctx.redis.lpop("l", 5);
    await ctx.redis.lrange("l", 0, -1);
  });

  it("sets: SMEMBERS, SMISMEMBER, SPOP/SRANDMEMBER with count, SINTERCARD", async () => {
    await ctx.redis.sadd("s", "a", "b", "c");
    await ctx.redis.sadd("t", "b");
    await ctx.redis.smembers("s");
    await ctx.redis.smismember("s", "a", "z");
    await ctx.redis.srandmember("s", 2);
    await ctx.redis.srandmember("nope");
    await ctx.redis.spop("t", 3);
    await ctx.redis.sintercard(["s", "t"]);
    await ctx.redis.sunion("s", "t");
    await ctx.redis.bytes.smembers("s");
  });

  it("sorted sets: WITHSCORES everywhere, pops, ZMSCORE, ZINCRBY", async () => {
    await ctx.redis.zadd("z", { score: 1, member: "a" }, { score: 2.5, member: "b" }, {
      score: 3,
      member: "c",
    });
    await ctx.redis.zadd("y", { score: 1, member: "a" });
    await ctx.redis.zrange("z", 0, -1, { withscores: true });
    await ctx.redis.zrange("z", 0, -1);
    await ctx.redis.zrandmember("z", 2, { withscores: true });
    await ctx.redis.zscore("z", "b");
    await ctx.redis.zscore("z", "nope");
    await ctx.redis.zmscore("z", "a", "nope");
    await ctx.redis.zincrby("z", 0.5, "a");
    await ctx.redis.zunion(["z", "y"], { withscores: true });
    await ctx.redis.zinter(["z", "y"], { withscores: true });
    await ctx.redis.zdiff(["z", "y"], { withscores: true });
    await ctx.redis.zrank("z", "b");
    await ctx.redis.zpopmin("z");
    await ctx.redis.zpopmax("z", 1);
    await ctx.redis.zmpop(["nope", "z"], "min", { count: 5 });
    await ctx.redis.zmpop(["nope"], "max");
    await ctx.redis.zadd("z", { score: 7, member: "q" });
    await ctx.redis.bzmpop(0.1, ["z"], "max");
    await ctx.redis.zadd("z", { score: 8, member: "r" });
    await ctx.redis.bzpopmin(["z"], 0.1);
    await ctx.redis.bzpopmax(["nope"], 0.05);
    await ctx.redis.bytes.zrange("y", 0, -1, { withscores: true });
    if (ctx.client === "async") {
      for await (const _ of ctx.redis.zscan("y")) { /* each yielded value is recorded */ }
    }
  });

  it("hyperloglog and geo: GEOPOS, GEOSEARCH and GEORADIUS with everything", async () => {
    await ctx.redis.pfadd("hll", "a", "b");
    await ctx.redis.pfcount("hll");
    await ctx.redis.geoadd(
      "g",
      { longitude: 13.361389, latitude: 38.115556, member: "Palermo" },
      { longitude: 15.087269, latitude: 37.502669, member: "Catania" },
    );
    await ctx.redis.geopos("g", "Palermo", "nope");
    await ctx.redis.geodist("g", "Palermo", "Catania", "km");
    await ctx.redis.geodist("g", "Palermo", "nope");
    await ctx.redis.geohash("g", "Palermo", "nope");
    const from = { longitude: 15, latitude: 37 };
    const by = { radius: 200, unit: "km" } as const;
    await ctx.redis.geosearch("g", { from, by });
    await ctx.redis.geosearch("g", { from, by, order: "asc" }, {
      withcoord: true,
      withdist: true,
      withhash: true,
    });
    await ctx.redis.georadius("g", 15, 37, 200, "km", { withcoord: true, withdist: true });
    await ctx.redis.georadiusbymember("g", "Palermo", 200, "km", { withhash: true });
  });

  it("streams: XINFO STREAM FULL, XPENDING both ways, XCLAIM, XAUTOCLAIM, XREADGROUP", async () => {
    await ctx.redis.xadd("s", "1-1", { a: "1", b: "2" });
    await ctx.redis.xadd("s", "2-1", { c: "3" });
    await ctx.redis.xgroupCreate("s", "g", "0");
    await ctx.redis.xreadgroup("g", "c1", { s: ">" }, { count: 10 });
    await ctx.redis.xreadgroup("g", "c1", { s: ">" });
    await ctx.redis.xread({ s: "0" });
    await ctx.redis.xrange("s", "-", "+");
    await ctx.redis.xpending("s", "g");
    await ctx.redis.xpending("s", "g", { start: "-", end: "+", count: 10 });
    await ctx.redis.xclaim("s", "g", "c2", 0, ["1-1"]);
    await ctx.redis.xautoclaim("s", "g", "c3", 0, "0-0", { count: 10 });
    await ctx.redis.xinfoStream("s");
    await ctx.redis.xinfoStream("s", { full: true });
    await ctx.redis.xinfoGroups("s");
    await ctx.redis.xinfoConsumers("s", "g");
    await ctx.redis.bytes.xrange("s", "-", "+");
    await ctx.redis.bytes.xinfoStream("s", { full: true });
  });

  it("scripting and functions: FUNCTION STATS, LIST WITHCODE, nested Lua replies", async () => {
    await ctx.redis.functionFlush("sync");
    await ctx.redis.functionLoad(LIBRARY);
    await ctx.redis.functionStats();
    await ctx.redis.functionList({ withcode: true });
    await ctx.redis.fcall("echo_args", [], ["a", "b"]);
    await ctx.redis.set("k", "v");
    await ctx.redis.fcallRo("peek", ["k"]);
    await ctx.redis.eval("return {1, 'two', {3, 'four'}, redis.status_reply('OK')}");
    await ctx.redis.eval("return {err = 'ERR boom'}").catch(() => {});
    const sha = await ctx.redis.scriptLoad("return redis.call('GET', KEYS[1])");
    await ctx.redis.scriptExists(sha, "0".repeat(40));
    const script = ctx.redis.script("return {KEYS[1], tonumber(ARGV[1]) + 1}");
    await script.run(["k"], [1]);
    await ctx.redis.pipeline().runScript(script, ["k"], [2]).hgetall("nope").exec();
    await ctx.redis.functionFlush("sync");
  });

  it("pub/sub introspection: NUMSUB, SHARDNUMSUB, CHANNELS, NUMPAT", async (t) => {
    if (skipOnBlockingClient(t, ctx, "subscribe needs the async client")) return;
    const subscription = await ctx.redis.subscribe("news", "alerts");
    const patterns = await ctx.redis.psubscribe("n*");
    try {
      await ctx.redis.pubsubNumsub("news", "nope");
      await ctx.redis.pubsubShardnumsub("shard");
      await ctx.redis.pubsubChannels();
      await ctx.redis.pubsubShardchannels();
      await ctx.redis.pubsubNumpat();
      await ctx.redis.publish("news", "hi");
    } finally {
      await subscription.unsubscribe();
      await patterns.unsubscribe();
    }
  });

  it("transactions and pipelines: nested replies element by element", async () => {
    await ctx.redis.hset("h", { a: "1" });
    await ctx.redis.zadd("z", { score: 1, member: "a" });
    await ctx.redis.xadd("s", "1-1", { f: "v" });
    await ctx.redis.multi()
      .hgetall("h")
      .zrange("z", 0, -1, { withscores: true })
      .xrange("s", "-", "+")
      .configGet("maxmemory*")
      .time()
      .exec();
    await ctx.redis.pipeline()
      .hgetall("h")
      .zpopmin("z")
      .xinfoStream("s")
      .lpush("h", "x")
      .exec();
    await ctx.redis.bytes.multi().hgetall("h").zrandmember("z", 1, { withscores: true }).exec();
  });

  it("server: INFO, TIME, ROLE, MEMORY STATS, LATENCY, SLOWLOG", async () => {
    await ctx.redis.info("server", "keyspace");
    await ctx.redis.time();
    await ctx.redis.role();
    await ctx.redis.set("k", "v");
    await ctx.redis.memoryStats();
    await ctx.redis.memoryUsage("k");
    await ctx.redis.memoryUsage("nope");
    await ctx.redis.configSet({ "latency-monitor-threshold": 1, "slowlog-log-slower-than": 0 });
    await ctx.redis.debug("sleep", 0.01);
    await ctx.redis.latencyLatest();
    await ctx.redis.latencyHistory("command");
    await ctx.redis.latencyHistogram("set", "get");
    await ctx.redis.latencyHistogram();
    await ctx.redis.slowlogGet(2);
    await ctx.redis.configSet({ "latency-monitor-threshold": 0, "slowlog-log-slower-than": 10000 });
    await ctx.redis.latencyReset();
    await ctx.redis.slowlogReset();
    await ctx.redis.moduleList();
  });

  it("COMMAND INFO with key specs and subcommands, COMMAND DOCS, CONFIG GET", async () => {
    await ctx.redis.commandInfo("get", "set", "xread", "sort", "migrate", "nope");
    await ctx.redis.commandInfo("config", "xinfo");
    await ctx.redis.commandDocs("get", "set", "xadd", "client|kill");
    await ctx.redis.commandGetkeysandflags(["LMOVE", "a", "b", "LEFT", "RIGHT"]);
    await ctx.redis.configGet("maxmemory*", "save");
    await ctx.redis.bytes.configGet("maxmemory");
  });

  it("ACL: GETUSER with selectors, LOG entries", async () => {
    await ctx.redis.aclSetuser("sel", "on", "nopass", "~k*", "+get", "(~s* +set)", "%R~r*");
    await ctx.redis.aclGetuser("sel");
    await ctx.redis.aclGetuser("default");
    await ctx.redis.aclLogReset();
    await using denied = await Redis.connect({
      port: ctx.server.port,
      username: "sel",
      password: "x",
      protocol: ctx.protocol,
    });
    await denied.set("nope", "v").catch(() => {});
    await ctx.redis.aclLog();
    await ctx.redis.aclDeluser("sel");
    await ctx.redis.aclLogReset();
  });

  it("connection: HELLO, CLIENT INFO, LIST, TRACKINGINFO, PING, ECHO", async () => {
    await ctx.redis.hello();
    await ctx.redis.clientInfo();
    await ctx.redis.clientList();
    await ctx.redis.clientList({ type: "normal" });
    await ctx.redis.clientTrackinginfo();
    await ctx.redis.clientGetname();
    await ctx.redis.clientId();
    await ctx.redis.ping();
    await ctx.redis.bytes.echo("x");
  });
});
