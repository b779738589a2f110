/**
 * Reply types of the server, connection, scripting, pub/sub, ACL and cluster
 * commands: compile-time checks (`deno check` fails when a
 * `@ts-expect-error` line stops being an error), and the transforms run on
 * canned RESP2 and RESP3 replies — server versions and modes the test
 * server cannot give (Valkey, Sentinel, Redis 6.2, 64-bit offsets) — which
 * must give the same value for both protocols.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type AclLogEntry,
  type AclUser,
  type ClientTrackingInfo,
  type ClusterShard,
  type ClusterSlotStats,
  type CommandDoc,
  type CommandInfo,
  type FunctionStats,
  type HelloReply,
  type Integer,
  type LatencyHistogram,
  type MemoryStats,
  type Pipeline,
  ProtocolError,
  Redis,
  type RedisArg,
  type ReplicationRole,
  type RespValue,
} from "../mod.ts";
import { Commands, type Reply, type Transform } from "../lib/commands/mod.ts";
import { record } from "./support/record.ts";
import { type Equal, expectType } from "./support/type_assert.ts";

// A client that never connects: these calls only build and validate arguments.
const redis = new Redis({ port: 1 });
const noop = () => {};

/** Commands whose every call answers `reply`, through the command's own transform. */
class Canned extends Commands<"sync", string> {
  constructor(readonly reply: RespValue) {
    super();
  }

  protected call<T>(_args: RedisArg[], transform: Transform<T>): Reply<"sync", T, this> {
    return transform(this.reply);
  }
}

/** The command's value for the RESP2 form and for the RESP3 form of a reply: they must be equal. */
function same<T>(resp2: RespValue, resp3: RespValue, command: (canned: Canned) => T): T {
  const value = command(new Canned(resp2));
  assert.deepStrictEqual(value, command(new Canned(resp3)));
  return value;
}

const BIG = 9007199254740993n;

describe("admin command types", () => {
  it("CLIENT ID and GETREDIR are Integers; ids are accepted as bigints", () => {
    const id = redis.clientId();
    id.catch(noop);
    expectType<Equal<typeof id, Promise<Integer>>>(true);
    // @ts-expect-error: a client id may be a bigint
    const asNumber: Promise<number> = redis.clientId();
    asNumber.catch(noop);
    const redirect = redis.clientGetredir();
    redirect.catch(noop);
    expectType<Equal<typeof redirect, Promise<Integer>>>(true);
    redis.clientKill({ id: [1, 2n] }).catch(noop);
    redis.clientUnblock(3n).catch(noop);
    redis.clientList({ id: [4n] }).catch(noop);
    const tracking = redis.clientTrackinginfo();
    tracking.catch(noop);
    expectType<Equal<typeof tracking, Promise<ClientTrackingInfo>>>(true);
    expectType<Equal<ClientTrackingInfo["redirect"], Integer>>(true);
    const chained = redis.pipeline().clientId().clientInfo();
    expectType<Equal<typeof chained, Pipeline<string, [Integer, Record<string, string>]>>>(true);
  });

  it("records and nested replies have declared shapes", () => {
    const hello = redis.hello();
    hello.catch(noop);
    expectType<Equal<typeof hello, Promise<HelloReply>>>(true);
    expectType<Equal<HelloReply["id"], Integer>>(true);
    const stats = redis.memoryStats();
    stats.catch(noop);
    expectType<Equal<typeof stats, Promise<MemoryStats>>>(true);
    expectType<Equal<MemoryStats["dataset.percentage"], number>>(true);
    const functions = redis.functionStats();
    functions.catch(noop);
    expectType<Equal<typeof functions, Promise<FunctionStats>>>(true);
    const info = redis.commandInfo("get");
    info.catch(noop);
    expectType<Equal<typeof info, Promise<(CommandInfo | null)[]>>>(true);
    expectType<
      Equal<
        CommandInfo["keySpecs"][number]["begin_search"]["spec"],
        Record<string, number | string>
      >
    >(true);
    const docs = redis.commandDocs("get");
    docs.catch(noop);
    expectType<Equal<typeof docs, Promise<Record<string, CommandDoc>>>>(true);
    const user = redis.aclGetuser("alice");
    user.catch(noop);
    expectType<Equal<typeof user, Promise<AclUser | null>>>(true);
    const log = redis.aclLog();
    log.catch(noop);
    expectType<Equal<typeof log, Promise<AclLogEntry[]>>>(true);
    expectType<Equal<AclLogEntry["age-seconds"], number>>(true);
    const histograms = redis.latencyHistogram();
    histograms.catch(noop);
    expectType<Equal<typeof histograms, Promise<Record<string, LatencyHistogram>>>>(true);
    const config = redis.configGet("maxmemory");
    config.catch(noop);
    expectType<Equal<typeof config, Promise<Record<string, string>>>>(true);
    const shards = redis.clusterShards();
    shards.catch(noop);
    expectType<Equal<typeof shards, Promise<ClusterShard[]>>>(true);
    expectType<Equal<ClusterShard["nodes"][number]["replication-offset"], Integer>>(true);
    const slotStats = redis.clusterSlotStats({ slotsrange: { start: 0, end: 1 } });
    slotStats.catch(noop);
    expectType<Equal<typeof slotStats, Promise<ClusterSlotStats[]>>>(true);
    const role = redis.role();
    role.catch(noop);
    expectType<Equal<typeof role, Promise<ReplicationRole>>>(true);
    const master = new Canned(["master", 0, []]).role();
    if (master.role === "master") {
      // @ts-expect-error: replication offsets may be bigints
      const offset: number = master.offset;
      assert.equal(offset, 0);
    }
  });

  it("PING is text, or the PONG status on the bytes view; EVAL and DEBUG are raw", () => {
    const ping = redis.ping();
    ping.catch(noop);
    expectType<Equal<typeof ping, Promise<string>>>(true);
    const bytes = redis.bytes.ping();
    bytes.catch(noop);
    expectType<Equal<typeof bytes, Promise<Uint8Array | "PONG">>>(true);
    const evaluated = redis.eval("return 1");
    evaluated.catch(noop);
    expectType<Equal<typeof evaluated, Promise<RespValue>>>(true);
    const debug = redis.debug("sleep", 0);
    debug.catch(noop);
    expectType<Equal<typeof debug, Promise<RespValue>>>(true);
    const reset = redis.reset();
    reset.catch(noop);
    expectType<Equal<typeof reset, Promise<"RESET">>>(true);
  });
});

