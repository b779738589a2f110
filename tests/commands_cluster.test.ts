import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, Redis, ResponseError } from "../mod.ts";
import { assertSameOnBothProtocols, typeShape, without } from "./support/both_protocols.ts";
import { describeEachClient, skipUnsupported } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";
import { startServer } from "./support/server.ts";

const clusterServer = { args: ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"] };

describeEachClient("cluster commands on a one-node cluster", (ctx) => {
  /** Give the node every slot once; the second protocol's group finds them assigned. */
  async function ownAllSlots(): Promise<string> {
    const id = await ctx.redis.clusterMyid();
    const info = await ctx.redis.clusterInfo();
    if (info.cluster_slots_assigned !== "16384") {
      assert.equal(await ctx.redis.clusterAddslotsrange({ start: 0, end: 16383 }), "OK");
    }
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await ctx.redis.clusterInfo()).cluster_state === "ok") return id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("the one-node cluster did not reach state ok");
  }

  it("MYID, INFO, NODES, SLOTS and SHARDS describe the node", async () => {
    const id = await ownAllSlots();
    assert.match(id, /^[0-9a-f]{40}$/);
    const info = await ctx.redis.clusterInfo();
    assert.equal(info.cluster_state, "ok");
    assert.equal(info.cluster_known_nodes, "1");
    const [node] = await ctx.redis.clusterNodes();
    assert.equal(node.id, id);
    assert.ok(node.flags.includes("myself") && node.flags.includes("master"));
    assert.equal(node.master, null);
    assert.deepEqual(node.slots, ["0-16383"]);
    assert.equal(node.linkState, "connected");
    const [range] = await ctx.redis.clusterSlots();
    assert.equal(range.start, 0);
    assert.equal(range.end, 16383);
    assert.equal(range.nodes[0].port, ctx.server.port);
    assert.equal(range.nodes[0].id, id);
    const [shard] = await ctx.redis.clusterShards();
    assert.deepEqual(shard.slots, [0, 16383]);
    assert.equal(shard.nodes[0].id, id);
    assert.equal(shard.nodes[0].port, ctx.server.port);
    assert.deepEqual(await ctx.redis.clusterLinks(), []);
  });

  it("KEYSLOT, COUNTKEYSINSLOT and GETKEYSINSLOT agree", async () => {
    await ownAllSlots();
    const slot = await ctx.redis.clusterKeyslot("{user}:1");
    assert.equal(slot, 5474);
    assert.equal(await ctx.redis.clusterKeyslot("{user}:2"), slot);
    await ctx.redis.mset({ "{user}:1": "a", "{user}:2": "b" });
    assert.equal(await ctx.redis.clusterCountkeysinslot(slot), 2);
    assert.deepEqual((await ctx.redis.clusterGetkeysinslot(slot, 10)).sort(), [
      "{user}:1",
      "{user}:2",
    ]);
  });

  it("SETSLOT MIGRATING to an unknown node is a typed error; STABLE is OK", async () => {
    await ownAllSlots();
    await assert.rejects(
      ctx.redis.clusterSetslot(100, { migrating: "0".repeat(40) }),
      (error: unknown) => error instanceof ResponseError && /know about node/i.test(error.message),
    );
    assert.equal(await ctx.redis.clusterSetslot(100, { stable: true }), "OK");
    assert.throws(() => ctx.redis.clusterSetslot(100, {} as never), DataError);
  });

  it("DELSLOTS, DELSLOTSRANGE, ADDSLOTS move slot ownership", async () => {
    await ownAllSlots();
    assert.equal(await ctx.redis.clusterDelslots(16000, 16001), "OK");
    assert.equal(await ctx.redis.clusterDelslotsrange({ start: 16002, end: 16010 }), "OK");
    assert.equal((await ctx.redis.clusterInfo()).cluster_slots_assigned, String(16384 - 11));
    assert.equal(await ctx.redis.clusterAddslots(16000, 16001), "OK");
    assert.equal(await ctx.redis.clusterAddslotsrange({ start: 16002, end: 16010 }), "OK");
    assert.equal((await ctx.redis.clusterInfo()).cluster_slots_assigned, "16384");
    assert.throws(() => ctx.redis.clusterAddslots(), DataError);
    assert.throws(() => ctx.redis.clusterAddslotsrange({ start: 5, end: 1 }), DataError);
  });

  it("BUMPEPOCH, SET-CONFIG-EPOCH, SAVECONFIG, COUNT-FAILURE-REPORTS, HELP", async () => {
    const id = await ownAllSlots();
    assert.match(await ctx.redis.clusterBumpepoch(), /^(BUMPED|STILL)$/);
    await assert.rejects(ctx.redis.clusterSetConfigEpoch(1), ResponseError);
    assert.equal(await ctx.redis.clusterSaveconfig(), "OK");
    assert.equal(await ctx.redis.clusterCountFailureReports(id), 0);
    assert.match((await ctx.redis.clusterHelp())[0], /CLUSTER/);
  });

  it("REPLICAS, SLAVES, REPLICATE, FORGET and FAILOVER answer typed errors or values", async () => {
    const id = await ownAllSlots();
    assert.deepEqual(await ctx.redis.clusterReplicas(id), []);
    assert.deepEqual(await ctx.redis.clusterSlaves(id), []);
    await assert.rejects(ctx.redis.clusterReplicate(id), ResponseError);
    await assert.rejects(ctx.redis.clusterForget(id), ResponseError);
    await assert.rejects(ctx.redis.clusterFailover(), ResponseError);
  });

  it("READONLY, READWRITE and ASKING answer OK", async () => {
    await using redis = await Redis.connect({ port: ctx.server.port, protocol: ctx.protocol });
    assert.equal(await redis.readonly(), "OK");
    assert.equal(await redis.readwrite(), "OK");
    assert.equal(await redis.asking(), "OK");
  });

  it("INFO, NODES, SLOTS, SHARDS, LINKS, MYID, KEYSLOT, …: the same over RESP2 and RESP3", async () => {
    const id = await ownAllSlots();
    await ctx.redis.set("{user}:1", "a");
    const info = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.clusterInfo(),
      (fields) => without(fields, "cluster_stats_messages_sent", "cluster_stats_messages_received"),
    );
    assert.equal(Object.getPrototypeOf(info), null);
    const [node] = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.clusterNodes(),
      (nodes) => nodes.map((node) => without(node, "pingSent", "pongReceived")),
    );
    assert.equal(Object.getPrototypeOf(node), null);
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterNodes(), typeShape);
    const [range] = await assertSameOnBothProtocols(ctx, (redis) => redis.clusterSlots());
    assert.deepStrictEqual(
      range,
      record({
        start: 0,
        end: 16383,
        nodes: [
          record({ host: range.nodes[0].host, port: ctx.server.port, id, metadata: record({}) }),
        ],
      }),
    );
    const [shard] = await assertSameOnBothProtocols(ctx, (redis) => redis.clusterShards());
    assert.equal(Object.getPrototypeOf(shard.nodes[0]), null);
    assert.equal(typeof shard.nodes[0]["replication-offset"], "number");
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterLinks());
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterMyid());
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterKeyslot("{user}:1"));
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterCountkeysinslot(5474));
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterGetkeysinslot(5474, 10));
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterCountFailureReports(id));
    await assertSameOnBothProtocols(ctx, (redis) => redis.clusterReplicas(id));
  });

  it("MYSHARDID (7.2+) and SLOT-STATS (Valkey 8+)", async (t) => {
    await ownAllSlots();
    const shard = await ctx.redis.clusterMyshardid().catch((error) => error);
    if (skipUnsupported(t, shard)) return;
    assert.match(shard, /^[0-9a-f]{40}$/);
    const stats = await ctx.redis.clusterSlotStats({ slotsrange: { start: 0, end: 1 } }).catch((
      error,
    ) => error);
    if (skipUnsupported(t, stats)) return;
    assert.ok(Array.isArray(stats));
    assert.deepStrictEqual(stats.map((entry: { slot: number }) => entry.slot), [0, 1]);
  });
}, clusterServer);

