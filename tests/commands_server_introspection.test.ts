import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, ResponseError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

describeEachClient("server introspection commands", (ctx) => {
  it("COMMAND COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP", async () => {
    assert.ok((await ctx.redis.commandCount()) > 200);
    const [get, unknown] = await ctx.redis.commandInfo("get", "nope");
    assert.equal(get?.name, "get");
    assert.equal(get?.arity, 2);
    assert.ok(get?.flags.includes("readonly"));
    assert.deepEqual([get?.firstKey, get?.lastKey, get?.step], [1, 1, 1]);
    assert.ok(get?.aclCategories.includes("@read"));
    assert.equal(unknown, null);
    const docs = await ctx.redis.commandDocs("get");
    assert.equal(docs.get.group, "string");
    assert.ok((await ctx.redis.commandList({ aclcat: "hyperloglog" })).includes("pfadd"));
    assert.ok((await ctx.redis.commandList({ pattern: "xinfo*" })).includes("xinfo|stream"));
    assert.deepEqual(await ctx.redis.commandGetkeys(["MSET", "a", "1", "b", "2"]), ["a", "b"]);
    const [keyFlags] = await ctx.redis.commandGetkeysandflags(["SET", "k", "v"]);
    assert.equal(keyFlags.key, "k");
    assert.ok(keyFlags.flags.includes("OW"));
    assert.match((await ctx.redis.commandHelp())[0], /COMMAND/);
    assert.throws(() => ctx.redis.commandList({ aclcat: "a", pattern: "b" } as never), DataError);
  });

  it("CONFIG GET, SET, RESETSTAT, REWRITE (no config file: typed error), HELP", async () => {
    assert.deepEqual(await ctx.redis.configGet("maxmemory-policy"), {
      "maxmemory-policy": "noeviction",
    });
    assert.equal(
      await ctx.redis.configSet({ "maxmemory-policy": "allkeys-lru", "slowlog-max-len": 64 }),
      "OK",
    );
    assert.deepEqual(await ctx.redis.configGet("maxmemory-policy", "slowlog-max-len"), {
      "maxmemory-policy": "allkeys-lru",
      "slowlog-max-len": "64",
    });
    await ctx.redis.configSet({ "maxmemory-policy": "noeviction", "slowlog-max-len": 128 });
    assert.equal(await ctx.redis.configResetstat(), "OK");
    await assert.rejects(ctx.redis.configRewrite(), ResponseError);
    assert.match((await ctx.redis.configHelp())[0], /CONFIG/);
  });

  it("SLOWLOG GET, LEN, RESET, HELP record a slow command", async () => {
    await ctx.redis.configSet({ "slowlog-log-slower-than": 0 });
    await ctx.redis.slowlogReset();
    await ctx.redis.set("k", "v");
    const entries = await ctx.redis.slowlogGet(10);
    const set = entries.find((entry) => entry.args[0] === "set" || entry.args[0] === "SET");
    assert.ok(set, JSON.stringify(entries));
    assert.deepEqual(set.args.slice(1), ["k", "v"]);
    assert.ok(set.durationMicros >= 0 && set.timestamp > 0);
    assert.ok((await ctx.redis.slowlogLen()) >= 1);
    await ctx.redis.configSet({ "slowlog-log-slower-than": 10000 });
    assert.equal(await ctx.redis.slowlogReset(), "OK");
    assert.match((await ctx.redis.slowlogHelp())[0], /SLOWLOG/);
  });

  it("LATENCY: a DEBUG SLEEP above the threshold shows in LATEST, HISTORY, GRAPH; RESET; HISTOGRAM", async () => {
    await ctx.redis.configSet({ "latency-monitor-threshold": 1 });
    await ctx.redis.debug("sleep", 0.02);
    const [latest] = await ctx.redis.latencyLatest();
    assert.equal(latest.event, "command");
    assert.ok(latest.latency >= 15);
    assert.ok((await ctx.redis.latencyHistory("command")).length >= 1);
    assert.match(await ctx.redis.latencyGraph("command"), /command/);
    assert.equal(typeof await ctx.redis.latencyDoctor(), "string");
    assert.ok((await ctx.redis.latencyReset()) >= 1);
    await ctx.redis.configSet({ "latency-monitor-threshold": 0 });
    await ctx.redis.set("k", "v");
    const histograms = await ctx.redis.latencyHistogram("set");
    assert.ok(Number(histograms.set.calls) >= 1);
    assert.match((await ctx.redis.latencyHelp())[0], /LATENCY/);
  });

  it("MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE, HELP", async () => {
    await ctx.redis.set("k", "v");
    assert.ok((await ctx.redis.memoryUsage("k"))! > 0);
    assert.equal(await ctx.redis.memoryUsage("missing"), null);
    assert.ok((await ctx.redis.memoryUsage("k", { samples: 0 }))! > 0);
    const stats = await ctx.redis.memoryStats();
    assert.ok(Number(stats["total.allocated"]) > 0);
    assert.equal(typeof await ctx.redis.memoryDoctor(), "string");
    assert.equal(typeof await ctx.redis.memoryMallocStats(), "string");
    assert.equal(await ctx.redis.memoryPurge(), "OK");
    assert.match((await ctx.redis.memoryHelp())[0], /MEMORY/);
  });

  it("MODULE LIST is empty; LOAD, LOADEX and UNLOAD of missing modules are typed errors; HELP", async () => {
    assert.deepEqual(await ctx.redis.moduleList(), []);
    await assert.rejects(ctx.redis.moduleLoad("/nonexistent/module.so"), ResponseError);
    await assert.rejects(
      ctx.redis.moduleLoadex("/nonexistent/module.so", { args: ["x"] }),
      ResponseError,
    );
    await assert.rejects(ctx.redis.moduleUnload("nomodule"), ResponseError);
    assert.match((await ctx.redis.moduleHelp())[0], /MODULE/);
  });
});