describe("admin replies from canned RESP2 and RESP3 forms", () => {
  it("CLIENT ID past 2^53 is a bigint; HELLO's modules are records over both", () => {
    assert.equal(new Canned(BIG).clientId(), BIG);
    const module2 = ["name", "search", "ver", 20800, "path", "/m.so", "args", []];
    const module3 = new Map<RespValue, RespValue>([
      ["name", "search"],
      ["ver", 20800],
      ["path", "/m.so"],
      ["args", []],
    ]);
    const hello = same(
      [
        "server",
        "redis",
        "version",
        "7.2.0",
        "proto",
        3,
        "id",
        BIG,
        "mode",
        "standalone",
        "role",
        "master",
        "modules",
        [module2],
      ],
      new Map<RespValue, RespValue>([
        ["server", "redis"],
        ["version", "7.2.0"],
        ["proto", 3],
        ["id", BIG],
        ["mode", "standalone"],
        ["role", "master"],
        ["modules", [module3]],
      ]),
      (canned) => canned.hello(),
    );
    assert.equal(hello.id, BIG);
    assert.deepStrictEqual(hello.modules, [
      record({ name: "search", ver: 20800, path: "/m.so", args: [] }),
    ]);
    assert.deepStrictEqual(
      same([module2], [module3], (canned) => canned.moduleList()),
      hello.modules,
    );
    assert.throws(() => new Canned("OK").hello(), ProtocolError);
  });

  it("ROLE: offsets past 2^53 are bigints; replicas, sentinels", () => {
    const master = same(
      ["master", BIG, [["10.0.0.2", "6380", "9007199254740993"]]],
      ["master", BIG, [["10.0.0.2", "6380", "9007199254740993"]]],
      (canned) => canned.role(),
    );
    assert.deepStrictEqual(
      master,
      record({
        role: "master",
        offset: BIG,
        replicas: [record({ host: "10.0.0.2", port: 6380, offset: BIG })],
      }),
    );
    assert.deepStrictEqual(
      new Canned(["slave", "10.0.0.1", 6379, "connected", 42]).role(),
      record({
        role: "slave",
        masterHost: "10.0.0.1",
        masterPort: 6379,
        state: "connected",
        offset: 42,
      }),
    );
    assert.deepStrictEqual(
      new Canned(["sentinel", ["mymaster"]]).role(),
      record({ role: "sentinel", masters: ["mymaster"] }),
    );
    assert.throws(() => new Canned(["leader"]).role(), ProtocolError);
  });

  it("CLUSTER SLOTS metadata, SHARDS hostnames, SLOT-STATS (Valkey): records over both", () => {
    const slots = same(
      [[0, 16383, ["db1.test", 7000, "a".repeat(40), ["ip", "10.0.0.1"]], ["10.0.0.2", 7001]]],
      [[
        0,
        16383,
        ["db1.test", 7000, "a".repeat(40), new Map([["ip", "10.0.0.1"]])],
        ["10.0.0.2", 7001],
      ]],
      (canned) => canned.clusterSlots(),
    );
    assert.deepStrictEqual(slots[0].nodes, [
      record({
        host: "db1.test",
        port: 7000,
        id: "a".repeat(40),
        metadata: record({ ip: "10.0.0.1" }),
      }),
      record({ host: "10.0.0.2", port: 7001, id: "", metadata: record({}) }),
    ]);
    const node2 = [
      "id",
      "b".repeat(40),
      "tls-port",
      7443,
      "ip",
      "10.0.0.3",
      "endpoint",
      "db3.test",
      "hostname",
      "db3.test",
      "role",
      "replica",
      "replication-offset",
      BIG,
      "health",
      "online",
    ];
    const node3 = new Map<RespValue, RespValue>();
    for (let i = 0; i < node2.length; i += 2) node3.set(node2[i], node2[i + 1]);
    const [shard] = same(
      [["slots", [0, 5460], "nodes", [node2]]],
      [new Map<RespValue, RespValue>([["slots", [0, 5460]], ["nodes", [node3]]])],
      (canned) => canned.clusterShards(),
    );
    assert.equal(shard.nodes[0]["replication-offset"], BIG);
    assert.equal(shard.nodes[0]["tls-port"], 7443);
    assert.equal(shard.nodes[0].port, undefined);
    const stats = same(
      [[0, ["key-count", 3, "cpu-usec", 10]], [1, ["key-count", 0, "cpu-usec", 0]]],
      [
        [0, new Map<RespValue, RespValue>([["key-count", 3], ["cpu-usec", 10]])],
        [1, new Map<RespValue, RespValue>([["key-count", 0], ["cpu-usec", 0]])],
      ],
      (canned) => canned.clusterSlotStats({ slotsrange: { start: 0, end: 1 } }),
    );
    assert.deepStrictEqual(
      stats[0],
      record({ slot: 0, stats: record({ "key-count": 3, "cpu-usec": 10 }) }),
    );
  });

  it("ACL GETUSER of Redis 6.2 (patterns as arrays, no selectors) has the 7.0 shape", () => {
    const user = new Canned([
      "flags",
      ["on", "allchannels"],
      "passwords",
      [],
      "commands",
      "+@all",
      "keys",
      ["app:*", "cache:*"],
      "channels",
      ["*"],
    ]).aclGetuser("old");
    assert.deepStrictEqual(
      user,
      record({
        flags: ["on", "allchannels"],
        passwords: [],
        commands: "+@all",
        keys: "app:* cache:*",
        channels: "*",
        selectors: [],
      }),
    );
    assert.equal(new Canned(null).aclGetuser("nobody"), null);
    const entry = same(
      [[
        "count",
        1,
        "reason",
        "auth",
        "context",
        "toplevel",
        "object",
        "AUTH",
        "username",
        "x",
        "age-seconds",
        "1.5",
        "client-info",
        "id=1",
        "entry-id",
        0,
        "timestamp-created",
        1,
        "timestamp-last-updated",
        2,
      ]],
      [
        new Map<RespValue, RespValue>([
          ["count", 1],
          ["reason", "auth"],
          ["context", "toplevel"],
          ["object", "AUTH"],
          ["username", "x"],
          ["age-seconds", 1.5],
          ["client-info", "id=1"],
          ["entry-id", 0],
          ["timestamp-created", 1],
          ["timestamp-last-updated", 2],
        ]),
      ],
      (canned) => canned.aclLog(),
    );
    assert.equal(entry[0]["age-seconds"], 1.5);
    assert.throws(() => new Canned("OK").aclLog(), ProtocolError);
  });

  it("MEMORY STATS: RESP2 text doubles are numbers; a missing field is a ProtocolError", () => {
    const fields: [string, RespValue, RespValue][] = [
      ["peak.allocated", 10, 10],
      ["total.allocated", 9, 9],
      ["startup.allocated", 1, 1],
      ["replication.backlog", 0, 0],
      ["keys.count", 1, 1],
      ["dataset.bytes", 5, 5],
      ["dataset.percentage", "62.5", 62.5],
      ["peak.percentage", "90", 90],
      ["fragmentation", "inf", Infinity],
    ];
    const stats = same(
      [...fields.flatMap(([name, resp2]) => [name, resp2]), "db.0", [
        "overhead.hashtable.main",
        72,
      ]],
      new Map<RespValue, RespValue>([
        ...fields.map(([name, , resp3]): [RespValue, RespValue] => [name, resp3]),
        ["db.0", new Map([["overhead.hashtable.main", 72]])],
      ]),
      (canned) => canned.memoryStats(),
    );
    assert.equal(stats["dataset.percentage"], 62.5);
    assert.equal(stats.fragmentation, Infinity);
    assert.deepStrictEqual(stats["db.0"], record({ "overhead.hashtable.main": 72 }));
    assert.throws(() => new Canned(["peak.allocated", 1]).memoryStats(), ProtocolError);
  });

  it("COMMAND DOCS: a module's command, and fields no shaper knows, are kept as records", () => {
    const docs = same(
      ["x.cmd", ["group", "module", "module", "x", "future", ["a", "b"]]],
      new Map<RespValue, RespValue>([[
        "x.cmd",
        new Map<RespValue, RespValue>([["group", "module"], ["module", "x"], ["future", [
          "a",
          "b",
        ]]]),
      ]]),
      (canned) => canned.commandDocs("x.cmd"),
    );
    assert.deepStrictEqual(
      { ...docs["x.cmd"] },
      { group: "module", module: "x", future: ["a", "b"] },
    );
    const unknown = new Canned(
      new Map<RespValue, RespValue>([[
        "y",
        new Map<RespValue, RespValue>([["group", "g"], ["later", new Map([["k", 1]])]]),
      ]]),
    ).commandDocs("y");
    assert.deepStrictEqual(
      unknown.y,
      record({ group: "g", later: record({ k: 1 }) }) as CommandDoc,
    );
  });

  it("keys named like Object.prototype members are own properties of every record", () => {
    const numsub = same(
      ["__proto__", 2, "constructor", 1],
      new Map<RespValue, RespValue>([["__proto__", 2], ["constructor", 1]]),
      (canned) => canned.pubsubNumsub("__proto__", "constructor"),
    );
    assert.equal(Object.getPrototypeOf(numsub), null);
    assert.deepStrictEqual(Object.entries(numsub), [["__proto__", 2], ["constructor", 1]]);
    const config = new Canned(["__proto__", "x", "hasOwnProperty", "y"]).configGet("*");
    assert.deepStrictEqual(Object.keys(config), ["__proto__", "hasOwnProperty"]);
    assert.equal(config["__proto__"], "x");
    const client = new Canned("id=7 __proto__=p constructor=c name=n\n").clientList();
    assert.deepStrictEqual(Object.keys(client[0]), ["id", "__proto__", "constructor", "name"]);
    const stats = new Canned(["running_script", null, "engines", ["__proto__", [
      "libraries_count",
      1,
      "functions_count",
      2,
    ]]]).functionStats();
    assert.deepStrictEqual(
      Object.entries(stats.engines),
      [["__proto__", record({ libraries_count: 1, functions_count: 2 })]],
    );
    const histograms = new Canned(
      new Map<RespValue, RespValue>([[
        "__proto__",
        new Map<RespValue, RespValue>([["calls", 1], ["histogram_usec", new Map([[8, 1]])]]),
      ]]),
    ).latencyHistogram();
    assert.deepStrictEqual(Object.keys(histograms), ["__proto__"]);
    assert.deepStrictEqual(histograms["__proto__"].histogram_usec, record({ "8": 1 }));
  });
});
