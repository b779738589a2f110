/**
 * The command groups stand alone: each extends `CommandBase` directly, an
 * executor can extend one group by itself, and `Commands` is their
 * composition (every group's methods, no name defined twice, no method that
 * only works on an instance of its own group).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "../mod.ts";
import type { RedisArg } from "../lib/resp/types.ts";
import { CommandBase, type Reply, type Transform } from "../lib/commands/command_base.ts";
import { Commands } from "../lib/commands/commands.ts";
import { AclCommands } from "../lib/commands/acl.ts";
import { BitmapCommands } from "../lib/commands/bitmap.ts";
import { ClusterCommands } from "../lib/commands/cluster.ts";
import { ConnectionCommands } from "../lib/commands/connection.ts";
import { GenericCommands } from "../lib/commands/generic.ts";
import { GeoCommands } from "../lib/commands/geo.ts";
import { HashCommands } from "../lib/commands/hash.ts";
import { HyperLogLogCommands } from "../lib/commands/hyperloglog.ts";
import { ListCommands } from "../lib/commands/list.ts";
import { PubSubCommands } from "../lib/commands/pubsub.ts";
import { ScriptingCommands } from "../lib/commands/scripting.ts";
import { ServerCommands } from "../lib/commands/server.ts";
import { ServerIntrospectionCommands } from "../lib/commands/server_introspection.ts";
import { SetCommands } from "../lib/commands/set.ts";
import { SortedSetCommands } from "../lib/commands/sorted_set.ts";
import { StreamCommands } from "../lib/commands/stream.ts";
import { StringCommands } from "../lib/commands/string.ts";
import { TransactionCommands } from "../lib/commands/transactions.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const GROUPS = [
  AclCommands,
  BitmapCommands,
  ClusterCommands,
  ConnectionCommands,
  GenericCommands,
  GeoCommands,
  HashCommands,
  HyperLogLogCommands,
  ListCommands,
  PubSubCommands,
  ScriptingCommands,
  ServerCommands,
  ServerIntrospectionCommands,
  SetCommands,
  SortedSetCommands,
  StreamCommands,
  StringCommands,
  TransactionCommands,
];

/** The methods a group's class declares itself. */
const ownMethods = (group: { prototype: object }) =>
  Object.getOwnPropertyNames(group.prototype).filter((name) => name !== "constructor");

/** An executor of the hash commands only, sending through a client's `sendCommand`. */
class HashOnly extends HashCommands<"async", string> {
  constructor(private readonly redis: Redis) {
    super();
  }

  protected call<T>(args: RedisArg[], transform: Transform<T>): Reply<"async", T, this> {
    return this.redis.sendCommand(args).then(transform);
  }
}

/** An executor of every command that returns the arguments it would send. */
class Recorder extends Commands<"sync", string> {
  protected call<T>(args: RedisArg[], _transform: Transform<T>): Reply<"sync", T, this> {
    return args as T;
  }
}

describe("command groups", () => {
  let server: TestServer;
  let redis: Redis;
  before(async () => {
    server = await startServer();
    redis = await Redis.connect({ port: server.port });
  });
  after(async () => {
    await redis?.close();
    await server?.stop();
  });
  expectNoUnhandledRejections();

  it("an executor extending one group (HashCommands) runs its commands on a server", async () => {
    const hashes = new HashOnly(redis);
    assert.equal(await hashes.hset("h", { name: "Ada", born: 1815 }), 2);
    assert.equal(await hashes.hget("h", "name"), "Ada");
    assert.equal(await hashes.hget("h", "missing"), null);
    assert.deepEqual({ ...await hashes.hgetall("h") }, { name: "Ada", born: "1815" });
    // Only the hash group: no string command, at run time or in the type.
    assert.equal("get" in hashes, false);
    // @ts-expect-error: GET is not a hash command
    assert.equal(hashes.get, undefined);
  });

  it("every group extends CommandBase directly", () => {
    for (const group of GROUPS) {
      assert.equal(Object.getPrototypeOf(group.prototype), CommandBase.prototype, group.name);
    }
  });

  it("Commands has every group's methods, each from its group, and no name twice", () => {
    const owner = new Map<string, string>();
    for (const group of GROUPS) {
      for (const name of ownMethods(group)) {
        assert.equal(owner.get(name), undefined, `${name}: ${group.name} and ${owner.get(name)}`);
        owner.set(name, group.name);
        const method = Object.getOwnPropertyDescriptor(group.prototype, name)?.value;
        assert.equal(Reflect.get(Commands.prototype, name), method, `${group.name}.${name}`);
      }
    }
    assert.deepEqual(ownMethods(Commands).sort(), [...owner.keys()].sort());
    assert.equal(Object.getPrototypeOf(Commands.prototype), CommandBase.prototype);
  });

  it("no group method needs an instance of its own class (no #private members)", () => {
    for (const group of GROUPS) {
      for (const name of ownMethods(group)) {
        const source = String(Object.getOwnPropertyDescriptor(group.prototype, name)?.value);
        assert.doesNotMatch(source, /this\.#/, `${group.name}.${name}`);
      }
    }
  });

  it("the commands whose helpers were private methods run on a composed executor", () => {
    const r = new Recorder();
    assert.deepEqual(r.zinter(["a", "b"]), ["ZINTER", 2, "a", "b"]);
    assert.deepEqual(r.zunion(["a", "b"], { withscores: true }), [
      "ZUNION",
      2,
      "a",
      "b",
      "WITHSCORES",
    ]);
    assert.deepEqual(
      r.zrangebyscore("z", 1, 2, { withscores: true, limit: { offset: 0, count: 3 } }),
      [
        "ZRANGEBYSCORE",
        "z",
        1,
        2,
        "WITHSCORES",
        "LIMIT",
        0,
        3,
      ],
    );
    assert.deepEqual(r.zrevrangebyscore("z", 2, 1), ["ZREVRANGEBYSCORE", "z", 2, 1]);
    assert.deepEqual(r.georadius("g", 13, 38, 100, "km"), ["GEORADIUS", "g", 13, 38, 100, "km"]);
    assert.deepEqual(r.georadius("g", 13, 38, 100, "km", { store: "dest" }), [
      "GEORADIUS",
      "g",
      13,
      38,
      100,
      "km",
      "STORE",
      "dest",
    ]);
    assert.deepEqual(r.georadiusRo("g", 13, 38, 100, "km", { withdist: true }), [
      "GEORADIUS_RO",
      "g",
      13,
      38,
      100,
      "km",
      "WITHDIST",
    ]);
    assert.deepEqual(r.georadiusbymember("g", "m", 5, "m"), [
      "GEORADIUSBYMEMBER",
      "g",
      "m",
      5,
      "m",
    ]);
    assert.deepEqual(r.georadiusbymemberRo("g", "m", 5, "m"), [
      "GEORADIUSBYMEMBER_RO",
      "g",
      "m",
      5,
      "m",
    ]);
  });
});
