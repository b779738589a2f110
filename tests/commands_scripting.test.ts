import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, NoScriptError, ResponseError } from "../mod.ts";
import { describeEachClient, skipUnsupported } from "./support/per_protocol.ts";

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
        { name: "echo_first", description: null, flags: [] },
        { name: "peek", description: "reads", flags: ["no-writes"] },
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
    assert.equal((await ctx.redis.functionStats()).running_script, null);
    await assert.rejects(ctx.redis.functionKill(), /NOTBUSY/);
    assert.match((await ctx.redis.functionHelp())[0], /FUNCTION/);
    assert.equal(await ctx.redis.functionFlush(), "OK");
    assert.throws(() => ctx.redis.functionRestore(payload, "merge" as "flush"), DataError);
  });
});
