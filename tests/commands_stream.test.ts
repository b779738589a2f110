import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, ResponseError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

describeEachClient("stream commands", (ctx) => {
  it("XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM", async () => {
    const first = await ctx.redis.xadd("s", "1-1", { a: "1" });
    assert.equal(first, "1-1");
    const second = await ctx.redis.xadd("s", "*", [["b", "2"], ["c", "3"]]);
    assert.match(second!, /^\d+-\d+$/);
    assert.equal(await ctx.redis.xadd("missing", "*", { x: "1" }, { nomkstream: true }), null);
    assert.equal(await ctx.redis.xlen("s"), 2);
    assert.deepEqual(await ctx.redis.xrange("s", "-", "+"), [
      { id: "1-1", fields: { a: "1" } },
      { id: second, fields: { b: "2", c: "3" } },
    ]);
    assert.deepEqual(await ctx.redis.xrevrange("s", "+", "-", { count: 1 }), [
      { id: second, fields: { b: "2", c: "3" } },
    ]);
    await ctx.redis.xadd("s", "*", { d: "4" }, { trim: { maxlen: 2 } });
    assert.equal(await ctx.redis.xlen("s"), 2);
    assert.equal(await ctx.redis.xdel("s", second!), 1);
    assert.equal(await ctx.redis.xtrim("s", { maxlen: 0 }), 1);
    assert.throws(() => ctx.redis.xadd("s", "*", {}), DataError);
    assert.throws(() => ctx.redis.xtrim("s", { maxlen: 5, limit: 10 }), DataError);
  });

  it("XREAD returns the same shape under both protocols; null when nothing is new", async () => {
    await ctx.redis.xadd("a", "1-1", { f: "1" });
    await ctx.redis.xadd("b", "2-1", { g: "2" });
    assert.deepEqual(await ctx.redis.xread({ a: "0", b: "0" }), [
      { key: "a", entries: [{ id: "1-1", fields: { f: "1" } }] },
      { key: "b", entries: [{ id: "2-1", fields: { g: "2" } }] },
    ]);
    assert.equal(await ctx.redis.xread({ a: "$" }), null);
    assert.equal(await ctx.redis.xread([["a", "1-1"]], { block: 50 }), null);
  });

  it("consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM", async () => {
    assert.equal(await ctx.redis.xgroupCreate("s", "g", "$", { mkstream: true }), "OK");
    await assert.rejects(ctx.redis.xgroupCreate("s", "g", "$"), ResponseError);
    assert.equal(await ctx.redis.xgroupCreateconsumer("s", "g", "c1"), true);
    await ctx.redis.xadd("s", "1-1", { job: "a" });
    await ctx.redis.xadd("s", "2-1", { job: "b" });
    const read = await ctx.redis.xreadgroup("g", "c1", { s: ">" }, { count: 10 });
    assert.deepEqual(read?.[0].entries.map((entry) => entry.id), ["1-1", "2-1"]);
    const summary = await ctx.redis.xpending("s", "g");
    assert.deepEqual(summary, {
      count: 2,
      minId: "1-1",
      maxId: "2-1",
      consumers: [{ name: "c1", count: 2 }],
    });
    const pending = await ctx.redis.xpending("s", "g", { start: "-", end: "+", count: 10 });
    assert.deepEqual(
      pending.map(({ id, consumer, deliveries }) => ({ id, consumer, deliveries })),
      [
        { id: "1-1", consumer: "c1", deliveries: 1 },
        { id: "2-1", consumer: "c1", deliveries: 1 },
      ],
    );
    assert.equal(await ctx.redis.xack("s", "g", "1-1"), 1);
    const claimed = await ctx.redis.xclaim("s", "g", "c2", 0, ["2-1"]);
    assert.deepEqual(claimed, [{ id: "2-1", fields: { job: "b" } }]);
    const auto = await ctx.redis.xautoclaim("s", "g", "c3", 0, "0-0", { count: 10 });
    assert.equal(auto.next, "0-0");
    assert.deepEqual(auto.entries, [{ id: "2-1", fields: { job: "b" } }]);
    assert.deepEqual(auto.deleted, []);
    assert.equal(await ctx.redis.xgroupSetid("s", "g", "0"), "OK");
    assert.equal(await ctx.redis.xgroupDelconsumer("s", "g", "c3"), 1);
    assert.equal(await ctx.redis.xgroupDestroy("s", "g"), true);
    assert.equal(await ctx.redis.xgroupDestroy("s", "g"), false);
  });

  it("XINFO STREAM (and FULL), GROUPS, CONSUMERS, HELP; XSETID", async () => {
    await ctx.redis.xadd("s", "1-1", { a: "1" });
    await ctx.redis.xgroupCreate("s", "g", "0");
    await ctx.redis.xreadgroup("g", "c1", { s: ">" });
    const info = await ctx.redis.xinfoStream("s");
    assert.equal(info.length, 1);
    assert.deepEqual(info["first-entry"], { id: "1-1", fields: { a: "1" } });
    const full = await ctx.redis.xinfoStream("s", { full: true });
    assert.deepEqual(full.entries, [{ id: "1-1", fields: { a: "1" } }]);
    assert.equal((full.groups as Record<string, unknown>[])[0].name, "g");
    const [group] = await ctx.redis.xinfoGroups("s");
    assert.equal(group.name, "g");
    assert.equal(group.pending, 1);
    const [consumer] = await ctx.redis.xinfoConsumers("s", "g");
    assert.equal(consumer.name, "c1");
    assert.match((await ctx.redis.xinfoHelp())[0], /XINFO/);
    assert.match((await ctx.redis.xgroupHelp())[0], /XGROUP/);
    assert.equal(await ctx.redis.xsetid("s", "5-0"), "OK");
    assert.equal((await ctx.redis.xinfoStream("s"))["last-generated-id"], "5-0");
  });

  it("stream commands on a string key give WrongTypeError", async () => {
    await ctx.redis.set("str", "v");
    for (
      const call of [
        () => ctx.redis.xadd("str", "*", { f: "v" }),
        () => ctx.redis.xlen("str"),
        () => ctx.redis.xrange("str", "-", "+"),
        () => ctx.redis.xread({ str: "0" }),
        () => ctx.redis.xtrim("str", { maxlen: 1 }),
      ]
    ) await assert.rejects(call(), WrongTypeError);
  });
});
