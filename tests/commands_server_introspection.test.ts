import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, ResponseError } from "../mod.ts";
import { assertSameOnBothProtocols, typeShape, without } from "./support/both_protocols.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

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
    assert.deepStrictEqual(
      await ctx.redis.configGet("maxmemory-policy"),
      record({ "maxmemory-policy": "noeviction" }),
    );
    assert.equal(
      await ctx.redis.configSet({ "maxmemory-policy": "allkeys-lru", "slowlog-max-len": 64 }),
      "OK",
    );
    assert.deepStrictEqual(
      await ctx.redis.configGet("maxmemory-policy", "slowlog-max-len"),
      record({ "maxmemory-policy": "allkeys-lru", "slowlog-max-len": "64" }),
    );
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
    assert.ok(histograms.set.calls >= 1);
    assert.match((await ctx.redis.latencyHelp())[0], /LATENCY/);
  });

  it("MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE, HELP", async () => {
    await ctx.redis.set("k", "v");
    assert.ok((await ctx.redis.memoryUsage("k"))! > 0);
    assert.equal(await ctx.redis.memoryUsage("missing"), null);
    assert.ok((await ctx.redis.memoryUsage("k", { samples: 0 }))! > 0);
    const stats = await ctx.redis.memoryStats();
    assert.ok(stats["total.allocated"] > 0);
    assert.equal(typeof stats["dataset.percentage"], "number");
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

describeEachClient("server introspection replies over RESP2 and RESP3", (ctx) => {
  it("COMMAND COUNT, INFO, DOCS, GETKEYS, GETKEYSANDFLAGS, LIST: the same over both", async () => {
    await assertSameOnBothProtocols(ctx, (redis) => redis.commandCount());
    const [set, xread, sort, unknown] = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.commandInfo("set", "xread", "sort", "nope", "client", "migrate", "eval"),
    );
    assert.equal(unknown, null);
    assert.equal(Object.getPrototypeOf(set), null);
    assert.deepStrictEqual(
      set?.keySpecs[0],
      record({
        notes: "RW and ACCESS due to the optional `GET` argument",
        flags: ["RW", "access", "update", "variable_flags"],
        begin_search: record({ type: "index", spec: record({ index: 1 }) }),
        find_keys: record({
          type: "range",
          spec: record({ lastkey: 0, keystep: 1, limit: 0 }),
        }),
      }),
    );
    assert.deepStrictEqual(
      xread?.keySpecs[0].begin_search,
      record({ type: "keyword", spec: record({ keyword: "STREAMS", startfrom: 1 }) }),
    );
    assert.deepStrictEqual(
      sort?.keySpecs[1].find_keys,
      record({ type: "unknown", spec: record({}) }),
    );
    await assertSameOnBothProtocols(ctx, (redis) => redis.commandInfo());
    const docs = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.commandDocs("set", "client", "slaveof", "xadd", "migrate"),
    );
    assert.equal(Object.getPrototypeOf(docs), null);
    assert.equal(Object.getPrototypeOf(docs.set.arguments?.[2]), null);
    assert.deepStrictEqual(
      docs.set.arguments?.[2].arguments?.[0],
      record({ name: "nx", type: "pure-token", token: "NX" }),
    );
    assert.deepStrictEqual(docs.set.history?.[0], [
      "2.6.12",
      "Added the `EX`, `PX`, `NX` and `XX` options.",
    ]);
    assert.equal(Object.getPrototypeOf(docs.client.subcommands), null);
    assert.equal(docs.client.subcommands?.["client|kill"].group, "connection");
    await assertSameOnBothProtocols(ctx, (redis) => redis.commandDocs());
    await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.commandGetkeys(["MSET", "a", "1", "b", "2"]),
    );
    const keys = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.commandGetkeysandflags(["LMOVE", "a", "b", "LEFT", "RIGHT"]),
    );
    assert.deepStrictEqual(keys, [
      record({ key: "a", flags: ["RW", "access", "delete"] }),
      record({ key: "b", flags: ["RW", "insert"] }),
    ]);
    await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.bytes.commandGetkeysandflags(["GET", "k"]),
    );
    await assertSameOnBothProtocols(ctx, (redis) => redis.commandList({ pattern: "client*" }));
  });

  it("CONFIG GET: the same over both", async () => {
    const config = await assertSameOnBothProtocols(ctx, (redis) => redis.configGet("*"));
    assert.equal(Object.getPrototypeOf(config), null);
    assert.ok(Object.values(config).every((value) => typeof value === "string"));
    await assertSameOnBothProtocols(ctx, (redis) => redis.bytes.configGet("maxmemory*"));
  });

  it("LATENCY LATEST, HISTORY, HISTOGRAM, DOCTOR: the same over both", async () => {
    await ctx.redis.configSet({ "latency-monitor-threshold": 1 });
    await ctx.redis.debug("sleep", 0.01);
    await ctx.redis.configSet({ "latency-monitor-threshold": 0 });
    const latest = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.latencyLatest(),
      typeShape,
    );
    assert.deepStrictEqual(
      typeShape(latest[0]),
      record({ event: "string", time: "number", latency: "number", max: "number" }),
    );
    const history = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.latencyHistory("command"),
      typeShape,
    );
    assert.deepStrictEqual(typeShape(history[0]), record({ time: "number", latency: "number" }));
    await ctx.redis.latencyReset();
    await ctx.redis.set("k", "v");
    await ctx.redis.get("k");
    const histograms = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.latencyHistogram("set", "get", "nosuchcommand"),
    );
    assert.deepStrictEqual(Object.keys(histograms).sort(), ["get", "set"]);
    assert.equal(Object.getPrototypeOf(histograms.set.histogram_usec), null);
    assert.ok(Object.values(histograms.set.histogram_usec).every((n) => typeof n === "number"));
    // Which commands ran, and which buckets their calls fell in, depend on timing: compare
    // the distinct kinds of histograms (null prototypes, number types).
    await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.latencyHistogram(),
      (all) => [
        ...new Set(
          Object.values(all).map((histogram) =>
            JSON.stringify([
              Object.getPrototypeOf(histogram) === null,
              Object.keys(histogram).sort(),
              typeof histogram.calls,
              Object.getPrototypeOf(histogram.histogram_usec) === null,
              [...new Set(Object.values(histogram.histogram_usec).map((calls) => typeof calls))],
            ])
          ),
        ),
      ],
    );
    await assertSameOnBothProtocols(ctx, (redis) => redis.latencyDoctor(), typeShape);
  });

  it("MEMORY STATS, USAGE, DOCTOR, MALLOC-STATS: the same over both", async () => {
    await ctx.redis.set("k", "v");
    const stats = await assertSameOnBothProtocols(ctx, (redis) => redis.memoryStats(), typeShape);
    assert.equal(Object.getPrototypeOf(stats), null);
    for (const [name, value] of Object.entries(stats)) {
      if (name.startsWith("db.")) {
        assert.equal(Object.getPrototypeOf(value), null, name);
        assert.ok(Object.values(value).every((n) => typeof n === "number"), name);
      } else {
        assert.equal(typeof value, "number", name);
      }
    }
    await assertSameOnBothProtocols(ctx, (redis) => redis.memoryUsage("k"));
    await assertSameOnBothProtocols(ctx, (redis) => redis.memoryUsage("missing"));
    await assertSameOnBothProtocols(ctx, (redis) => redis.memoryDoctor(), typeShape);
    await assertSameOnBothProtocols(ctx, (redis) => redis.memoryMallocStats(), typeShape);
  });

  it("SLOWLOG GET, LEN and MODULE LIST: the same over both", async () => {
    await ctx.redis.configSet({ "slowlog-log-slower-than": 0 });
    try {
      await ctx.redis.set("k", "v");
      // The latest entry is the command before, which differs: compare kinds.
      const entry = await assertSameOnBothProtocols(
        ctx,
        async (redis) => (await redis.slowlogGet(1))[0],
        (entry) => typeShape({ ...entry, args: entry.args.slice(0, 1) }),
      );
      assert.deepStrictEqual(
        typeShape(without(entry, "args")),
        record({
          id: "number",
          timestamp: "number",
          durationMicros: "number",
          clientAddress: "string",
          clientName: "string",
        }),
      );
    } finally {
      await ctx.redis.configSet({ "slowlog-log-slower-than": 10000 });
    }
    await assertSameOnBothProtocols(ctx, (redis) => redis.slowlogLen());
    await assertSameOnBothProtocols(ctx, (redis) => redis.moduleList());
  });
});
