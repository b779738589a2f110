/**
 * Unknown option keys are DataErrors, never silently ignored: every command
 * method that takes an options object refuses `{ notAnOption: 1 }` and a
 * case variant of a real key (`{ EX: 60 }`), naming the key and the nearest
 * known one, before anything is sent; so do the client options (Redis,
 * RedisSync, RedisCluster, sentinel, pool, tls, reconnect, offlineQueue) and
 * the URL query.
 *
 * The table of sites is checked against the command classes themselves:
 * every parameter of every command method is either a data parameter or an
 * options parameter, and every options parameter has its site here, so a new
 * options-taking command (or a new parameter name) fails this test until it
 * is listed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, Redis, RedisCluster } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { Commands } from "../lib/commands/mod.ts";
import { CommandBase } from "../lib/commands/command_base.ts";
import { expectDataError } from "./support/data_error.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { resetSentCommands, sentCommands } from "./support/sent_commands.ts";

/** A client seen without its types, as a JavaScript caller sees it. */
type Loose = Record<string, (...args: unknown[]) => unknown>;

/** One options parameter of one command: how to call it with `options` there, and a real key. */
interface Site {
  method: string;
  /** The parameter's name in the method's source (`...rest` for zadd/geoadd options in the rest). */
  param: string;
  /** A key the options object really has. */
  key: string;
  call: (r: Loose, options: object) => unknown;
}

const SEARCH = { from: { member: "m" }, by: { radius: 1, unit: "km" } };
const PLACE = { longitude: 13.4, latitude: 38.1, member: "m" };

function site(method: string, param: string, key: string, call: Site["call"]): Site {
  return { method, param, key, call };
}

