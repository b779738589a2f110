import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, NoScriptError, Redis, ResponseError } from "../mod.ts";
import { assertSameOnBothProtocols, without } from "./support/both_protocols.ts";
import {
  describeEachClient,
  skipOnBlockingClient,
  skipUnsupported,
} from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

const LIBRARY = "#!lua name=keellib\n" +
  "redis.register_function('echo_first', function(keys, args) return args[1] end)\n" +
  "redis.register_function{function_name='peek', callback=function(keys) " +
  "return redis.call('GET', keys[1]) end, flags={'no-writes'}, description='reads'}";

describeEachClient("scripting commands", (ctx) => {
  it("EVAL, EVAL_RO, SCRIPT LOAD, EVALSHA, EVALSHA_RO, SCRIPT EXISTS, SCRIPT FLUSH", async () => {
    await ctx.redis.set("k", "v");
    assert.deepEqual(await ctx.redis.eval("return {KEYS[1], ARGV[1]}", ["k"], ["a"]), ["k", "a"]);
    assert.equal(await ctx.redis.evalRo("return redis.call('GET', KEYS[1])", ["k"]), "v");
    const sha = await ctx.redis.scriptLoad("return redis.call('GET', KEYS[1])");
    assert.match(sha, /^[0-9a-f]{40}$/);
    assert.equal(await ctx.redis.evalsha(sha, ["k"]), "v");
    assert.equal(await ctx.redis.evalshaRo(sha, ["k"]), "v");
    assert.deepEqual(await ctx.redis.scriptExists(sha, "0".repeat(40)), [true, false]);
    assert.equal(await ctx.redis.scriptFlush("sync"), "OK");
    await assert.rejects(ctx.redis.evalsha(sha, ["k"]), NoScriptError);
    await assert.rejects(
      ctx.redis.evalRo("return redis.call('SET', KEYS[1], 'x')", ["k"]),
      ResponseError,
    );
  });

  it("SCRIPT KILL with nothing running, SCRIPT DEBUG no, SCRIPT HELP, SCRIPT SHOW (Valkey)", async (t) => {
    await assert.rejects(ctx.redis.scriptKill(), /NOTBUSY/);
    assert.equal(await ctx.redis.scriptDebug("no"), "OK");
    assert.match((await ctx.redis.scriptHelp())[0], /SCRIPT/);
    const shown = await ctx.redis.scriptShow("0".repeat(40)).catch((error) => error);
    if (skipUnsupported(t, shown)) return;
    assert.ok(shown instanceof ResponseError);
  });

  it("FUNCTION LOAD, LIST, FCALL, FCALL_RO, DUMP, RESTORE, DELETE, FLUSH, STATS, KILL, HELP", async () => {
    await ctx.redis.functionFlush("sync");
    assert.equal(await ctx.redis.functionLoad(LIBRARY), "keellib");
    await assert.rejects(ctx.redis.functionLoad(LIBRARY), ResponseError);
    assert.equal(await ctx.redis.functionLoad(LIBRARY, { replace: true }), "keellib");
    const [library] = await ctx.redis.functionList({ withcode: true });
    assert.equal(library.libraryName, "keellib");
    assert.equal(library.engine, "LUA");
    assert.deepEqual(
      library.functions.sort((a, b) => a.name.localeCompare(b.name)),
      [
        record({ name: "echo_first", description: null, flags: [] }),
        record({ name: "peek", description: "reads", flags: ["no-writes"] }),
      ],
    );
    assert.equal(library.libraryCode, LIBRARY);
    assert.deepEqual(await ctx.redis.functionList({ libraryName: "nomatch*" }), []);
    assert.equal(await ctx.redis.fcall("echo_first", [], ["hello"]), "hello");
    await ctx.redis.set("k", "v");
    assert.equal(await ctx.redis.fcallRo("peek", ["k"]), "v");
    const payload = await ctx.redis.bytes.functionDump();
    assert.ok(payload instanceof Uint8Array);
    assert.equal(await ctx.redis.functionDelete("keellib"), "OK");
    assert.equal(await ctx.redis.functionRestore(payload), "OK");
    assert.equal(await ctx.redis.fcall("echo_first", [], ["back"]), "back");
    assert.equal(await ctx.redis.functionRestore(payload, "replace"), "OK");
    assert.deepStrictEqual(
      await ctx.redis.functionStats(),
      record({
        running_script: null,
        engines: record({ LUA: record({ libraries_count: 1, functions_count: 2 }) }),
      }),
    );
    await assert.rejects(ctx.redis.functionKill(), /NOTBUSY/);
    assert.match((await ctx.redis.functionHelp())[0], /FUNCTION/);
    assert.equal(await ctx.redis.functionFlush(), "OK");
    assert.throws(() => ctx.redis.functionRestore(payload, "merge" as "flush"), DataError);
  });
});

