import assert from "node:assert/strict";
import { it } from "node:test";
import { ConnectionError, DataError, Redis, ResponseError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { startServer } from "./support/server.ts";

describeEachClient("server commands", (ctx) => {
  it("DBSIZE, FLUSHALL, SWAPDB", async () => {
    await ctx.redis.mset({ a: "1", b: "2" });
    assert.equal(await ctx.redis.dbsize(), 2);
    assert.equal(await ctx.redis.swapdb(0, 1), "OK");
    assert.equal(await ctx.redis.dbsize(), 0);
    assert.equal(await ctx.redis.swapdb(0, 1), "OK");
    assert.equal(await ctx.redis.flushall("sync"), "OK");
    assert.equal(await ctx.redis.dbsize(), 0);
    assert.throws(() => ctx.redis.flushall("later" as "sync"), DataError);
  });

  it("TIME, LASTSAVE, SAVE, BGSAVE, BGREWRITEAOF, LOLWUT, DEBUG", async () => {
    const { seconds, microseconds } = await ctx.redis.time();
    assert.ok(Math.abs(seconds - Date.now() / 1000) < 5);
    assert.ok(microseconds >= 0 && microseconds < 1_000_000);
    assert.equal(await ctx.redis.save(), "OK");
    assert.ok(Math.abs((await ctx.redis.lastsave()) - Date.now() / 1000) < 5);
    assert.match(await ctx.redis.bgsave({ schedule: true }), /Background saving|scheduled/);
    assert.match(await ctx.redis.bgrewriteaof(), /rewriting|scheduled/);
    assert.match(await ctx.redis.lolwut({ version: 5 }), /Redis ver\./);
    assert.equal(await ctx.redis.debug("sleep", 0), "OK");
  });

  it("ROLE of a master, REPLICAOF, ROLE of a replica, REPLICAOF NO ONE, FAILOVER errors", async () => {
    const master = await ctx.redis.role();
    assert.deepEqual(master, {
      role: "master",
      offset: master.role === "master" ? master.offset : 0,
      replicas: [],
    });
    const replicaServer = await startServer();
    try {
      await using replica = await Redis.connect({
        port: replicaServer.port,
        protocol: ctx.protocol,
      });
      assert.match(await replica.replicaof("127.0.0.1", ctx.server.port), /^OK/);
      const role = await replica.role();
      assert.equal(role.role, "slave");
      if (role.role === "slave") assert.equal(role.masterPort, ctx.server.port);
      assert.match(await replica.slaveof("127.0.0.1", ctx.server.port), /^OK Already/);
      assert.equal(await replica.replicaofNoOne(), "OK");
      assert.equal((await replica.role()).role, "master");
    } finally {
      await replicaServer.stop();
    }
    await assert.rejects(ctx.redis.failover(), ResponseError);
  });

  it("SHUTDOWN NOSAVE ends a throwaway server; RESTORE-ASKING, REPLCONF answer", async () => {
    const doomed = await startServer();
    const redis = await Redis.connect({ port: doomed.port, protocol: ctx.protocol });
    await assert.rejects(redis.shutdown({ nosave: true }), ConnectionError);
    await redis.close();
    await doomed.stop();
    const payload = await ctx.redis.set("k", "v").then(() => ctx.redis.bytes.dump("k"));
    assert.equal(await ctx.redis.restoreAsking("k2", 0, payload!), "OK");
    assert.equal(await ctx.redis.replconf("listening-port", 0), "OK");
    assert.throws(() => ctx.redis.shutdown({ nosave: true, save: true } as never), DataError);
  });
});
