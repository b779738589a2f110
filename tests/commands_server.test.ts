import assert from "node:assert/strict";
import { it } from "node:test";
import { ConnectionError, DataError, Redis, ResponseError } from "../mod.ts";
import {
  assertSameOnBothProtocols,
  onBothProtocols,
  typeShape,
  without,
} from "./support/both_protocols.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";
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
    assert.deepStrictEqual(
      master,
      record({
        role: "master",
        offset: master.role === "master" ? master.offset : 0,
        replicas: [],
      }),
    );
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

describeEachClient("server replies over RESP2 and RESP3", (ctx) => {
  it("INFO, DBSIZE, TIME, LASTSAVE, LOLWUT, DEBUG: the same over both", async () => {
    await ctx.redis.set("k", "v");
    const info = await assertSameOnBothProtocols(ctx, (redis) => redis.info(), typeShape);
    assert.equal(Object.getPrototypeOf(info), null);
    assert.equal(Object.getPrototypeOf(info.server), null);
    await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.info("server"),
      (sections) => without(sections.server, "server_time_usec", "uptime_in_seconds", "lru_clock"),
    );
    await assertSameOnBothProtocols(ctx, (redis) => redis.infoRaw("keyspace"));
    assert.equal(await assertSameOnBothProtocols(ctx, (redis) => redis.dbsize()), 1);
    const time = await assertSameOnBothProtocols(ctx, (redis) => redis.time(), typeShape);
    assert.deepStrictEqual(typeShape(time), record({ seconds: "number", microseconds: "number" }));
    await assertSameOnBothProtocols(ctx, (redis) => redis.lastsave());
    await assertSameOnBothProtocols(ctx, (redis) => redis.lolwut({ version: 5 }), typeShape);
    await assertSameOnBothProtocols(ctx, (redis) => redis.debug("digest"));
    await assertSameOnBothProtocols(ctx, (redis) => redis.debug("sleep", 0));
    await assertSameOnBothProtocols(ctx, (redis) => redis.debug("object", "k"), typeShape);
    // DEBUG's reply is as decoded: DEBUG PROTOCOL is there to show the protocol's types.
    await using resp2 = await Redis.connect({ port: ctx.server.port, protocol: 2 });
    await using resp3 = await Redis.connect({ port: ctx.server.port, protocol: 3 });
    assert.ok(Array.isArray(await resp2.debug("protocol", "map")));
    assert.ok((await resp3.debug("protocol", "map")) instanceof Map);
  });

  it("ROLE of a master and of a replica: the same over both", async () => {
    const master = await assertSameOnBothProtocols(ctx, (redis) => redis.role());
    assert.equal(master.role, "master");
    assert.equal(Object.getPrototypeOf(master), null);
    const replicaServer = await startServer();
    const [delay] = Object.values(await ctx.redis.configGet("repl-diskless-sync-delay"));
    await ctx.redis.configSet({ "repl-diskless-sync-delay": 0 });
    try {
      await using replica = await Redis.connect({
        port: replicaServer.port,
        protocol: ctx.protocol,
      });
      await replica.replicaof("127.0.0.1", ctx.server.port);
      const { resp2, resp3 } = await onBothProtocols(
        { ...ctx, server: replicaServer, redis: replica },
        (redis) => redis.role(),
      );
      assert.deepStrictEqual(typeShape(resp2), typeShape(resp3));
      assert.deepStrictEqual(
        without(resp2, "state", "offset"),
        record({ role: "slave", masterHost: "127.0.0.1", masterPort: ctx.server.port }),
      );
      for (let attempt = 0; attempt < 200; attempt++) {
        const role = await ctx.redis.role();
        if (role.role === "master" && role.replicas.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const { resp2: withReplica, resp3: withReplica3 } = await onBothProtocols(
        ctx,
        (redis) => redis.role(),
      );
      assert.deepStrictEqual(typeShape(withReplica), typeShape(withReplica3));
      assert.ok(withReplica.role === "master" && withReplica.replicas.length === 1);
      assert.deepStrictEqual(
        without(withReplica.replicas[0], "offset"),
        record({ host: "127.0.0.1", port: replicaServer.port }),
      );
      await replica.replicaofNoOne();
    } finally {
      await replicaServer.stop();
      await ctx.redis.configSet({ "repl-diskless-sync-delay": delay });
    }
  });
});
