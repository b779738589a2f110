import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ConnectionError,
  ConstantBackoff,
  type ReconnectingEvent,
  Redis,
  TimeoutError,
} from "../mod.ts";
import { startServer } from "./support/server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("reconnecting", () => {
  it("reconnects with the backoff and emits reconnecting; commands issued meanwhile wait and run", async () => {
    const server = await startServer();
    try {
      await using redis = await Redis.connect({
        port: server.port,
        reconnect: { backoff: new ConstantBackoff(50) },
      });
      const attempts: ReconnectingEvent[] = [];
      redis.events.addEventListener("reconnecting", (event) => attempts.push(event));
      let ready = 0;
      redis.events.addEventListener("ready", () => ready++);
      await redis.set("k", "before");
      await server.kill();
      await sleep(150);
      const waiting = redis.set("k", "during");
      await server.restart();
      assert.equal(await waiting, "OK");
      assert.equal(await redis.get("k"), "during");
      assert.ok(attempts.length >= 1);
      assert.deepEqual(attempts.map((event) => event.attempt), attempts.map((_, i) => i + 1));
      assert.ok(attempts.every((event) => event.delay === 50));
      assert.equal(ready, 1);
    } finally {
      await server.stop();
    }
  });

  it("with the offline queue off, commands reject at once while reconnecting", async () => {
    const server = await startServer();
    try {
      await using redis = await Redis.connect({ port: server.port, offlineQueue: false });
      await server.kill();
      await sleep(50);
      const started = performance.now();
      await assert.rejects(redis.get("k"), /offline queue is off/);
      assert.ok(performance.now() - started < 100);
      await server.restart();
      for (let i = 0; i < 100; i++) {
        if (await redis.ping().then(() => true, () => false)) break;
        await sleep(20);
      }
      assert.equal(await redis.ping(), "PONG");
    } finally {
      await server.stop();
    }
  });

  it("a command waiting for a server that stays down rejects after its timeout", async () => {
    const server = await startServer();
    try {
      await using redis = await Redis.connect({ port: server.port, socketTimeout: 300 });
      await server.kill();
      await sleep(50);
      const started = performance.now();
      await assert.rejects(redis.get("k"), TimeoutError);
      const waited = performance.now() - started;
      assert.ok(waited >= 250 && waited < 1500, `waited ${waited} ms`);
    } finally {
      await server.stop();
    }
  });
});

describe("health checks", () => {
  it("an idle connection whose server stops answering is found dead within interval + timeout", async () => {
    const server = await startServer();
    try {
      await using redis = await Redis.connect({
        port: server.port,
        healthCheckInterval: 100,
        socketTimeout: 200,
        reconnect: { backoff: new ConstantBackoff(50) },
      });
      await using other = await Redis.connect({ port: server.port });
      const found = new Promise<{ error: unknown; after: number }>((resolve) => {
        const started = performance.now();
        redis.events.addEventListener("error", (event) => {
          resolve({ error: event.error, after: performance.now() - started });
        }, { once: true });
      });
      await other.sendCommand(["CLIENT", "PAUSE", "1000", "ALL"]);
      const { error, after } = await found;
      assert.ok(error instanceof ConnectionError);
      assert.match((error as Error).message, /health check/);
      assert.ok(after < 700, `found after ${after} ms`);
      let pong: unknown;
      for (let attempt = 0; attempt < 100 && pong === undefined; attempt++) {
        pong = await redis.ping().catch(() => sleep(30).then(() => undefined));
      }
      assert.equal(pong, "PONG", "reconnected once the server answers again");
    } finally {
      await server.stop();
    }
  });
});