/** Every options parameter of every command method. */
const SITES: Site[] = [
  // string
  site("set", "options", "ex", (r, o) => r.set("k", "v", o)),
  site("getex", "options", "ex", (r, o) => r.getex("k", o)),
  site("lcs", "options", "len", (r, o) => r.lcs("k", "k2", o)),
  // generic
  site("expire", "condition", "nx", (r, o) => r.expire("k", 10, o)),
  site("expireat", "condition", "nx", (r, o) => r.expireat("k", 10, o)),
  site("pexpire", "condition", "gt", (r, o) => r.pexpire("k", 10, o)),
  site("pexpireat", "condition", "lt", (r, o) => r.pexpireat("k", 10, o)),
  site("copy", "options", "replace", (r, o) => r.copy("k", "k2", o)),
  site("restore", "options", "replace", (r, o) => r.restore("k9", 0, "payload", o)),
  site("migrate", "options", "copy", (r, o) => r.migrate("127.0.0.1", 1, ["k"], 0, 10, o)),
  site("sort", "options", "desc", (r, o) => r.sort("l", o)),
  site("sortRo", "options", "alpha", (r, o) => r.sortRo("l", o)),
  site("scanPage", "options", "match", (r, o) => r.scanPage("0", o)),
  // bitmap
  site("bitcount", "range", "start", (r, o) => r.bitcount("k", o)),
  site("bitpos", "range", "start", (r, o) => r.bitpos("k", 1, o)),
  // hash
  site("hrandfield", "options", "withvalues", (r, o) => r.hrandfield("h", 1, o)),
  site("hscanPage", "options", "match", (r, o) => r.hscanPage("h", "0", o)),
  // list
  site("lpos", "options", "rank", (r, o) => r.lpos("l", "a", o)),
  site("lmpop", "options", "count", (r, o) => r.lmpop(["l"], "left", o)),
  site("blmpop", "options", "count", (r, o) => r.blmpop(1, ["l"], "left", o)),
  // set
  site("sintercard", "options", "limit", (r, o) => r.sintercard(["s"], o)),
  site("sscanPage", "options", "match", (r, o) => r.sscanPage("s", "0", o)),
  // sorted set
  site("zadd", "...rest", "nx", (r, o) => r.zadd("z", o, { score: 1, member: "m" })),
  site("zrange", "options", "withscores", (r, o) => r.zrange("z", 0, -1, o)),
  site("zrangestore", "options", "rev", (r, o) => r.zrangestore("z2", "z", 0, -1, o)),
  site("zrangebyscore", "options", "withscores", (r, o) => r.zrangebyscore("z", 0, 1, o)),
  site("zrevrangebyscore", "options", "withscores", (r, o) => r.zrevrangebyscore("z", 1, 0, o)),
  site("zrangebylex", "options", "limit", (r, o) => r.zrangebylex("z", "-", "+", o)),
  site("zrevrangebylex", "options", "limit", (r, o) => r.zrevrangebylex("z", "+", "-", o)),
  site("zrevrange", "options", "withscores", (r, o) => r.zrevrange("z", 0, -1, o)),
  site("zmpop", "options", "count", (r, o) => r.zmpop(["z"], "min", o)),
  site("bzmpop", "options", "count", (r, o) => r.bzmpop(1, ["z"], "min", o)),
  site("zrandmember", "options", "withscores", (r, o) => r.zrandmember("z", 1, o)),
  site("zdiff", "options", "withscores", (r, o) => r.zdiff(["z"], o)),
  site("zinter", "options", "aggregate", (r, o) => r.zinter(["z"], o)),
  site("zunion", "options", "aggregate", (r, o) => r.zunion(["z"], o)),
  site("zinterstore", "options", "weights", (r, o) => r.zinterstore("z2", ["z"], o)),
  site("zunionstore", "options", "weights", (r, o) => r.zunionstore("z2", ["z"], o)),
  site("zintercard", "options", "limit", (r, o) => r.zintercard(["z"], o)),
  site("zscanPage", "options", "match", (r, o) => r.zscanPage("z", "0", o)),
  // geo
  site("geoadd", "...rest", "xx", (r, o) => r.geoadd("g", o, PLACE)),
  site("geosearch", "search", "from", (r, o) => r.geosearch("g", o)),
  site("geosearch", "withOptions", "withdist", (r, o) => r.geosearch("g", SEARCH, o)),
  site("geosearchstore", "search", "by", (r, o) => r.geosearchstore("g2", "g", o)),
  site("geosearchstore", "options", "storedist", (r, o) => r.geosearchstore("g2", "g", SEARCH, o)),
  site("georadius", "options", "withdist", (r, o) => r.georadius("g", 15, 37, 100, "km", o)),
  site("georadiusRo", "options", "count", (r, o) => r.georadiusRo("g", 15, 37, 100, "km", o)),
  site(
    "georadiusbymember",
    "options",
    "store",
    (r, o) => r.georadiusbymember("g", "m", 1, "km", o),
  ),
  site(
    "georadiusbymemberRo",
    "options",
    "order",
    (r, o) => r.georadiusbymemberRo("g", "m", 1, "km", o),
  ),
  // stream
  site("xadd", "options", "nomkstream", (r, o) => r.xadd("x", "*", { f: "v" }, o)),
  site("xtrim", "trim", "maxlen", (r, o) => r.xtrim("x", o)),
  site("xrange", "options", "count", (r, o) => r.xrange("x", "-", "+", o)),
  site("xrevrange", "options", "count", (r, o) => r.xrevrange("x", "+", "-", o)),
  site("xread", "options", "count", (r, o) => r.xread({ x: "0" }, o)),
  site("xreadgroup", "options", "noack", (r, o) => r.xreadgroup("g", "c", { x: ">" }, o)),
  site("xsetid", "options", "entriesAdded", (r, o) => r.xsetid("x", "1-1", o)),
  site("xpending", "range", "start", (r, o) => r.xpending("x", "g", o)),
  site("xclaim", "options", "idle", (r, o) => r.xclaim("x", "g", "c", 0, ["1-1"], o)),
  site("xautoclaim", "options", "justid", (r, o) => r.xautoclaim("x", "g", "c", 0, "0", o)),
  site("xgroupCreate", "options", "mkstream", (r, o) => r.xgroupCreate("x", "g", "$", o)),
  site("xgroupSetid", "options", "entriesRead", (r, o) => r.xgroupSetid("x", "g", "$", o)),
  site("xinfoStream", "options", "full", (r, o) => r.xinfoStream("x", o)),
  // scripting
  site("functionLoad", "options", "replace", (r, o) => r.functionLoad("#!lua name=l", o)),
  site("functionList", "options", "withcode", (r, o) => r.functionList(o)),
  // connection
  site("hello", "options", "setname", (r, o) => r.hello(3, o)),
  site("clientKill", "filters", "skipme", (r, o) => r.clientKill(o)),
  site("clientList", "options", "type", (r, o) => r.clientList(o)),
  site("clientSetinfo", "attribute", "libName", (r, o) => r.clientSetinfo(o)),
  site("clientTracking", "options", "bcast", (r, o) => r.clientTracking(true, o)),
  // server
  site("bgsave", "options", "schedule", (r, o) => r.bgsave(o)),
  site("lolwut", "options", "version", (r, o) => r.lolwut(o)),
  site("failover", "options", "timeout", (r, o) => r.failover(o)),
  site("shutdown", "options", "nosave", (r, o) => r.shutdown(o)),
  site("restoreAsking", "options", "replace", (r, o) => r.restoreAsking("k9", 0, "payload", o)),
  site("commandList", "filter", "pattern", (r, o) => r.commandList(o)),
  site("memoryUsage", "options", "samples", (r, o) => r.memoryUsage("k", o)),
  site("moduleLoadex", "options", "configs", (r, o) => r.moduleLoadex("/nowhere.so", o)),
  // cluster
  site("clusterSetslot", "action", "stable", (r, o) => r.clusterSetslot(0, o)),
  site("clusterSlotStats", "filter", "slotsrange", (r, o) => r.clusterSlotStats(o)),
];

