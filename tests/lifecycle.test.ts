/**
 * The ends of a client's life (issue 13, items 1, 2, 3 and 9): `quit()`
 * closes every client; a script exits by itself when nothing needs the
 * client (no pending command, subscription or MONITOR), and only then; a
 * timed-out TLS connect leaves no socket behind; the blocking client's
 * connect timeout bounds its handshake. The exit tests run scripts from
 * `tests/fixtures/lifecycle/` in a child process (Deno with nothing but
 * `--allow-net=127.0.0.1:<port>`), killed after a hard bound.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import {
  ClientClosedError,
  ConnectionError,
  DataError,
  type EndEvent,
  Redis,
  RedisCluster,
  TimeoutError,
} from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { Connection } from "../lib/conn/connection.ts";
import { commandRequest } from "../lib/conn/command_request.ts";
import type { Transport } from "../lib/conn/transport.ts";
import { startCluster, type TestCluster } from "./support/cluster.ts";
import { startProxy } from "./support/proxy.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isDeno = "Deno" in globalThis;

/** A TCP listener that accepts connections and never sends a byte: a hung server. */
class SilentServer {
  readonly #server: Server;
  readonly sockets = new Set<Socket>();
  /** How many accepted connections the client closed (or reset). */
  closedByClient = 0;
  port = 0;

