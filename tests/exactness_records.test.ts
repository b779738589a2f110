/**
 * Keys chosen by the server or by users — channel names, URL query keys,
 * command names, error codes, field names in server maps — that are named
 * like members of `Object.prototype` are plain keys like any other.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, type PubSubMessage, ResponseError, type Subscription } from "../mod.ts";
import { resolveOptions } from "../lib/client/options.ts";
import { commandKeys, commandName, commandPolicies } from "../lib/commands/command_keys.ts";
import { Topology } from "../lib/cluster/topology.ts";
import { responseErrorFor } from "../lib/errors/response_error_for.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

/** The next message of a subscription, or fail after `ms`. */
async function next<M extends string | Uint8Array>(
  sub: Subscription<M>,
  ms = 2000,
): Promise<PubSubMessage<M>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = await Promise.race([
      sub[Symbol.asyncIterator]().next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no message in time")), ms);
      }),
    ]);
    assert.equal(result.done, false, "the subscription ended");
    return result.value as PubSubMessage<M>;
  } finally {
    clearTimeout(timer);
  }
}

describeEachProtocol("pub/sub channels named like Object.prototype members", (ctx) => {
  const publish = (channel: string, message: string) =>
    ctx.redis.sendCommand(["PUBLISH", channel, message]);

  for (const name of NAMES) {
    it(`subscribe, publish and unsubscribe '${name}'`, async () => {
      const sub = await ctx.redis.subscribe(name);
      assert.deepEqual(sub.names, [name]);
      assert.equal(await publish(name, `to ${name}`), 1);
      assert.deepEqual(await next(sub), { kind: "message", channel: name, message: `to ${name}` });
      await sub.unsubscribe(name);
      assert.equal(sub.closed, true);
      assert.equal(await publish(name, "unheard"), 0, "the server unsubscribed");
    });
  }

  it("all of them at once, beside an ordinary channel, each message to its channel", async () => {
    const sub = await ctx.redis.subscribe(...NAMES, "news");
    for (const name of [...NAMES, "news"]) assert.equal(await publish(name, name), 1, name);
    const heard: [string, string][] = [];
    for (let i = 0; i <= NAMES.length; i++) {
      const { channel, message } = await next(sub);
      heard.push([channel, message]);
    }
    assert.deepEqual(heard, [...NAMES, "news"].map((name) => [name, name]));
    await sub.unsubscribe("constructor", "__proto__");
    assert.equal(await publish("constructor", "x"), 0);
    assert.equal(await publish("__proto__", "x"), 0);
    assert.equal(await publish("toString", "still"), 1);
    assert.deepEqual(await next(sub), { kind: "message", channel: "toString", message: "still" });
    await sub.unsubscribe();
    assert.equal(await publish("news", "x"), 0);
  });

  it("psubscribe '__proto__*' and ssubscribe 'constructor'", async () => {
    const patterns = await ctx.redis.psubscribe("__proto__*");
    const shard = await ctx.redis.ssubscribe("constructor");
    assert.equal(await publish("__proto__.a", "p"), 1);
    assert.deepEqual(await next(patterns), {
      kind: "pmessage",
      pattern: "__proto__*",
      channel: "__proto__.a",
      message: "p",
    });
    assert.equal(await ctx.redis.sendCommand(["SPUBLISH", "constructor", "s"]), 1);
    assert.deepEqual(await next(shard), { kind: "smessage", channel: "constructor", message: "s" });
    await patterns.unsubscribe();
    await shard.unsubscribe();
    assert.equal(await publish("__proto__.a", "x"), 0);
    assert.equal(await ctx.redis.sendCommand(["SPUBLISH", "constructor", "x"]), 0);
  });

  it("a command named like a prototype member is an ordinary unknown command", async () => {
    for (const name of NAMES) {
      await assert.rejects(ctx.redis.sendCommand([name]), (error) => {
        assert.ok(error instanceof ResponseError, String(error));
        assert.equal(error.code, "ERR");
        return true;
      });
    }
    assert.equal(await ctx.redis.ping(), "PONG");
  });
});