/** Option objects inside option objects, and other keyed shapes the commands read. */
const NESTED: Site[] = [
  site("sort", "options.limit", "count", (r, o) => r.sort("l", { limit: o })),
  site(
    "migrate",
    "options.auth",
    "password",
    (r, o) => r.migrate("h", 1, ["k"], 0, 1, { auth: o }),
  ),
  site("hello", "options.auth", "username", (r, o) => r.hello(3, { auth: o })),
  site("failover", "options.to", "host", (r, o) => r.failover({ to: o })),
  site("geosearch", "search.from", "member", (r, o) => r.geosearch("g", { ...SEARCH, from: o })),
  site("geosearch", "search.by", "radius", (r, o) => r.geosearch("g", { ...SEARCH, by: o })),
  site("xadd", "options.trim", "maxlen", (r, o) => r.xadd("x", "*", { f: "v" }, { trim: o })),
  site(
    "zrange",
    "options.limit",
    "offset",
    (r, o) => r.zrange("z", 0, 1, { by: "score", limit: o }),
  ),
  site("bitfield", "operations[0]", "get", (r, o) => r.bitfield("bf", [o])),
  site(
    "bitfield",
    "operations[0].set",
    "encoding",
    (r, o) => r.bitfield("bf", [{ set: { offset: 0, value: 1, ...o } }]),
  ),
  site(
    "clusterSlotStats",
    "filter.orderby",
    "metric",
    (r, o) => r.clusterSlotStats({ orderby: o }),
  ),
  site("clusterAddslotsrange", "...ranges", "start", (r, o) => r.clusterAddslotsrange(o)),
];

/** Parameters that carry an options object. */
const OPTION_PARAMS = new Set([
  "options",
  "condition",
  "filter",
  "filters",
  "range",
  "search",
  "withOptions",
  "trim",
  "attribute",
  "action",
]);
/** Rest parameters whose first element may be the options (`zadd(key, options, ...members)`). */
const OPTIONS_IN_REST = new Set(["zadd", "geoadd"]);
/** Every other parameter name of a command method: values, keys, lists and records of data. */
const DATA_PARAMS = new Set(
  (
    "...args ...capabilities ...channels ...commands ...elements ...events ...fields ...ids " +
    "...keys ...members ...names ...patterns ...ranges ...rest ...rules ...sections ...sha1s " +
    "...slots ...sources ...usernames args bit bits busPort category channel clientId code " +
    "command consumer count cursor db decrement destination element enabled end entries epoch " +
    "event field fields fn from geoUnit gets group host id ids increment index index1 index2 " +
    "key key1 key2 keys lastId latitude library local longitude max member member1 member2 " +
    "message milliseconds min minIdle mode name newKey nodeId offset operation operations " +
    "parameters password path pattern payload pivot policy port protocol radius replicas " +
    "script seconds sha1 slot source start stop streams subcommand timeout to ttl " +
    "unixMilliseconds unixSeconds username value where which"
  ).split(" "),
);