  constructor() {
    this.#server = createServer((socket) => {
      this.sockets.add(socket);
      socket.resume(); // read (and drop) what comes, so that the client's close is seen
      socket.on("error", () => {});
      socket.on("close", () => {
        this.sockets.delete(socket);
        this.closedByClient++;
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.port = (this.#server.address() as { port: number }).port;
    return this;
  }

  /** Resolves once no accepted connection is open any more; false after `ms`. */
  async allClosed(ms: number): Promise<boolean> {
    const until = performance.now() + ms;
    while (this.sockets.size > 0) {
      if (performance.now() > until) return false;
      await sleep(20);
    }
    return true;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** A script running in a child process, with its output so far. */
class Script {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  readonly started = performance.now();
  /** Resolves when the child exits (or is killed at the hard bound). */
  readonly exited: Promise<{ code: number | null; signal: string | null; ms: number }>;
  #killer: ReturnType<typeof setTimeout>;

  /**
   * Run `tests/fixtures/lifecycle/<name>.ts` with `args`; Deno may only
   * reach `ports` on 127.0.0.1. Killed after `killAfter` ms.
   */
  constructor(name: string, ports: number[], args: string[], killAfter: number) {
    const path = fileURLToPath(new URL(`./fixtures/lifecycle/${name}.ts`, import.meta.url));
    const allow = ports.map((port) => `127.0.0.1:${port}`).join(",");
    const argv = isDeno ? ["run", "--no-check", `--allow-net=${allow}`, path, ...args] : [
      path,
      ...args,
    ];
    this.child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout!.on("data", (chunk) => this.stdout += chunk);
    this.child.stderr!.on("data", (chunk) => this.stderr += chunk);
    this.#killer = setTimeout(() => this.child.kill("SIGKILL"), killAfter);
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => {
        clearTimeout(this.#killer);
        resolve({ code, signal, ms: performance.now() - this.started });
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when stdout has a line `line`; rejects if the script exits first. */
  async waitFor(line: string, ms = 20_000): Promise<void> {
    const until = performance.now() + ms;
    while (!this.stdout.split("\n").includes(line)) {
      if (!this.running) {
        throw new Error(`the script exited before "${line}": ${this.stdout} ${this.stderr}`);
      }
      if (performance.now() > until) throw new Error(`no "${line}" after ${ms} ms`);
      await sleep(20);
    }
  }

  /** Wait for the exit; fails when it was killed at the hard bound or failed. */
  async exitsByItself(): Promise<number> {
    const { code, signal, ms } = await this.exited;
    assert.equal(
      signal,
      null,
      `the script did not exit by itself (killed after ${Math.round(ms)} ms): ${this.stdout}`,
    );
    assert.equal(code, 0, `exit code ${code}: ${this.stderr}`);
    return ms;
  }
}

let server: TestServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});
expectNoUnhandledRejections();

describe("a connection keeps the process alive only while a caller waits", () => {
  /** A transport that records whether it is ref'd, and writes nowhere. */
  class FakeTransport implements Transport {
    refed = true;
    changes = 0;
    write(): undefined {
      return undefined;
    }
    close(): void {}
    ref(): void {
      if (!this.refed) this.changes++;
      this.refed = true;
    }
    unref(): void {
      if (this.refed) this.changes++;
      this.refed = false;
    }
  }
  const pong = new TextEncoder().encode("+PONG\r\n");

  it("ref'd while commands wait, unref'd when answered or given up, late replies or not", async () => {
    const transport = new FakeTransport();
    const connection = new Connection(transport, { address: "fake", commandTimeout: 0 });
    assert.equal(transport.refed, false, "idle from the start");
    const first = connection.send(commandRequest(["PING"]));
    const second = connection.send(commandRequest(["PING"]));
    assert.equal(transport.refed, true);
    connection.receive(pong);
    assert.equal(transport.refed, true, "one still waits");
    connection.receive(pong);
    assert.deepEqual(await Promise.all([first, second]), ["PONG", "PONG"]);
    assert.equal(transport.refed, false);
    // A command that times out: nobody waits for its late reply.
    await assert.rejects(
      connection.send(commandRequest(["PING"], undefined, false, { timeout: 20 })),
      TimeoutError,
    );
    assert.equal(transport.refed, false, "a timed-out command does not hold the process");
    const controller = new AbortController();
    const aborted = connection.send(
      commandRequest(["PING"], undefined, false, { signal: controller.signal }),
    );
    const waiting = connection.send(commandRequest(["PING"]));
    assert.equal(transport.refed, true);
    controller.abort();
    await assert.rejects(aborted);
    assert.equal(transport.refed, true, "the last command still waits");
    connection.receive(pong); // the timed-out one's
    connection.receive(pong); // the aborted one's
    assert.equal(transport.refed, true);
    connection.receive(pong);
    assert.equal(await waiting, "PONG");
    assert.equal(transport.refed, false);
    // A waiting command behind abandoned ones: unref'd as soon as it is answered.
    await assert.rejects(
      connection.send(commandRequest(["PING"], undefined, false, { timeout: 10 })),
    );
    const last = connection.send(commandRequest(["PING"]));
    await assert.rejects(
      connection.send(commandRequest(["PING"], undefined, false, { timeout: 10 })),
    );
    assert.equal(transport.refed, true);
    connection.receive(pong);
    connection.receive(pong);
    assert.equal(await last, "PONG");
    assert.equal(transport.refed, false, "only a late reply is left to come");
  });

  it("holdProcess: always (subscriptions, MONITOR), never (background reconnects)", () => {
    const transport = new FakeTransport();
    const connection = new Connection(transport, { address: "fake", commandTimeout: 0 });
    connection.holdProcess("always");
    assert.equal(transport.refed, true);
    connection.holdProcess("pending");
    assert.equal(transport.refed, false);
    connection.holdProcess("never");
    void connection.send(commandRequest(["PING"])).catch(() => {});
    assert.equal(transport.refed, false, "a background handshake does not hold the process");
    connection.holdProcess("pending");
    assert.equal(transport.refed, true);
    connection.destroy();
  });

  it("sequential commands cost two ref changes each, no more", async () => {
    const transport = new FakeTransport();
    const connection = new Connection(transport, { address: "fake", commandTimeout: 1000 });
    const before = transport.changes;
    for (let i = 0; i < 100; i++) {
      const reply = connection.send(commandRequest(["PING"]));
      connection.receive(pong);
      await reply;
    }
    assert.equal(transport.changes - before, 200);
    const batch = Array.from({ length: 100 }, () => connection.send(commandRequest(["PING"])));
    for (let i = 0; i < 100; i++) connection.receive(pong);
    await Promise.all(batch);
    assert.equal(transport.changes - before, 202, "a burst refs once and unrefs once");
  });
});

describe("quit() closes the client, as close() does", () => {
  it("Redis: the next command rejects with ClientClosedError; `end` fires; nothing reconnects", async () => {
    const redis = await Redis.connect({ port: server.port });
    let ends = 0;
    redis.events.addEventListener("end", (_: EndEvent) => ends++);
    const before = await redis.clientId();
    const inFlight = redis.set("lifecycle:quit", "1");
    assert.equal(await redis.quit(), "OK");
    assert.equal(await inFlight, "OK", "a command sent before quit() gets its reply");
    assert.equal(ends, 1);
    await assert.rejects(redis.get("lifecycle:quit"), ClientClosedError);
    await assert.rejects(redis.connect(), ClientClosedError);
    await assert.rejects(redis.subscribe("x"), ClientClosedError);
    await assert.rejects(redis.blpop(["lifecycle:list"], 1), ClientClosedError);
    await assert.rejects(redis.acquire(), ClientClosedError);
    await assert.rejects(redis.monitor(), ClientClosedError);
    // The same error as after close().
    const closed = await Redis.connect({ port: server.port });
    await closed.close();
    const [afterQuit, afterClose] = await Promise.all([
      redis.ping().catch((error) => error),
      closed.ping().catch((error) => error),
    ]);
    assert.equal(afterQuit.constructor, afterClose.constructor);
    assert.equal(afterQuit.message, afterClose.message);
    // No connection of this client is left on the server.
    await using probe = await Redis.connect({ port: server.port });
    const list = await probe.sendCommand(["CLIENT", "LIST", "ID", String(before)]);
    assert.equal(list, "");
    assert.equal(await redis.quit(), "OK", "a second quit() does nothing, as close()");
  });

  it("Redis: quit through the bytes and with() views, and sendCommand(['QUIT']), closes too", async () => {
    for (
      const quit of [
        (r: Redis) => r.bytes.quit(),
        (r: Redis) => r.with({ timeout: 1000 }).quit(),
        (r: Redis) => r.sendCommand(["QUIT"]),
        (r: Redis) => r.sendCommand(["quit"]),
      ]
    ) {
      const redis = await Redis.connect({ port: server.port });
      assert.equal(await quit(redis), "OK");
      await assert.rejects(redis.ping(), ClientClosedError);
    }
  });

  it("a pooled connection: closed and left out of the pool; the client stays open", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const connection = await redis.acquire();
    const id = await connection.clientId();
    assert.equal(await connection.quit(), "OK");
    await assert.rejects(connection.ping(), ConnectionError);
    assert.equal(redis.poolStats.size, 0);
    assert.equal(await redis.ping(), "PONG");
    const list = await redis.sendCommand(["CLIENT", "LIST", "ID", String(id)]);
    assert.equal(list, "");
  });

  it("pipelines and transactions refuse QUIT before anything is sent (every executor)", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const sync = RedisSync.connect({ port: server.port });
    try {
      const batches = [redis.pipeline(), redis.multi(), sync.pipeline(), sync.multi()];
      for (const batch of batches) {
        assert.throws(() => batch.quit(), DataError);
        assert.throws(() => batch.sendCommand(["quit"]), /after exec\(\)/);
        assert.equal(batch.length, 0);
      }
      assert.equal(await redis.ping(), "PONG");
      assert.equal(sync.ping(), "PONG");
    } finally {
      sync.close();
    }
  });

  it("RedisSync: the next command throws ClientClosedError, through any view", () => {
    for (
      const quit of [
        (r: RedisSync) => r.quit(),
        (r: RedisSync) => r.bytes.quit(),
        (r: RedisSync) => r.sendCommand(["QUIT"]),
      ]
    ) {
      const redis = RedisSync.connect({ port: server.port });
      redis.set("lifecycle:sync", "1");
      assert.equal(quit(redis), "OK");
      assert.throws(() => redis.get("lifecycle:sync"), ClientClosedError);
      assert.throws(() => redis.connect(), ClientClosedError);
    }
  });
});

describe("quit() on RedisCluster", () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  it("closes every node connection; later commands reject with ClientClosedError", async () => {
    const client = await RedisCluster.connect({ nodes: cluster.urls });
    await client.set("lifecycle:{a}", "1");
    assert.equal(await client.quit(), "OK");
    await assert.rejects(client.get("lifecycle:{a}"), ClientClosedError);
    await assert.rejects(client.dbsize(), ClientClosedError);
    await assert.rejects(client.subscribe("lifecycle"), ClientClosedError);
    await assert.rejects(client.ssubscribe("lifecycle"), ClientClosedError);
    const other = await RedisCluster.connect({ nodes: cluster.urls });
    await other.close();
    await assert.rejects(other.get("lifecycle:{a}"), ClientClosedError);
    const viaCommand = await RedisCluster.connect({ nodes: cluster.urls });
    assert.equal(await viaCommand.sendCommand(["QUIT"]), "OK");
    await assert.rejects(viaCommand.get("lifecycle:{a}"), ClientClosedError);
  });
});

describe("a timed-out connect leaves no socket behind", () => {
  let silent: SilentServer;
  before(async () => {
    silent = await new SilentServer().listen();
  });
  after(async () => {
    await silent?.close();
  });

  it("TLS to a server that never finishes the handshake: TimeoutError on time, saying so; the socket is closed", async () => {
    const started = performance.now();
    const closedBefore = silent.closedByClient;
    await assert.rejects(
      Redis.connect({ port: silent.port, tls: {}, socketConnectTimeout: 500 }),
      (error: unknown) => {
        assert.ok(error instanceof TimeoutError, String(error));
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${silent.port}`));
        assert.match(error.message, /within 500 ms/);
        assert.match(error.message, /TLS handshake did not complete/);
        return true;
      },
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 500 + 2000, `rejected after ${Math.round(elapsed)} ms`);
    assert.ok(await silent.allClosed(2000), "the client closed its socket");
    assert.equal(silent.closedByClient, closedBefore + 1);
  });

  it("a server that accepts and never answers the handshake: TimeoutError saying so; closed", async () => {
    await assert.rejects(
      Redis.connect({ port: silent.port, socketConnectTimeout: 500 }),
      (error: unknown) => {
        assert.ok(error instanceof TimeoutError, String(error));
        assert.match(error.message, /within 500 ms: no answer to the handshake/);
        return true;
      },
    );
    assert.ok(await silent.allClosed(2000), "the client closed its socket");
  });

  it("the blocking client: socketConnectTimeout bounds the handshake too", () => {
    const started = performance.now();
    assert.throws(
      () => RedisSync.connect({ port: silent.port, socketConnectTimeout: 1000 }),
      (error: unknown) => {
        assert.ok(error instanceof TimeoutError, String(error));
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${silent.port} within 1000 ms`));
        assert.match(error.message, /no answer to the handshake/);
        return true;
      },
    );
    const elapsed = performance.now() - started;
    // Not the 30 s command timeout: the connect timeout plus a generous margin.
    assert.ok(elapsed < 1000 + 4000, `threw after ${Math.round(elapsed)} ms`);
  });

  it("the blocking client: TLS that never completes times out on time, saying so", () => {
    const started = performance.now();
    assert.throws(
      () => RedisSync.connect({ port: silent.port, tls: {}, socketConnectTimeout: 1000 }),
      (error: unknown) => {
        assert.ok(error instanceof TimeoutError, String(error));
        assert.match(error.message, /TLS handshake did not complete/);
        return true;
      },
    );
    assert.ok(performance.now() - started < 1000 + 4000);
  });
});

describe("a script exits by itself when nothing needs the client (child processes)", () => {
  /** Generous: a script exits well within this, or it hangs. */
  const KILL_AFTER = 20_000;
  let silent: SilentServer;
  before(async () => {
    silent = await new SilentServer().listen();
  });
  after(async () => {
    await silent?.close();
  });

  /**
   * Run the `reconnecting` script in `mode` through a proxy to the server,
   * and close the proxy once the script is ready: the server is gone, every
   * reconnect is refused. Resolves with the script and the proxy's port.
   */
  async function reconnectingScript(mode: string): Promise<{ script: Script; port: number }> {
    const proxy = await startProxy(server.port);
    const script = new Script("reconnecting", [proxy.port], [String(proxy.port), mode], KILL_AFTER);
    try {
      await script.waitFor("ready");
    } finally {
      await proxy.close();
    }
    return { script, port: proxy.port };
  }

  it("a reconnect waiting for a server to load its dataset holds nothing", async () => {
    const loading = await startServer();
    try {
      await using redis = await Redis.connect({ port: loading.port });
      await redis.sendCommand(["DEBUG", "POPULATE", 20_000, "key", 100]);
      await redis.sendCommand(["SAVE"]);
      const script = new Script(
        "loading_reconnect",
        [loading.port],
        [String(loading.port)],
        60_000,
      );
      await script.waitFor("ready");
      await loading.kill();
      // 20,000 keys at 1 ms each: the load lasts about 20 s.
      await loading.restart({
        args: ["--key-load-delay", "1000", "--loading-process-events-interval-bytes", "1024"],
        whileLoading: true,
      });
      await script.waitFor("connected again", 30_000);
      const connected = performance.now() - script.started;
      const exited = await script.exitsByItself();
      assert.ok(exited - connected < 5_000, `exited ${Math.round(exited - connected)} ms later`);
    } finally {
      await loading.stop();
    }
  });

  it("a client that ran a command and was never closed", async () => {
    const script = new Script("idle", [server.port], [String(server.port)], KILL_AFTER);
    await script.exitsByItself();
    assert.equal(script.stdout.trim(), "yes");
  });

  it("the same over TLS", async () => {
    const tlsServer = await startServer({ tls: true });
    try {
      const port = tlsServer.tlsPort!;
      const script = new Script("idle", [port], [String(port), tlsServer.tls!.ca], KILL_AFTER);
      await script.exitsByItself();
      assert.equal(script.stdout.trim(), "yes");
    } finally {
      await tlsServer.stop();
    }
  });

  it("after quit(): the next command rejects, `end` fired, the script exits", async () => {
    const script = new Script("quit", [server.port], [String(server.port)], KILL_AFTER);
    await script.exitsByItself();
    assert.deepEqual(script.stdout.trim().split("\n"), ["end", "OK", "ClientClosedError"]);
  });

  it("after a TLS connect that timed out (the server never finishes the handshake)", async () => {
    const script = new Script("connect_timeout", [silent.port], [String(silent.port), "tls"], 8000);
    await script.exitsByItself();
    assert.match(script.stdout, /^TimeoutError after \d+ ms: .*TLS handshake did not complete/);
    const elapsed = Number(/after (\d+) ms/.exec(script.stdout)![1]);
    assert.ok(elapsed < 1000 + 2000, `timed out after ${elapsed} ms`);
  });

  it("after a connect to a silent server that timed out", async () => {
    const script = new Script(
      "connect_timeout",
      [silent.port],
      [String(silent.port), "plain"],
      8000,
    );
    await script.exitsByItself();
    assert.match(script.stdout, /^TimeoutError after \d+ ms: .*no answer to the handshake/);
  });

  it("a live subscription keeps the script alive; after unsubscribing it exits", async () => {
    const script = new Script("subscription", [server.port], [String(server.port)], KILL_AFTER);
    await script.waitFor("subscribed");
    await sleep(1500);
    assert.ok(script.running, "a script with a live subscription exited");
    await using publisher = await Redis.connect({ port: server.port });
    assert.equal(await publisher.publish("lifecycle:control", "hello"), 1);
    await script.waitFor("message hello");
    assert.equal(await publisher.publish("lifecycle:control", "stop"), 1);
    await script.exitsByItself();
    assert.deepEqual(script.stdout.trim().split("\n"), [
      "subscribed",
      "message hello",
      "message stop",
      "unsubscribed",
    ]);
  });

  it("a client reconnecting in the background with no command waiting", async () => {
    const { script } = await reconnectingScript("idle");
    await script.exitsByItself();
    assert.deepEqual(script.stdout.trim().split("\n"), ["ready", "reconnecting"]);
  });

  it("a command waiting for the reconnect keeps the script alive until it fails, then it exits", async () => {
    const { script } = await reconnectingScript("pending");
    await script.exitsByItself();
    const lines = script.stdout.trim().split("\n");
    assert.deepEqual(lines.slice(0, 2), ["ready", "reconnecting"]);
    assert.match(lines[2] ?? "", /^failed: TimeoutError after \d+ ms$/, script.stdout);
    const waited = Number(/after (\d+) ms/.exec(lines[2])![1]);
    assert.ok(waited >= 1400, `the command failed after ${waited} ms, not its 1500 ms timeout`);
  });

  it("a command waiting without a timeout keeps it alive until the server is back", async () => {
    const { script, port } = await reconnectingScript("forever");
    let back: Server | undefined;
    try {
      await script.waitFor("reconnecting");
      await sleep(2000);
      assert.ok(script.running, "the script exited with a command still waiting");
      // The server is back on the same port: the command runs, then the script exits.
      back = createServer((client) => {
        const upstream = createConnection({ host: "127.0.0.1", port: server.port });
        for (const socket of [client, upstream]) socket.on("error", () => {});
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => back!.listen(port, "127.0.0.1", resolve));
      await script.exitsByItself();
      assert.deepEqual(script.stdout.trim().split("\n"), ["ready", "reconnecting", "got null"]);
    } finally {
      await new Promise((resolve) => back?.close(resolve) ?? resolve(undefined));
    }
  });

  it("a monitor keeps the script alive until it is closed", async () => {
    const script = new Script("monitor", [server.port], [String(server.port)], KILL_AFTER);
    await script.waitFor("monitoring");
    await sleep(1500);
    assert.ok(script.running, "a script with an open monitor exited");
    await using redis = await Redis.connect({ port: server.port });
    await redis.echo("stop");
    await script.exitsByItself();
    assert.deepEqual(script.stdout.trim().split("\n"), ["monitoring", "closed"]);
  });
});