describeEachClient("scripting replies over RESP2 and RESP3", (ctx) => {
  it("FUNCTION LIST, FUNCTION STATS, SCRIPT EXISTS, EVAL: the same over both", async () => {
    await ctx.redis.functionFlush("sync");
    assert.deepStrictEqual(
      await assertSameOnBothProtocols(ctx, (redis) => redis.functionStats()),
      record({
        running_script: null,
        engines: record({ LUA: record({ libraries_count: 0, functions_count: 0 }) }),
      }),
    );
    await ctx.redis.functionLoad(LIBRARY);
    const [library] = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.functionList({ withcode: true }),
    );
    assert.equal(Object.getPrototypeOf(library), null);
    await assertSameOnBothProtocols(ctx, (redis) => redis.functionList());
    await assertSameOnBothProtocols(ctx, (redis) => redis.bytes.functionList());
    await assertSameOnBothProtocols(ctx, (redis) => redis.functionStats());
    const sha = await ctx.redis.scriptLoad("return 1");
    await assertSameOnBothProtocols(ctx, (redis) => redis.scriptExists(sha, "0".repeat(40)));
    await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.eval("return {1, 'two', {3}, redis.status_reply('OK')}"),
    );
    await ctx.redis.functionFlush("sync");
  });

  it("FUNCTION STATS while a function runs: running_script the same over both", async (t) => {
    if (skipOnBlockingClient(t, ctx, "the function must run while another call waits")) return;
    const busy = "#!lua name=busylib\n" +
      "redis.register_function{function_name='spin', callback=function() " +
      "local i = 0 while true do i = i + 1 end end, flags={'no-writes'}}";
    await ctx.redis.functionLoad(busy, { replace: true });
    const [before] = Object.values(await ctx.redis.configGet("busy-reply-threshold"));
    await ctx.redis.configSet({ "busy-reply-threshold": 10 });
    await using resp2 = await Redis.connect({ port: ctx.server.port, protocol: 2 });
    await using resp3 = await Redis.connect({ port: ctx.server.port, protocol: 3 });
    await using runner = await Redis.connect({ port: ctx.server.port });
    const running = runner.fcall("spin", [], ["an-argument"]).catch((error) => error);
    try {
      let stats2 = await resp2.functionStats();
      for (let attempt = 0; attempt < 200 && stats2.running_script === null; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        stats2 = await resp2.functionStats();
      }
      const stats3 = await resp3.functionStats();
      assert.ok(stats2.running_script !== null && stats3.running_script !== null);
      assert.equal(typeof stats2.running_script.duration_ms, "number");
      assert.equal(typeof stats3.running_script.duration_ms, "number");
      assert.deepStrictEqual(
        without(stats2.running_script, "duration_ms"),
        record({ name: "spin", command: ["FCALL", "spin", "0", "an-argument"] }),
      );
      assert.deepStrictEqual(
        { ...stats2, running_script: without(stats2.running_script, "duration_ms") },
        { ...stats3, running_script: without(stats3.running_script, "duration_ms") },
      );
    } finally {
      await resp3.functionKill();
      assert.ok((await running) instanceof ResponseError);
      await ctx.redis.configSet({ "busy-reply-threshold": before });
      await ctx.redis.functionDelete("busylib");
    }
  });
});