/** The parameter names of a function, read from its source (the runtime strips types, not names). */
function parameterNames(fn: (...args: never[]) => unknown): string[] {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf("(");
  let depth = 0;
  let current = "";
  const names: string[] = [];
  for (let i = open + 1; i < source.length; i++) {
    const char = source[i];
    if ("([{".includes(char)) depth++;
    if (")]}".includes(char)) {
      if (depth === 0) break;
      depth--;
    }
    if (char === "," && depth === 0) {
      names.push(current);
      current = "";
    } else current += char;
  }
  if (current.trim() !== "") names.push(current);
  return names.map((name) => name.trim().split(/[\s=:]/)[0]).filter((name) => name !== "");
}

/** Every command method (the command classes from `Commands` up to `CommandBase`) and its parameters. */
function commandMethods(): Map<string, string[]> {
  const methods = new Map<string, string[]>();
  for (
    let proto: object = Commands.prototype;
    proto !== CommandBase.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (name === "constructor" || typeof value !== "function" || methods.has(name)) continue;
      methods.set(name, parameterNames(value as (...args: never[]) => unknown));
    }
  }
  return methods;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A case variant of a real key: `ex` → `EX`, `entriesRead` → `ENTRIESREAD`. */
const variant = (key: string) => key.toUpperCase();

/** Both bad objects of a site: an unknown key, and a case variant of a real key. */
function attack(r: Loose, { method, param, key, call }: Site): void {
  const label = `${method} ${param}`;
  expectDataError(
    `${label} { notAnOption: 1 }`,
    () => call(r, { notAnOption: 1 }),
    /notAnOption/,
  );
  expectDataError(
    `${label} { ${variant(key)}: … }`,
    () => call(r, { [variant(key)]: 1 }),
    new RegExp(`unknown option '${escape(variant(key))}' .*did you mean '${escape(key)}'\\?`),
  );
  const bare = Object.assign(Object.create(null), { [variant(key)]: 1 });
  expectDataError(
    `${label} (no prototype) { ${variant(key)}: … }`,
    () => call(r, bare),
    new RegExp(`unknown option '${escape(variant(key))}'`),
  );
}

describe("the table of option sites covers every command that takes options", () => {
  const methods = commandMethods();

  it("the command methods are found, with their parameter names", () => {
    assert.ok(methods.size > 300, `only ${methods.size} command methods found`);
    assert.deepEqual(methods.get("set"), ["key", "value", "options"]);
    assert.deepEqual(methods.get("zadd"), ["key", "...rest"]);
  });

  it("every parameter name is known as data or as options", () => {
    const unknown = [...methods].flatMap(([method, params]) =>
      params.filter((name) => !OPTION_PARAMS.has(name) && !DATA_PARAMS.has(name)).map((name) =>
        `${method}(${name})`
      )
    );
    assert.deepEqual(
      unknown,
      [],
      "classify these parameters: options (add a site) or data (add to DATA_PARAMS)",
    );
  });

  it("every options parameter has a site", () => {
    const required = [...methods].flatMap(([method, params]) =>
      params.filter((name) =>
        OPTION_PARAMS.has(name) || (name === "...rest" && OPTIONS_IN_REST.has(method))
      ).map((name) => `${method}(${name})`)
    );
    const listed = new Set(SITES.map(({ method, param }) => `${method}(${param})`));
    assert.deepEqual(required.filter((entry) => !listed.has(entry)), [], "options without a site");
    assert.deepEqual(
      [...listed].filter((entry) => !required.includes(entry)),
      [],
      "sites of no options parameter",
    );
  });
});

