/**
 * Faults under a steady write load: every write that resolved is on the
 * server afterwards, every other one rejected with ConnectionError or
 * TimeoutError, none hangs. Each test prints its counts.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { ConnectionError, ConstantBackoff, Redis, TimeoutError } from "../mod.ts";
import { startProxy, type TestProxy } from "./support/proxy.ts";
import { startServer, type TestServer } from "./support/server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WRITES = 300;

describe("faults under a steady write load", () => {
  let server: TestServer;
  let proxy: TestProxy;
  let direct: Redis;
  before(async () => {
    server = await startServer({ args: ["--appendonly", "yes", "--appendfsync", "always"] });
    proxy = await startProxy(server.port);
    direct = await Redis.connect({
      port: server.port,
      reconnect: { backoff: new ConstantBackoff(20) },
    });
  });
  beforeEach(async () => {
    proxy.resume();
    await direct.flushdb();
  });
  after(async () => {
    await direct?.close();
    await proxy?.close();
    await server?.stop();
  });

  /**
   * Write `w:i` every 2 ms, run `fault` 150 ms in, then judge every write
   * and print the counts.
   */
  async function underLoad(name: string, redis: Redis, fault: () => Promise<void>) {
    const writes: Promise<unknown>[] = [];
    const load = (async () => {
      for (let i = 0; i < WRITES; i++) {
        const write = redis.set(`w:${i}`, String(i));
        write.catch(() => {}); // judged below, once all are settled
        writes.push(write);
        await sleep(2);
      }
    })();
    await sleep(150);
    await fault();
    await load;
    const outcomes = await Promise.allSettled(writes);
    await sleep(300); // let writes released late by the fault land before counting
    const counts = { acknowledged: 0, connection: 0, timeout: 0, ranAnyway: 0 };
    for (const [i, outcome] of outcomes.entries()) {
      const stored = await direct.get(`w:${i}`);
      if (outcome.status === "fulfilled") {
        counts.acknowledged++;
        assert.equal(stored, String(i), `w:${i} resolved but is missing`);
        continue;
      }
      if (outcome.reason instanceof ConnectionError) counts.connection++;
      else if (outcome.reason instanceof TimeoutError) counts.timeout++;
      else assert.fail(`w:${i} rejected with ${outcome.reason}`);
      if (stored !== null) counts.ranAnyway++;
    }
    console.log(
      `fault "${name}": ${WRITES} writes, ${counts.acknowledged} acknowledged (all found), ` +
        `${counts.connection} ConnectionError, ${counts.timeout} TimeoutError, ` +
        `${counts.ranAnyway} of the rejected ran anyway`,
    );
    assert.ok(counts.acknowledged > 0, "writes went through before and after the fault");
    return counts;
  }

  it("server killed (SIGKILL) and restarted", async () => {
    await using redis = await Redis.connect({
      port: server.port,
      socketTimeout: 3000,
      reconnect: { backoff: new ConstantBackoff(50) },
    });
    await underLoad("server SIGKILL + restart after 100 ms", redis, async () => {
      await server.kill();
      await sleep(100);
      await server.restart();
    });
  });

  it("CLIENT KILL of the client's connection", async () => {
    await using redis = await Redis.connect({
      port: server.port,
      reconnect: { backoff: new ConstantBackoff(10) },
    });
    const id = await redis.clientId();
    await underLoad("CLIENT KILL", redis, async () => {
      await direct.sendCommand(["CLIENT", "KILL", "ID", String(id)]);
    });
  });

  it("every connection dropped by a proxy", async () => {
    await using redis = await Redis.connect({
      port: proxy.port,
      reconnect: { backoff: new ConstantBackoff(10) },
    });
    await underLoad("proxy drops the connection", redis, () => Promise.resolve(proxy.dropAll()));
  });

  it("traffic stalled longer than the command timeout, then released", async () => {
    await using redis = await Redis.connect({ port: proxy.port, socketTimeout: 200 });
    const counts = await underLoad("proxy stalls 500 ms (socketTimeout 200)", redis, async () => {
      proxy.mode = "stall";
      await sleep(500);
      proxy.resume();
    });
    assert.ok(counts.timeout > 0);
  });

  it("DEBUG SLEEP longer than the command timeout", async () => {
    await using redis = await Redis.connect({ port: server.port, socketTimeout: 200 });
    const counts = await underLoad("DEBUG SLEEP 0.5 (socketTimeout 200)", redis, async () => {
      await direct.sendCommand(["DEBUG", "SLEEP", "0.5"]);
    });
    assert.ok(counts.timeout > 0);
  });
});
