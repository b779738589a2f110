/**
 * The blocking client on its own: what the shared command tests (run on it
 * through `asAsync`) do not show — large values through the shared slots,
 * timeouts, lost servers, TLS and Unix sockets, and a process that exits
 * without close().
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import {
  AuthenticationError,
  ClientClosedError,
  ConnectionError,
  ExecAbortError,
  RedisSync,
  TimeoutError,
  WrongTypeError,
} from "../sync.ts";
import { startServer, type TestServer } from "./support/server.ts";

/**
 * Where the blocking client's socket lives: on the caller's thread through
 * libc (Deno with --allow-ffi, Bun, on Linux), or in a socket worker (the
 * rest, and `KEEL_SYNC_WORKER=1`). Both run the tests below where both exist.
 */
const DEFAULT_CHANNEL = "default channel";
const CHANNELS = "Bun" in globalThis || "Deno" in globalThis
  ? [DEFAULT_CHANNEL, "socket worker"]
  : [DEFAULT_CHANNEL];
function useChannel(channel: string): void {
  if (channel === "socket worker") process.env.KEEL_SYNC_WORKER = "1";
  else delete process.env.KEEL_SYNC_WORKER;
}

for (const channel of CHANNELS) {
  describe(`RedisSync (${channel})`, () => {
    let server: TestServer;
    let redis: RedisSync;
    before(async () => {
      useChannel(channel);
      server = await startServer({ tls: true, unixSocket: true });
      redis = RedisSync.connect({ port: server.port });
    });
    after(async () => {
      redis?.close();
      await server?.stop();
      useChannel(DEFAULT_CHANNEL);
    });

    it("runs commands, the bytes view, pipelines, transactions and scripts", () => {
      redis.flushdb();
      assert.equal(redis.set("k", "v"), "OK");
      assert.equal(redis.get("k"), "v");
      assert.deepEqual(redis.bytes.get("k"), new TextEncoder().encode("v"));
      assert.throws(() => redis.lpush("k", "x"), WrongTypeError);
      assert.deepEqual(redis.pipeline().incr("n").get("n").lpush("k", "x").exec().slice(0, 2), [
        1,
        "1",
      ]);
      assert.deepEqual(redis.multi().incr("n").incr("n").exec(), [2, 3]);
      assert.throws(() => redis.multi().set("a", "1").sendCommand(["NOPE"]).exec(), ExecAbortError);
      redis.sendCommand(["SCRIPT", "FLUSH"]);
      const bump = redis.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
      assert.equal(bump.run(["s"], [5]), 5);
      assert.deepEqual(redis.pipeline().runScript(bump, ["s"], [1]).exec(), [6]);
      assert.equal(redis.protocol, 3);
    });

    it("a pipeline of 10,000 commands, and scan generators over every key", () => {
      redis.flushdb();
      const pipeline = redis.pipeline();
      for (let i = 0; i < 10_000; i++) pipeline.set(`key:${i}`, String(i));
      const replies = pipeline.exec();
      assert.equal(replies.length, 10_000);
      assert.ok(replies.every((reply) => reply === "OK"));
      const keys = new Set(redis.scan({ match: "key:*", count: 500 }));
      assert.equal(keys.size, 10_000);
      redis.hset("h", { a: "1", b: "2" });
      assert.deepEqual([...redis.hscan("h")].sort((x, y) => x.field < y.field ? -1 : 1), [
        { field: "a", value: "1" },
        { field: "b", value: "2" },
      ]);
    });

    it("values of 1 MiB and 8 MiB pass through the 4 MiB slots intact", () => {
      for (const size of [1 << 20, 8 << 20]) {
        const value = new Uint8Array(size);
        for (let i = 0; i < size; i++) value[i] = (i * 31 + 7) & 0xff;
        redis.set("big", value);
        assert.deepEqual(redis.bytes.get("big"), value);
        assert.equal(redis.strlen("big"), size);
      }
      const text = "é".repeat(1 << 19); // 1 MiB of UTF-8
      redis.set("text", text);
      assert.equal(redis.get("text"), text);
    });

    it("large and small replies interleaved, alone and pipelined, never stall the byte pump", () => {
      const big = "y".repeat(3 << 19); // 1.5 MiB: several socket chunks
      redis.set("big", big);
      redis.set("small", "s");
      for (let i = 0; i < 40; i++) {
        assert.equal(redis.with({ timeout: 5000 }).get("small"), "s");
        assert.equal(redis.with({ timeout: 5000 }).get("big")!.length, big.length);
        const [a, b, c] = redis.pipeline().get("big").get("small").get("big").exec();
        assert.deepEqual([(a as string).length, b, (c as string).length], [
          big.length,
          "s",
          big.length,
        ]);
      }
    });

    it("a slow reply is TimeoutError; the late reply is dropped, later ones match", () => {
      const started = performance.now();
      assert.throws(
        () => redis.with({ timeout: 100 }).sendCommand(["DEBUG", "SLEEP", "0.3"]),
        TimeoutError,
      );
      assert.ok(performance.now() - started < 290);
      assert.equal(redis.echo("after"), "after");
      assert.equal(redis.blpop(["empty-list"], 0.2), null, "blocking commands wait for the server");
    });

    it("connects over TLS and over a Unix socket; selects the URL's database", () => {
      using tls = RedisSync.connect({
        url: `rediss://localhost:${server.tlsPort}`,
        tls: { ca: server.tls!.ca },
      });
      assert.equal(tls.echo("over tls"), "over tls");
      using unix = RedisSync.connect(`unix://${server.socketPath}?db=3`);
      unix.set("in-db-3", "x");
      assert.equal(unix.sendCommand(["CLIENT", "INFO"])!.toString().includes("db=3"), true);
      assert.equal(redis.get("in-db-3"), null);
    });

    it("refused, unauthenticated and closed clients throw typed errors", () => {
      assert.throws(() => RedisSync.connect({ port: 1 }), ConnectionError);
      assert.throws(
        () => RedisSync.connect({ port: server.port, username: "nobody", password: "wrong" }),
        AuthenticationError,
      );
      const closing = RedisSync.connect({ port: server.port });
      closing.close();
      assert.throws(() => closing.get("k"), ClientClosedError);
    });
  });

  describe(`RedisSync and a server that dies (${channel})`, () => {
    before(() => useChannel(channel));
    after(() => useChannel(DEFAULT_CHANNEL));

    it("a killed server gives ConnectionError within the timeout; a restart lets it reconnect", async () => {
      const server = await startServer();
      try {
        using redis = RedisSync.connect({ port: server.port, socketTimeout: 2000 });
        assert.equal(redis.ping(), "PONG");
        await server.kill();
        const started = performance.now();
        assert.throws(() => redis.get("k"), ConnectionError);
        assert.ok(performance.now() - started < 2000);
        await server.restart();
        assert.equal(redis.ping(), "PONG");
      } finally {
        await server.stop();
      }
    });
  });
}

describe("a script that forgets close()", () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer();
    dir = mkdtempSync(join(tmpdir(), "keel-sync-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });

  it("exits on its own, with only network permission on Deno", () => {
    const script = join(dir, "forgetful.ts");
    const syncModule = new URL("../sync.ts", import.meta.url).href;
    writeFileSync(
      script,
      `import { RedisSync } from "${syncModule}";\n` +
        `const redis = RedisSync.connect({ port: ${server.port} });\n` +
        `redis.set("forgetful", "yes");\n` +
        `console.log(redis.get("forgetful"));\n`,
    );
    const isDeno = "Deno" in globalThis;
    const args = isDeno
      ? ["run", "--no-check", `--allow-net=127.0.0.1:${server.port}`, script]
      : [script];
    const started = performance.now();
    const child = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 20_000 });
    assert.equal(child.status, 0, `exit status ${child.status}: ${child.stderr}`);
    assert.equal(child.stdout.trim(), "yes");
    console.log(
      `the forgetful script ran and exited in ${Math.round(performance.now() - started)} ms`,
    );
  });
});
