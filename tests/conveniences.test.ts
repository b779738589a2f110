/**
 * Client conveniences (issue 16): `duplicate(overrides)`, `status`, the
 * `valkey://` and `valkeys://` schemes, and the default URL from
 * `REDIS_URL` / `VALKEY_URL` (read on Deno only when env access is already
 * granted; checked in child processes running
 * `tests/fixtures/conveniences/default_url.ts`, killed after a hard bound).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { ClientClosedError, ConnectionError, Redis, RedisCluster } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { parseRedisUrl } from "../lib/client/redis_url.ts";
import { resolveClusterOptions } from "../lib/cluster/cluster_options.ts";
import { expectDataError } from "./support/data_error.ts";
import { freePort, startServer, type TestServer } from "./support/server.ts";
import { skipTest } from "./support/skip.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const isDeno = "Deno" in globalThis;

/** The reconnecting/ready status a client passes through, seen from its events. */
function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (performance.now() > deadline) reject(new Error(`not within ${ms} ms`));
      else setTimeout(check, 20);
    };
    check();
  });
}

describe("valkey:// and valkeys:// URLs", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  expectNoUnhandledRejections();

  it("parse as redis:// and rediss:// do", () => {
    assert.deepEqual(
      parseRedisUrl("valkey://alice:pw@h.example:6380/2?name=app"),
      parseRedisUrl("redis://alice:pw@h.example:6380/2?name=app"),
    );
    assert.deepEqual(parseRedisUrl("valkeys://h.example:6380"), {
      host: "h.example",
      port: 6380,
      tls: true,
    });
    assert.equal(parseRedisUrl("valkey://h.example").tls, undefined);
  });

  it("connect the async client", async () => {
    await using redis = new Redis(`valkey://127.0.0.1:${server.port}/3`);
    assert.equal(await redis.ping(), "PONG");
    assert.equal((await redis.clientInfo()).db, "3");
  });

  it("connect the blocking client", () => {
    using redis = new RedisSync(`valkey://127.0.0.1:${server.port}/4`);
    assert.equal(redis.ping(), "PONG");
    assert.equal((redis.clientInfo()).db, "4");
  });

  it("name cluster seed nodes", () => {
    const resolved = resolveClusterOptions({
      nodes: ["valkey://127.0.0.1:7000", "valkeys://h:7001"],
    });
    assert.deepEqual(resolved.seeds, ["127.0.0.1:7000", "h:7001"]);
  });

  it("other schemes are still refused, naming the known ones", () => {
    expectDataError("http", () => new Redis("http://h"), /redis:, rediss:, valkey:, valkeys:/);
  });
});

describe("status", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  expectNoUnhandledRejections();

  it("is idle before first use, connecting, ready, then closed", async () => {
    const redis = new Redis({ port: server.port });
    assert.equal(redis.status, "idle");
    const connected = redis.connect();
    assert.equal(redis.status, "connecting");
    await connected;
    assert.equal(redis.status, "ready");
    await redis.close();
    assert.equal(redis.status, "closed");
  });

  it("a command of a lazy client makes it connecting", async () => {
    await using redis = new Redis({ port: server.port });
    const reply = redis.ping();
    assert.equal(redis.status, "connecting");
    assert.equal(await reply, "PONG");
    assert.equal(redis.status, "ready");
  });

  it("is reconnecting after a loss, and ready again", async () => {
    await using redis = await Redis.connect({ port: server.port });
    await using killer = await Redis.connect({ port: server.port });
    const seen: string[] = [];
    redis.events.addEventListener("reconnecting", () => seen.push(redis.status));
    redis.events.addEventListener("error", () => {});
    await killer.sendCommand(["CLIENT", "KILL", "ID", String(await redis.clientId())]);
    await until(() => seen.length > 0);
    assert.equal(seen[0], "reconnecting");
    assert.equal(await redis.ping(), "PONG");
    assert.equal(redis.status, "ready");
  });

  it("is idle after a loss with reconnect off, and after a failed connect", async () => {
    await using redis = await Redis.connect({ port: server.port, reconnect: false });
    await using killer = await Redis.connect({ port: server.port });
    redis.events.addEventListener("error", () => {});
    await killer.sendCommand(["CLIENT", "KILL", "ID", String(await redis.clientId())]);
    await until(() => redis.status !== "ready");
    assert.equal(redis.status, "idle");
    assert.equal(await redis.ping(), "PONG");
    assert.equal(redis.status, "ready");

    await using refused = new Redis({ port: await freePort(), socketConnectTimeout: 2000 });
    refused.events.addEventListener("error", () => {});
    await assert.rejects(refused.connect(), ConnectionError);
    assert.equal(refused.status, "idle");
  });
});