describeEachClient("unknown option keys are DataErrors, before anything is sent", (ctx) => {
  const loose = () => ctx.redis as unknown as Loose;

  async function resetStats(): Promise<void> {
    await ctx.redis.set("k", "v");
    await resetSentCommands(ctx.redis);
  }

  /** Nothing reached the server since `resetStats` but the statistics' own commands. */
  async function expectNothingSent(): Promise<void> {
    const called = [...(await sentCommands(ctx.redis)).keys()];
    assert.deepEqual(called.filter((name) => name !== "config|resetstat"), []);
    assert.equal(await ctx.redis.get("k"), "v");
    assert.equal(await ctx.redis.ttl("k"), -1);
  }

  it(`every options parameter (${SITES.length} sites): { notAnOption: 1 } and { EX: … } are DataErrors naming the key and the nearest`, async () => {
    await resetStats();
    for (const entry of SITES) attack(loose(), entry);
    await expectNothingSent();
  });

  it(`nested option objects (${NESTED.length} sites) are checked too`, async () => {
    await resetStats();
    for (const entry of NESTED) attack(loose(), entry);
    await expectNothingSent();
  });

  it("set(k, v, { EX: 60 }) says which key was meant, and sets nothing", async () => {
    await resetStats();
    expectDataError(
      "set EX",
      () => loose().set("k", "w", { EX: 60 }),
      /^unknown option 'EX' of set; did you mean 'ex'\?$/,
    );
    expectDataError(
      "set no near key",
      () => loose().set("k", "w", { colour: "red" }),
      /^unknown option 'colour' of set \(known: ex, px, exat, pxat, keepttl, nx, xx, get\)$/,
    );
    await expectNothingSent();
  });

  it("a pipeline queues nothing for a refused command", () => {
    const pipeline = ctx.redis.pipeline() as unknown as Loose & { length: number };
    for (const entry of SITES) attack(pipeline, entry);
    assert.equal(pipeline.length, 0);
  });

  it("options objects with only known keys still work, with or without prototype", async () => {
    assert.equal(await ctx.redis.set("k", "v", { ex: 100, nx: false }), "OK");
    assert.ok(Number(await ctx.redis.ttl("k")) > 90);
    const bare = Object.assign(Object.create(null), { withscores: true });
    await ctx.redis.zadd("z", { score: 1, member: "m" });
    assert.deepEqual(await ctx.redis.zrange("z", 0, -1, bare), [{ member: "m", score: 1 }]);
    // An own __proto__ key (as JSON.parse makes) is never an option: ignored.
    assert.equal(await ctx.redis.set("k2", "v", JSON.parse('{"__proto__": {"ex": 1}}')), "OK");
  });
});