describe("cluster replies of a master and its replica over RESP2 and RESP3", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Poll `check` until it holds (or fail after about 10 s). */
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      if (await check()) return;
      await sleep(20);
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  it("NODES, REPLICAS, SLOTS (metadata), SHARDS, LINKS, ROLE: the same over both", async () => {
    const args = [...clusterServer.args, "--repl-diskless-sync-delay", "0"];
    const master = await startServer({ args });
    const replica = await startServer({
      args: [...args, "--cluster-announce-hostname", "replica.keel.test"],
    });
    try {
      await using resp2 = await Redis.connect({ port: master.port, protocol: 2 });
      await using resp3 = await Redis.connect({ port: master.port, protocol: 3 });
      await using other = await Redis.connect({ port: replica.port });
      await resp2.configSet({ "cluster-preferred-endpoint-type": "hostname" });
      await resp2.clusterAddslotsrange({ start: 0, end: 16383 });
      const masterId = await resp2.clusterMyid();
      await resp2.clusterMeet("127.0.0.1", replica.port);
      await until(
        "the nodes know each other",
        async () => (await other.clusterNodes()).some((node) => node.id === masterId),
      );
      await other.clusterReplicate(masterId);
      // A replica is "loading" until its offset moves: write something.
      await until("the replica is online", async () => {
        await resp2.incr("{writes}").catch(() => 0); // CLUSTERDOWN until the state is ok
        const [shard] = await resp2.clusterShards();
        return shard?.nodes.length === 2 && shard.nodes.every((node) => node.health === "online") &&
          (await resp2.clusterLinks()).length === 2;
      });
      const same = async <T>(
        command: (redis: Redis) => Promise<T>,
        normalize: (reply: T) => unknown = (reply) => reply,
      ): Promise<T> => {
        const reply2 = await command(resp2);
        assert.deepStrictEqual(normalize(reply2), normalize(await command(resp3)));
        return reply2;
      };
      const volatileNode = (node: object) => without(node, "pingSent", "pongReceived");
      await same((redis) => redis.clusterNodes(), (nodes) => nodes.map(volatileNode));
      await same((redis) => redis.clusterNodes(), typeShape);
      const [replicaNode] = await same(
        (redis) => redis.clusterReplicas(masterId),
        (nodes) => nodes.map(volatileNode),
      );
      assert.equal(replicaNode.master, masterId);
      assert.deepStrictEqual(replicaNode.flags, ["slave"]);
      const [range] = await same((redis) => redis.clusterSlots());
      assert.equal(range.nodes.length, 2);
      assert.equal(range.nodes[1].host, "replica.keel.test");
      assert.deepStrictEqual(range.nodes[1].metadata, record({ ip: "127.0.0.1" }));
      const volatileShard = (shard: { slots: number[]; nodes: object[] }) => ({
        ...shard,
        nodes: shard.nodes.map((node) => without(node, "replication-offset")),
      });
      const [shard] = await same(
        (redis) => redis.clusterShards(),
        (shards) => shards.map(volatileShard),
      );
      await same((redis) => redis.clusterShards(), typeShape);
      assert.equal(shard.nodes[1].hostname, "replica.keel.test");
      const links = await same((redis) => redis.clusterLinks(), typeShape);
      assert.equal(Object.getPrototypeOf(links[0]), null);
      assert.deepStrictEqual(links.map((link) => link.direction).sort(), ["from", "to"]);
      const role = await same((redis) => redis.role(), typeShape);
      assert.equal(role.role, "master");
      await same(
        (redis) => redis.clusterInfo(),
        (info) =>
          without(
            info,
            "cluster_stats_messages_sent",
            "cluster_stats_messages_received",
            "cluster_stats_messages_ping_sent",
            "cluster_stats_messages_ping_received",
            "cluster_stats_messages_pong_sent",
            "cluster_stats_messages_pong_received",
            "cluster_stats_messages_meet_sent",
            "cluster_stats_messages_meet_received",
          ),
      );
    } finally {
      await replica.stop();
      await master.stop();
    }
  });
});

describe("cluster commands on a standalone server", () => {
  it("answer a typed ResponseError; FLUSHSLOTS and RESET on a fresh cluster node work", async () => {
    const standalone = await startServer();
    const node = await startServer(clusterServer);
    try {
      await using redis = await Redis.connect({ port: standalone.port });
      await assert.rejects(
        redis.clusterInfo(),
        (error: unknown) =>
          error instanceof ResponseError && /cluster support disabled/i.test(error.message),
      );
      await using fresh = await Redis.connect({ port: node.port });
      assert.equal(await fresh.clusterFlushslots(), "OK");
      assert.equal(await fresh.clusterMeet("127.0.0.1", 1, 2), "OK");
      assert.throws(() => fresh.clusterMeet("127.0.0.1", 0), DataError);
      assert.equal(await fresh.clusterReset("soft"), "OK");
      assert.equal(await fresh.clusterReset(), "OK");
    } finally {
      await standalone.stop();
      await node.stop();
    }
  });
});
