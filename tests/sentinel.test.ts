/**
 * The client behind Redis Sentinel: one master, one replica and three
 * sentinels started by the test support; a forced failover
 * (SENTINEL FAILOVER) with the client following the new master.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConnectionError, ReadOnlyError, Redis, ResponseError, TimeoutError } from "../mod.ts";
import { startSentinels, type TestSentinels } from "./support/cluster.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The port of the server a client is connected to. */
async function portOf(redis: Redis): Promise<number> {
  return Number((await redis.info("server")).server.tcp_port);
}

describe("Sentinel", () => {
  let set: TestSentinels;
  const options = () => ({
    name: set.name,
    // One seed is enough: the others are learnt from it.
    sentinels: [`127.0.0.1:${set.sentinelPorts[0]}`],
  });
  before(async () => {
    set = await startSentinels();
  });
  after(async () => {
    await set?.stop();
  });

  it("connects to the master the sentinels name (one seed sentinel is enough)", async () => {
    await using redis = await Redis.connect({ sentinel: options() });
    const role = (await redis.sendCommand(["ROLE"])) as unknown[];
    assert.equal(role[0], "master");
    assert.equal(await portOf(redis), set.master.port);
    assert.equal(await redis.set("k", "v"), "OK");
  });

  it("role: replica connects to the replica: reads work, writes are READONLY", async () => {
    await using writer = await Redis.connect({ sentinel: options() });
    await writer.set("replicated", "yes");
    await using reader = await Redis.connect({ sentinel: { ...options(), role: "replica" } });
    assert.equal(((await reader.sendCommand(["ROLE"])) as unknown[])[0], "slave");
    for (let i = 0; i < 50 && (await reader.get("replicated")) !== "yes"; i++) await sleep(50);
    assert.equal(await reader.get("replicated"), "yes");
    await assert.rejects(reader.set("x", "1"), ReadOnlyError);
  });

  it("an unknown name or no reachable sentinel is a ConnectionError", async () => {
    await assert.rejects(
      Redis.connect({ sentinel: { ...options(), name: "nobody" }, reconnect: false }),
      ConnectionError,
    );
    await assert.rejects(
      Redis.connect({ sentinel: { name: set.name, sentinels: ["127.0.0.1:1"] }, reconnect: false }),
      ConnectionError,
    );
  });

  it("SENTINEL FAILOVER: the client follows the new master; writes succeed or fail typed, none hang", async () => {
    await using redis = await Redis.connect({ sentinel: options(), socketTimeout: 3000 });
    const before = await portOf(redis);
    const acknowledged: string[] = [];
    const failed: unknown[] = [];
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const started = performance.now();
        try {
          await redis.set(`w:${i}`, String(i));
          acknowledged.push(`w:${i}`);
        } catch (error) {
          failed.push(error);
        }
        assert.ok(performance.now() - started < 10_000, `write ${i} hung`);
        await sleep(10);
      }
    })();
    await sleep(200);
    await using sentinel = await Redis.connect({ port: set.sentinelPorts[1] });
    assert.equal(await sentinel.sendCommand(["SENTINEL", "FAILOVER", set.name]), "OK");
    // Wait until the client writes to another server.
    let after = before;
    const deadline = Date.now() + 30_000;
    while (after === before) {
      if (Date.now() > deadline) throw new Error("the client did not follow the failover");
      await sleep(200);
      after = await portOf(redis).catch(() => before);
    }
    const count = acknowledged.length;
    for (let i = 0; i < 50 && acknowledged.length < count + 5; i++) await sleep(50);
    stop = true;
    await load;
    assert.equal(after, set.replica.port, "the former replica is the master now");
    assert.equal(((await redis.sendCommand(["ROLE"])) as unknown[])[0], "master");
    for (const error of failed) {
      assert.ok(
        error instanceof ConnectionError || error instanceof TimeoutError ||
          error instanceof ResponseError,
        `typed: ${error}`,
      );
    }
    const values = await redis.mget(...acknowledged);
    const missing = acknowledged.filter((_, i) => values[i] === null);
    console.log(
      `sentinel failover: ${acknowledged.length} writes acknowledged, ${failed.length} rejected (typed), ${missing.length} acknowledged but missing`,
    );
    assert.ok(acknowledged.length > count, "writes go on after the failover");
    assert.equal(missing.length, 0);
  });
});