describe("client options: unknown keys are DataErrors naming what to use", () => {
  function refuses(label: string, make: () => unknown, message: RegExp): void {
    assert.throws(make, (error: unknown) => {
      assert.ok(error instanceof DataError, `${label}: ${String(error)}`);
      assert.match(error.message, message, label);
      return true;
    });
  }

  it("node-redis-style { socket: { port }, database } does not quietly reach 127.0.0.1:6379 db 0", () => {
    refuses(
      "socket",
      () => new Redis({ socket: { port: 6380 }, database: 5 } as never),
      /unknown option 'socket' of the client options; .*\{ host, port \}/,
    );
    refuses(
      "database",
      () => new Redis({ port: 6380, database: 5 } as never),
      /^unknown option 'database' of the client options; did you mean 'db'\?$/,
    );
    refuses("sync", () => new RedisSync({ database: 5 } as never), /did you mean 'db'\?/);
    refuses("sync socket", () => new RedisSync({ socket: {} } as never), /\{ host, port \}/);
  });

  it("near misses and other clients' names get the nearest option", () => {
    const cases: [object, RegExp][] = [
      [{ hostname: "h" }, /'hostname' .*did you mean 'host'\?/],
      [{ pasword: "x" }, /'pasword' .*did you mean 'password'\?/],
      [{ name: "app" }, /'name' .*did you mean 'clientName'\?/],
      [{ connectTimeout: 5 }, /did you mean 'socketConnectTimeout'\?/],
      [{ commandTimeout: 5 }, /did you mean 'socketTimeout'\?/],
      [{ socket_timeout: 5 }, /did you mean 'socketTimeout'\?/],
      [{ lazyConnect: true }, /connects on the first command/],
      [{ sentinels: [] }, /sentinel: \{ name, sentinels/],
      [{ colour: 1 }, /^unknown option 'colour' of the client options \(known: url, host, port,/],
      [{ pool: { max: 5 } }, /^unknown option 'max' of pool; did you mean 'maxSize'\?$/],
      [{ reconnect: { maxAttempt: 3 } }, /of reconnect; did you mean 'maxAttempts'\?/],
      [{ offlineQueue: { maxsize: 3 } }, /of offlineQueue; did you mean 'maxSize'\?/],
      [{ tls: { rejectunauthorized: false } }, /of tls; did you mean 'rejectUnauthorized'\?/],
      [
        { sentinel: { name: "m", sentinels: ["127.0.0.1:1"], pasword: "x" } },
        /of sentinel; did you mean 'password'\?/,
      ],
      [
        { sentinel: { name: "m", sentinels: ["127.0.0.1:1"], tls: { servrname: "x" } } },
        /of sentinel\.tls; did you mean 'servername'\?/,
      ],
    ];
    for (const [options, message] of cases) {
      refuses(JSON.stringify(options), () => new Redis(options as never), message);
    }
  });

  it("transaction() and subscribe() options are checked before anything is sent", async () => {
    const redis = new Redis({ port: 1, reconnect: false });
    await assert.rejects(
      redis.transaction(() => Promise.resolve(), { watchh: ["k"] } as never),
      /unknown option 'watchh' of transaction; did you mean 'watch'\?/,
    );
    await assert.rejects(
      redis.subscribe(["news"], { byte: true } as never),
      /unknown option 'byte' of subscribe; did you mean 'bytes'\?/,
    );
    await redis.close();
  });

  it("the URL query names the nearest option too", () => {
    refuses(
      "dbb",
      () => new Redis("redis://127.0.0.1:1?dbb=2"),
      /unknown option 'dbb' .*did you mean 'db'\?/,
    );
  });

  it("cluster options: a single server's options say what a cluster takes", () => {
    refuses(
      "host",
      () => new RedisCluster({ nodes: ["redis://127.0.0.1:1"], host: "h" } as never),
      /unknown option 'host' of the cluster options; a cluster client takes its seed nodes as nodes/,
    );
    refuses(
      "db",
      () => new RedisCluster({ nodes: ["redis://127.0.0.1:1"], db: 1 } as never),
      /a cluster serves database 0 only/,
    );
    refuses(
      "readfrom",
      () => new RedisCluster({ nodes: ["redis://127.0.0.1:1"], readfrom: "replica" } as never),
      /did you mean 'readFrom'\?/,
    );
    refuses(
      "node object",
      () => new RedisCluster({ nodes: [{ hots: "127.0.0.1", port: 1 }] } as never),
      /unknown option 'hots' of nodes\[0\]; did you mean 'host'\?/,
    );
    // It used to be accepted: every node would have connected to Sentinel's master.
    refuses(
      "sentinel",
      () =>
        new RedisCluster({
          nodes: ["redis://127.0.0.1:1"],
          sentinel: { name: "m", sentinels: ["127.0.0.1:26379"] },
        } as never),
      /unknown option 'sentinel' of the cluster options; a cluster client finds its masters through the cluster/,
    );
  });

  it("with() and sendCommand() options are checked on both clients", () => {
    const redis = new Redis({ port: 1 });
    refuses("with", () => redis.with({ Timeout: 5 } as never), /of with; did you mean 'timeout'\?/);
    refuses(
      "sendCommand",
      () => redis.sendCommand(["PING"], { signl: AbortSignal.abort() } as never),
      /of sendCommand; did you mean 'signal'\?/,
    );
    refuses(
      "script",
      () => redis.script("return 1", { readonly: true } as never),
      /did you mean 'readOnly'\?/,
    );
    refuses("lock", () => redis.lock("job", { ttll: 5 } as never), /of lock; did you mean 'ttl'\?/);
    const sync = new RedisSync({ port: 1 });
    refuses(
      "sync with signal",
      () => sync.with({ signal: AbortSignal.abort() } as never),
      /cannot be cancelled by a signal: give it a timeout/,
    );
  });
});