describe("status of the blocking client and of a cluster client", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  expectNoUnhandledRejections();

  it("RedisSync: idle before first use, ready, idle after a loss (the next command connects), closed", async () => {
    const redis = new RedisSync({ port: server.port });
    assert.equal(redis.status, "idle");
    assert.equal(redis.ping(), "PONG");
    assert.equal(redis.status, "ready");
    await using killer = await Redis.connect({ port: server.port });
    await killer.sendCommand(["CLIENT", "KILL", "ID", String(redis.clientId())]);
    assert.throws(() => redis.ping(), ConnectionError);
    assert.equal(redis.status, "idle");
    assert.equal(redis.ping(), "PONG");
    assert.equal(redis.status, "ready");
    redis.close();
    assert.equal(redis.status, "closed");
    assert.throws(() => redis.ping(), ClientClosedError);
    assert.equal(redis.status, "closed");
  });

  it("RedisCluster: idle until it reads the slot map, connecting while it does, ready, closed", async () => {
    // A one-node cluster of its own: every slot on it.
    const node = await startServer({
      args: ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"],
    });
    try {
      await using admin = await Redis.connect({ port: node.port });
      await admin.sendCommand(["CLUSTER", "ADDSLOTSRANGE", 0, 16383]);
      const cluster = new RedisCluster({ nodes: [{ port: node.port }] });
      assert.equal(cluster.status, "idle");
      const first = cluster.set("status:k", "v");
      assert.equal(cluster.status, "connecting");
      assert.equal(await first, "OK");
      assert.equal(cluster.status, "ready");
      await cluster.close();
      assert.equal(cluster.status, "closed");
    } finally {
      await node.stop();
    }
  });
});

