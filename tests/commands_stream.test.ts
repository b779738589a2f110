import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, ResponseError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

/** Field names that are members of `Object.prototype`. */
const PROTOTYPE_NAMES = ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"];

describeEachClient("stream commands", (ctx) => {
  it("XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM", async () => {
    const first = await ctx.redis.xadd("s", "1-1", { a: "1" });
    assert.equal(first, "1-1");
    const second = await ctx.redis.xadd("s", "*", [["b", "2"], ["c", "3"]]);
    assert.match(second!, /^\d+-\d+$/);
    assert.equal(await ctx.redis.xadd("missing", "*", { x: "1" }, { nomkstream: true }), null);
    assert.equal(await ctx.redis.xlen("s"), 2);
    assert.deepEqual(await ctx.redis.xrange("s", "-", "+"), [
      { id: "1-1", fields: record({ a: "1" }) },
      { id: second, fields: record({ b: "2", c: "3" }) },
    ]);
    assert.deepEqual(await ctx.redis.xrevrange("s", "+", "-", { count: 1 }), [
      { id: second, fields: record({ b: "2", c: "3" }) },
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
      { key: "a", entries: [{ id: "1-1", fields: record({ f: "1" }) }] },
      { key: "b", entries: [{ id: "2-1", fields: record({ g: "2" }) }] },
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
    assert.deepEqual(claimed, [{ id: "2-1", fields: record({ job: "b" }) }]);
    const auto = await ctx.redis.xautoclaim("s", "g", "c3", 0, "0-0", { count: 10 });
    assert.equal(auto.next, "0-0");
    assert.deepEqual(auto.entries, [{ id: "2-1", fields: record({ job: "b" }) }]);
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
    assert.deepEqual(info["first-entry"], { id: "1-1", fields: record({ a: "1" }) });
    const full = await ctx.redis.xinfoStream("s", { full: true });
    assert.deepEqual(full.entries, [{ id: "1-1", fields: record({ a: "1" }) }]);
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

  for (const name of PROTOTYPE_NAMES) {
    const fields = () => record({ [name]: "own", plain: "p" });

    it(`XRANGE, XREVRANGE and XREAD keep a field named '${name}' as an own property`, async () => {
      await ctx.redis.xadd("s", "1-1", [[name, "own"], ["plain", "p"]]);
      const [entry] = await ctx.redis.xrange("s", "-", "+");
      assert.equal(Object.getPrototypeOf(entry.fields), null);
      assert.ok(Object.hasOwn(entry.fields!, name));
      assert.equal(entry.fields![name], "own");
      assert.deepEqual(entry, { id: "1-1", fields: fields() });
      assert.deepEqual(await ctx.redis.xrevrange("s", "+", "-"), [{ id: "1-1", fields: fields() }]);
      assert.deepEqual(await ctx.redis.xread({ s: "0" }), [
        { key: "s", entries: [{ id: "1-1", fields: fields() }] },
      ]);
    });

    it(`XREADGROUP, XCLAIM and XAUTOCLAIM keep a field named '${name}'`, async () => {
      await ctx.redis.xgroupCreate("s", "g", "0", { mkstream: true });
      await ctx.redis.xadd("s", "1-1", [[name, "own"], ["plain", "p"]]);
      assert.deepEqual(await ctx.redis.xreadgroup("g", "c1", { s: ">" }), [
        { key: "s", entries: [{ id: "1-1", fields: fields() }] },
      ]);
      const claimed = await ctx.redis.xclaim("s", "g", "c2", 0, ["1-1"]);
      assert.deepEqual(claimed, [{ id: "1-1", fields: fields() }]);
      assert.equal(Object.getPrototypeOf(claimed[0].fields), null);
      const auto = await ctx.redis.xautoclaim("s", "g", "c3", 0, "0-0");
      assert.deepEqual(auto.entries, [{ id: "1-1", fields: fields() }]);
      assert.ok(Object.hasOwn(auto.entries[0].fields!, name));
    });

    it(`the bytes view's XRANGE keeps a field named '${name}' (the prototype stays null)`, async () => {
      await ctx.redis.xadd("s", "1-1", [[name, "own"]]);
      const [entry] = await ctx.redis.bytes.xrange("s", "-", "+");
      assert.equal(entry.id, "1-1");
      assert.equal(Object.getPrototypeOf(entry.fields), null);
      assert.ok(Object.hasOwn(entry.fields!, name));
      assert.deepEqual(entry.fields![name], new TextEncoder().encode("own"));
      const [stream] = (await ctx.redis.bytes.xread({ s: "0" }))!;
      assert.equal(Object.getPrototypeOf(stream.entries[0].fields), null);
      assert.deepEqual(Object.keys(stream.entries[0].fields!), [name]);
    });
  }

  it("XINFO STREAM records have no prototype, their entries' fields neither", async () => {
    await ctx.redis.xadd("s", "1-1", [["__proto__", "own"]]);
    const info = await ctx.redis.xinfoStream("s");
    assert.equal(Object.getPrototypeOf(info), null);
    assert.deepEqual(info["first-entry"], { id: "1-1", fields: record({ ["__proto__"]: "own" }) });
    await ctx.redis.xgroupCreate("s", "g", "0");
    const [group] = await ctx.redis.xinfoGroups("s");
    assert.equal(Object.getPrototypeOf(group), null);
  });

  it("XCLAIM with JUSTID returns the ids only", async () => {
    await ctx.redis.xgroupCreate("s", "g", "0", { mkstream: true });
    await ctx.redis.xadd("s", "1-1", { job: "a" });
    await ctx.redis.xadd("s", "2-1", { job: "b" });
    await ctx.redis.xreadgroup("g", "c1", { s: ">" });
    assert.deepEqual(await ctx.redis.xclaim("s", "g", "c2", 0, ["1-1", "2-1"], { justid: true }), [
      "1-1",
      "2-1",
    ]);
    const [owner] = await ctx.redis.xpending("s", "g", { start: "-", end: "+", count: 1 });
    assert.equal(owner.consumer, "c2");
    assert.equal(owner.deliveries, 1, "JUSTID does not count a delivery");
    assert.deepEqual(
      await ctx.redis.xclaim("s", "g", "c3", 0, ["2-1"], { idle: 5, retrycount: 7, justid: true }),
      ["2-1"],
    );
    const pending = await ctx.redis.xpending("s", "g", { start: "2-1", end: "2-1", count: 1 });
    assert.equal(pending[0].deliveries, 7);
  });

  it("XAUTOCLAIM with JUSTID returns the next id, the ids and the deleted ids", async () => {
    await ctx.redis.xgroupCreate("s", "g", "0", { mkstream: true });
    for (const id of ["1-1", "2-1", "3-1"]) await ctx.redis.xadd("s", id, { job: id });
    await ctx.redis.xreadgroup("g", "c1", { s: ">" });
    await ctx.redis.xdel("s", "2-1");
    assert.deepEqual(
      await ctx.redis.xautoclaim("s", "g", "c2", 0, "0-0", { count: 1, justid: true }),
      { next: "2-1", ids: ["1-1"], deleted: [] },
    );
    assert.deepEqual(await ctx.redis.xautoclaim("s", "g", "c2", 0, "2-1", { justid: true }), {
      next: "0-0",
      ids: ["3-1"],
      deleted: ["2-1"],
    });
    assert.deepEqual(await ctx.redis.xautoclaim("s", "g", "c3", 0, "0-0"), {
      next: "0-0",
      entries: [
        { id: "1-1", fields: record({ job: "1-1" }) },
        { id: "3-1", fields: record({ job: "3-1" }) },
      ],
      deleted: [],
    });
  });

  it("XADD and XTRIM with both maxlen and minid throw DataError and send nothing", async () => {
    await ctx.redis.xadd("s", "1-1", { a: "1" });
    await ctx.redis.xadd("s", "2-1", { a: "2" });
    const both = { maxlen: 0, minid: "3-0" } as never;
    assert.throws(() => ctx.redis.xadd("s", "3-1", { a: "3" }, { trim: both }), DataError);
    assert.throws(() => ctx.redis.xadd("other", "*", { a: "3" }, { trim: both }), DataError);
    assert.throws(() => ctx.redis.xtrim("s", both), DataError);
    assert.throws(
      () => ctx.redis.xtrim("s", { maxlen: 0, minid: "9-0", approx: true, limit: 10 } as never),
      /xtrim trim: options maxlen and minid cannot be combined/,
    );
    assert.equal(await ctx.redis.xlen("s"), 2);
    assert.equal(await ctx.redis.exists("other"), 0);
    assert.equal(await ctx.redis.xtrim("s", { minid: "2-0" }), 1);
  });

  it("XCLAIM with both idle and time throws DataError", () => {
    assert.throws(
      () => ctx.redis.xclaim("s", "g", "c", 0, ["1-1"], { idle: 1, time: Date.now() } as never),
      /xclaim: options idle and time cannot be combined/,
    );
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
