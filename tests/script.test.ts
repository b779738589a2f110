import assert from "node:assert/strict";
import { it } from "node:test";
import { ResponseError } from "../mod.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";

describeEachProtocol("script()", (ctx) => {
  it("computes the SHA1 the server uses", async () => {
    const script = ctx.redis.script("return 1");
    assert.equal(await script.sha(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    assert.equal(await script.load(), await script.sha());
  });

  it("runs with EVAL on NOSCRIPT, then with EVALSHA from the cache", async () => {
    await ctx.redis.sendCommand(["SCRIPT", "FLUSH"]);
    const script = ctx.redis.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    assert.equal(await script.run(["counter"], [5]), 5);
    const sha = await script.sha();
    assert.deepEqual(await ctx.redis.sendCommand(["SCRIPT", "EXISTS", sha]), [1]);
    assert.equal(await script.run(["counter"], [2]), 7);
  });

  it("returns replies as decoded and rejects a failing script with its error", async () => {
    assert.deepEqual(await ctx.redis.script("return {KEYS[1], ARGV[1], 3}").run(["k"], ["v"]), [
      "k",
      "v",
      3,
    ]);
    await assert.rejects(
      ctx.redis.script("return redis.call('NOPE')").run(),
      (error: unknown) =>
        error instanceof ResponseError && /Unknown Redis command/i.test(error.message),
    );
  });

  it("readOnly scripts use EVAL_RO/EVALSHA_RO and refuse writes", async () => {
    await ctx.redis.set("k", "v");
    const read = ctx.redis.script("return redis.call('GET', KEYS[1])", { readOnly: true });
    assert.equal(await read.run(["k"]), "v");
    const write = ctx.redis.script("return redis.call('SET', KEYS[1], 'x')", { readOnly: true });
    await assert.rejects(write.run(["k"]), ResponseError);
    assert.equal(await ctx.redis.get("k"), "v");
  });

  it("runScript in a pipeline loads the script first: works right after SCRIPT FLUSH", async () => {
    await ctx.redis.sendCommand(["SCRIPT", "FLUSH"]);
    const bump = ctx.redis.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    const read = ctx.redis.script("return redis.call('GET', KEYS[1])", { readOnly: true });
    const results = await ctx.redis.pipeline()
      .runScript(bump, ["n"], [2])
      .get("n")
      .runScript(bump, ["n"], [3])
      .runScript(read, ["n"])
      .exec();
    assert.deepEqual(results, [2, "2", 5, "5"]);
    assert.deepEqual(
      await ctx.redis.sendCommand(["SCRIPT", "EXISTS", await bump.sha(), await read.sha()]),
      [1, 1],
    );
  });

  it("runScript in multi() runs atomically; a script that does not compile fails its slots", async () => {
    await ctx.redis.sendCommand(["SCRIPT", "FLUSH"]);
    const bump = ctx.redis.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    assert.deepEqual(
      await ctx.redis.multi().runScript(bump, ["n"], [4]).incr("n").exec(),
      [4, 5],
    );
    const broken = ctx.redis.script("return (");
    const results = await ctx.redis.pipeline().runScript(broken).incr("n").exec();
    assert.ok(results[0] instanceof ResponseError);
    assert.match((results[0] as ResponseError).message, /compiling script|Error/);
    assert.equal(results[1], 6);
  });
});