describe("duplicate", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ args: ["--requirepass", "s3cret"] });
  });
  after(async () => {
    await server?.stop();
  });
  expectNoUnhandledRejections();

  it("has the same options, its own connection, and outlives the original", async () => {
    const redis = new Redis(`redis://:s3cret@127.0.0.1:${server.port}/2?name=app`);
    await using copy = redis.duplicate();
    assert.notEqual(copy, redis);
    assert.equal(copy.status, "idle");
    const [a, b] = [await redis.clientId(), await copy.clientId()];
    assert.notEqual(a, b);
    assert.equal((await copy.clientInfo()).db, "2");
    assert.equal(await copy.clientGetname(), "app");
    await redis.close();
    assert.equal(copy.status, "ready");
    assert.equal(await copy.ping(), "PONG");
  });

  it("takes overrides, checked as the constructor's options", async () => {
    await using redis = new Redis({ port: server.port, password: "s3cret", db: 2 });
    await using copy = redis.duplicate({ db: 5, clientName: "reports" });
    assert.equal((await copy.clientInfo()).db, "5");
    assert.equal(await copy.clientGetname(), "reports");
    assert.equal((await redis.clientInfo()).db, "2");
    expectDataError("unknown key", () => redis.duplicate({ dbb: 1 } as never), /did you mean 'db'/);
    expectDataError("bad value", () => redis.duplicate({ db: -1 }), /db: expected an integer/);
    expectDataError("not an object", () => redis.duplicate(5 as never), /duplicate: expected/);
  });

  it("a url override stands for the server and login; host replaces a socket path", async () => {
    await using redis = new Redis({ path: "/nonexistent.sock", db: 7, password: "wrong" });
    await using copy = redis.duplicate({ url: `redis://:s3cret@127.0.0.1:${server.port}` });
    assert.equal((await copy.clientInfo()).db, "0");
    await using byHost = redis.duplicate({ port: server.port, password: "s3cret" });
    assert.equal((await byHost.clientInfo()).db, "7");
  });

  it("shares no pool, subscriber or cache", async () => {
    await using redis = new Redis({ port: server.port, password: "s3cret", cache: true });
    await using copy = redis.duplicate();
    await redis.set("dup:k", "v");
    await redis.get("dup:k");
    await redis.get("dup:k");
    assert.equal(redis.cacheStats?.hits, 1);
    assert.equal(copy.cacheStats?.hits, 0);
    assert.equal(copy.cacheStats?.entries, 0);
    await using held = await redis.acquire();
    assert.equal(redis.poolStats.inUse, 1);
    assert.equal(copy.poolStats.inUse, 0);
    const sub = await copy.subscribe("dup:news");
    const message = sub[Symbol.asyncIterator]().next();
    await redis.publish("dup:news", "hello");
    assert.equal((await message).value?.message, "hello");
    await sub.unsubscribe();
    await copy.close();
    assert.equal(redis.status, "ready");
    assert.equal(await held.ping(), "PONG");
  });

  it("a credentials stream (an async generator) is followed by both clients", async () => {
    async function* tokens() {
      yield { password: "s3cret" };
      await new Promise(() => {}); // no rotation; never ends
    }
    await using redis = new Redis({ port: server.port, credentials: tokens() });
    await using copy = redis.duplicate();
    assert.equal(await redis.ping(), "PONG");
    assert.equal(await copy.ping(), "PONG");
  });

  it("of a closed client is a new, usable client", async () => {
    const redis = new Redis({ port: server.port, password: "s3cret" });
    await redis.close();
    await assert.rejects(redis.ping(), ClientClosedError);
    await using copy = redis.duplicate();
    assert.equal(await copy.ping(), "PONG");
  });

  it("on a cluster client: the same options, overrides checked", async () => {
    await using cluster = new RedisCluster({ nodes: ["redis://127.0.0.1:7000"], password: "pw" });
    await using copy = cluster.duplicate({ readFrom: "replica" });
    assert.ok(copy instanceof RedisCluster);
    assert.notEqual(copy, cluster);
    expectDataError(
      "unknown cluster key",
      () => cluster.duplicate({ readfrom: "replica" } as never),
      /readfrom/,
    );
    expectDataError(
      "bad readFrom",
      () => cluster.duplicate({ readFrom: "nowhere" as never }),
      /readFrom/,
    );
  });
});