describe("URL query keys named like Object.prototype members", () => {
  for (const name of [...NAMES, "isPrototypeOf", "__defineSetter__"]) {
    it(`?${name}=1 is an unknown option`, () => {
      assert.throws(() => resolveOptions(`redis://127.0.0.1:6379/?${name}=1`), (error) => {
        assert.ok(error instanceof DataError, String(error));
        assert.match(error.message, new RegExp(`unknown option '${name}'`));
        return true;
      });
    });
  }

  it("an options object with an own __proto__ key changes nothing (it is not an option)", () => {
    const given = JSON.parse('{"url":"redis://127.0.0.1:6380","__proto__":{"db":5}}');
    const resolved = resolveOptions(given);
    assert.equal(resolved.port, 6380);
    assert.equal(resolved.db, 0);
    assert.equal(Object.getPrototypeOf(resolved), Object.prototype);
    const plain = resolveOptions(JSON.parse('{"port":6381,"__proto__":{"db":5}}'));
    assert.equal(plain.port, 6381);
    assert.equal(plain.db, 0);
  });
});

describe("cluster command metadata for names like Object.prototype members", () => {
  for (const name of [...NAMES, "isPrototypeOf"]) {
    it(`'${name}' has no keys and no policy`, () => {
      assert.equal(commandName([name, "a"]), name.toUpperCase());
      assert.deepEqual(commandKeys([name, "a", "b"]), []);
      assert.deepEqual(commandPolicies([name]), { request: null, response: null });
    });
  }

  it("known commands keep their keys and policies", () => {
    assert.deepEqual(commandKeys(["GET", "k"]), ["k"]);
    assert.deepEqual(commandPolicies(["DBSIZE"]), { request: "all_shards", response: "agg_sum" });
  });
});

describe("server error codes named like Object.prototype members", () => {
  it("'constructor' is looked up as a code, not as Object", () => {
    const error = responseErrorFor("constructor");
    assert.ok(error instanceof ResponseError);
    assert.equal(error.code, "constructor");
  });
});

describe("cluster topology from server maps", () => {
  it("a CLUSTER SHARDS reply with fields named like prototype members reads the same", () => {
    const node = (role: string, port: number) =>
      new Map<string, unknown>([
        ["id", "x"],
        ["__proto__", "ignored"],
        ["constructor", "ignored"],
        ["port", port],
        ["ip", "127.0.0.1"],
        ["role", role],
        ["health", "online"],
      ]);
    const shard = new Map<string, unknown>([
      ["slots", [0, 16383]],
      ["nodes", [node("master", 7000), node("replica", 7001)]],
      ["toString", "ignored"],
    ]);
    // deno-lint-ignore no-explicit-any
    const topology = Topology.fromShards([shard] as any);
    assert.equal(topology.masterOf(0), "127.0.0.1:7000");
    assert.deepEqual(topology.replicasOf(16383), ["127.0.0.1:7001"]);
  });

  it("a node with an empty address (a cluster of one) is at the host that answered", () => {
    const shard = new Map<string, unknown>([
      ["slots", [0, 16383]],
      ["nodes", [
        new Map<string, unknown>([["port", 7000], ["ip", ""], ["endpoint", ""], [
          "role",
          "master",
        ], ["health", "online"]]),
      ]],
    ]);
    // deno-lint-ignore no-explicit-any
    assert.equal(Topology.fromShards([shard] as any, "10.1.2.3").masterOf(5), "10.1.2.3:7000");
    const slots = [[0, 16383, ["", 7000, "id"], ["", 7001, "id2"]]];
    const fromSlots = Topology.fromSlots(slots, "10.1.2.3");
    assert.equal(fromSlots.masterOf(16383), "10.1.2.3:7000");
    assert.deepEqual(fromSlots.replicasOf(0), ["10.1.2.3:7001"]);
    // A host given is kept.
    assert.equal(Topology.fromSlots([[0, 16383, ["h", 7000]]], "10.1.2.3").masterOf(0), "h:7000");
  });
});