describe("the default URL from REDIS_URL or VALKEY_URL", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  expectNoUnhandledRejections();

  /**
   * Run the fixture with `env` (and on Deno the env access `allowEnv`
   * grants, `--allow-env=<names>`); it must exit by itself within 20 s.
   */
  async function run(
    env: Record<string, string>,
    allowEnv: string[],
    args: string[] = [],
  ): Promise<string> {
    const path = fileURLToPath(new URL("./fixtures/conveniences/default_url.ts", import.meta.url));
    const flags = [`--allow-net=127.0.0.1:${server.port}`];
    if (allowEnv.length > 0) flags.push(`--allow-env=${allowEnv.join(",")}`);
    const argv = isDeno ? ["run", "--no-check", ...flags, path, ...args] : [path, ...args];
    const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
    for (const name of ["REDIS_URL", "VALKEY_URL"]) {
      if (!(name in env)) delete childEnv[name];
    }
    const child = spawn(process.execPath, argv, {
      stdio: ["ignore", "pipe", "pipe"],
      env: childEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => stdout += chunk);
    child.stderr!.on("data", (chunk) => stderr += chunk);
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>(
      (resolve) => child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    clearTimeout(killer);
    assert.equal(signal, null, `the script did not exit by itself: ${stdout} ${stderr}`);
    assert.equal(code, 0, `exit code ${code}: ${stderr}`);
    return stdout;
  }

  it("REDIS_URL is used when granted (and read from process.env on Bun)", async () => {
    const out = await run({ REDIS_URL: `redis://127.0.0.1:${server.port}/3` }, ["REDIS_URL"], [
      "ping",
    ]);
    assert.match(out, new RegExp(`"address":"127\\.0\\.0\\.1:${server.port}","db":3`));
    assert.match(out, /reply PONG/);
  });

  it("the blocking client too: REDIS_URL when granted, VALKEY_URL, and a malformed one refused", async () => {
    let out = await run({ REDIS_URL: `redis://127.0.0.1:${server.port}/4` }, ["REDIS_URL"], [
      "sync",
      "ping",
    ]);
    assert.match(out, new RegExp(`^RedisSync .*"address":"127\\.0\\.0\\.1:${server.port}","db":4`));
    assert.match(out, /reply PONG/);
    out = await run({ VALKEY_URL: `valkey://127.0.0.1:${server.port}/1` }, [
      "REDIS_URL",
      "VALKEY_URL",
    ], ["sync"]);
    assert.match(out, new RegExp(`^RedisSync .*"address":"127\\.0\\.0\\.1:${server.port}","db":1`));
    out = await run({ REDIS_URL: "redis://alice:hunter2secret@h.example:notaport" }, [
      "REDIS_URL",
    ], ["sync"]);
    assert.match(out, /^DataError REDIS_URL: /);
    assert.ok(!out.includes("hunter2secret"), out);
  });

  it("VALKEY_URL when REDIS_URL is not set", async () => {
    const out = await run(
      { VALKEY_URL: `valkey://127.0.0.1:${server.port}/1` },
      ["REDIS_URL", "VALKEY_URL"],
    );
    assert.match(out, new RegExp(`"address":"127\\.0\\.0\\.1:${server.port}","db":1`));
  });

  it("REDIS_URL first when both are set", async () => {
    const out = await run(
      { REDIS_URL: `redis://127.0.0.1:${server.port}/2`, VALKEY_URL: "redis://10.0.0.1:1/1" },
      ["REDIS_URL", "VALKEY_URL"],
    );
    assert.match(out, new RegExp(`"address":"127\\.0\\.0\\.1:${server.port}","db":2`));
  });

  it("on Deno, not without env access (and without a prompt)", async (t) => {
    if (!isDeno) return skipTest(t, "skipped: Bun and Node read process.env without permissions");
    const out = await run({ REDIS_URL: `redis://127.0.0.1:${server.port}/3` }, []);
    assert.match(out, /"address":"127\.0\.0\.1:6379","db":0/);
  });

  it("a malformed REDIS_URL is a DataError naming it, never its password", async () => {
    for (
      const url of [
        "redis://alice:hunter2secret@h.example:notaport",
        "redis://alice:hunter2secret@h.example/notadb",
        "http://alice:hunter2secret@h.example",
      ]
    ) {
      const out = await run({ REDIS_URL: url }, ["REDIS_URL"]);
      assert.match(out, /^DataError REDIS_URL: /, url);
      assert.ok(!out.includes("hunter2secret"), out);
    }
  });

  it("is not used when an address is given", async () => {
    const previous = process.env.REDIS_URL;
    process.env.REDIS_URL = "redis://10.0.0.1:1/9";
    try {
      await using redis = new Redis({ port: server.port });
      assert.equal((await redis.clientInfo()).db, "0");
      await using byUrl = new Redis(`redis://127.0.0.1:${server.port}/1`);
      assert.equal((await byUrl.clientInfo()).db, "1");
    } finally {
      if (previous === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = previous;
    }
  });
});
