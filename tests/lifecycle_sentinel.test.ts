/**
 * Events and error messages name the address actually connected to: the
 * master the sentinels named (never the default `127.0.0.1:6379`), the new
 * master after a failover, a plain client's server, a cluster's seed.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  type ConnectEvent,
  ConnectionError,
  type ReadyEvent,
  Redis,
  RedisCluster,
  type RedisErrorEvent,
} from "../mod.ts";
import { startSentinels, type TestSentinels } from "./support/cluster.ts";
import { freePort, startServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every distinct `host:port` in a text (Node's own messages repeat the address keel adds). */
function addressesIn(text: string): string[] {
  return [...new Set(text.match(/\d{1,3}(?:\.\d{1,3}){3}:\d+/g))];
}

/** What a client's events said, in order. */
function record(redis: Redis) {
  const seen = { connect: [] as string[], ready: [] as string[], errors: [] as string[] };
  redis.events.addEventListener("connect", (e: ConnectEvent) => seen.connect.push(e.address));
  redis.events.addEventListener("ready", (e: ReadyEvent) => seen.ready.push(e.address));
  redis.events.addEventListener("error", (e: RedisErrorEvent) => {
    seen.errors.push(String((e.error as Error)?.message));
  });
  return seen;
}

describe("addresses in events and errors", () => {
  let set: TestSentinels;
  before(async () => {
    set = await startSentinels();
  });
  after(async () => {
    await set?.stop();
  });
  expectNoUnhandledRejections();

  it("sentinel: connect/ready name the master the sentinels named, then the new master after a failover", async () => {
    const master = `127.0.0.1:${set.master.port}`;
    const replica = `127.0.0.1:${set.replica.port}`;
    const redis = new Redis({
      sentinel: { name: set.name, sentinels: [`127.0.0.1:${set.sentinelPorts[0]}`] },
    });
    const seen = record(redis);
    try {
      assert.equal(await redis.set("k", "v"), "OK");
      assert.deepEqual(seen.connect, [master]);
      assert.deepEqual(seen.ready, [master]);

      await using sentinel = await Redis.connect({ port: set.sentinelPorts[1] });
      assert.equal(await sentinel.sendCommand(["SENTINEL", "FAILOVER", set.name]), "OK");
      const deadline = Date.now() + 30_000;
      while (seen.ready.at(-1) !== replica) {
        if (Date.now() > deadline) {
          throw new Error(`the client did not follow the failover: ready ${seen.ready}`);
        }
        await redis.set("k", "v").catch(() => {});
        await sleep(100);
      }
      const port = Number((await redis.info("server")).server.tcp_port);
      assert.equal(port, set.replica.port, "the event names the server that answers");
      assert.equal(seen.connect.at(-1), replica);
      // Whatever happened in between named one of the set's servers, never the default.
      const known = new Set([
        master,
        replica,
        ...set.sentinelPorts.map((p) => `127.0.0.1:${p}`),
      ]);
      for (const address of [...seen.connect, ...seen.ready]) {
        assert.ok(address === master || address === replica, `event address ${address}`);
      }
      for (const message of seen.errors) {
        for (const address of addressesIn(message)) {
          assert.ok(known.has(address), `error names ${address}: ${message}`);
        }
      }
    } finally {
      await redis.close();
    }
  });

  it("sentinel: a master that is down is named in the connect error and the error event", async () => {
    const master = await startServer();
    const port = master.port;
    // A sentinel set of its own would take long: a fake sentinel names this master.
    const fake = createServer((socket) => {
      let buffer = "";
      socket.on("data", (data) => {
        buffer += data.toString("latin1");
        for (let command = takeCommand(); command !== undefined; command = takeCommand()) {
          const name = command.join(" ").toUpperCase();
          if (name.startsWith("HELLO")) socket.write("-ERR unknown command 'HELLO'\r\n");
          else if (name.includes("GET-MASTER-ADDR-BY-NAME")) {
            socket.write(`*2\r\n$9\r\n127.0.0.1\r\n$${String(port).length}\r\n${port}\r\n`);
          } else if (name.startsWith("SENTINEL SENTINELS")) socket.write("*0\r\n");
          else socket.write("+OK\r\n");
        }
      });
      /** The next whole command in the buffer (an array of bulk strings), if any. */
      function takeCommand(): string[] | undefined {
        const head = /^\*(\d+)\r\n/.exec(buffer);
        if (head === null) return undefined;
        let at = head[0].length;
        const words: string[] = [];
        for (let i = 0; i < Number(head[1]); i++) {
          const bulk = /^\$(\d+)\r\n/.exec(buffer.slice(at));
          if (bulk === null) return undefined;
          at += bulk[0].length;
          if (buffer.length < at + Number(bulk[1]) + 2) return undefined;
          words.push(buffer.slice(at, at + Number(bulk[1])));
          at += Number(bulk[1]) + 2;
        }
        buffer = buffer.slice(at);
        return words;
      }
    });
    const sentinelPort = await freePort();
    await new Promise<void>((resolve) => fake.listen(sentinelPort, "127.0.0.1", resolve));
    try {
      await master.stop();
      const redis = new Redis({
        sentinel: { name: "m", sentinels: [`127.0.0.1:${sentinelPort}`] },
        reconnect: false,
        socketConnectTimeout: 2000,
      });
      const seen = record(redis);
      const error = await redis.ping().then(() => undefined, (e: Error) => e);
      assert.ok(error instanceof ConnectionError, String(error));
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}\\b`));
      assert.ok(seen.errors.some((message) => message.includes(`127.0.0.1:${port}`)));
      assert.ok(seen.errors.every((message) => !message.includes(":6379")));
      await redis.close();
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it("plain client: connect/ready, a lost connection and a refused connect name the server", async () => {
    const server = await startServer();
    const address = `127.0.0.1:${server.port}`;
    try {
      const redis = new Redis({ port: server.port });
      const seen = record(redis);
      await redis.ping();
      assert.deepEqual(seen.connect, [address]);
      assert.deepEqual(seen.ready, [address]);
      await server.kill();
      await sleep(100);
      await redis.close();
      assert.ok(seen.errors.length > 0);
      for (const message of seen.errors) assert.deepEqual(addressesIn(message), [address]);
    } finally {
      await server.stop();
    }
    const refused = await freePort();
    await assert.rejects(
      Redis.connect({ port: refused, reconnect: false }),
      (error: Error) => error instanceof ConnectionError && error.message.includes(`:${refused}`),
    );
  });

  it("cluster: an unreachable seed is named in the error", async () => {
    const refused = await freePort();
    await assert.rejects(
      RedisCluster.connect({ nodes: [`redis://127.0.0.1:${refused}`], socketConnectTimeout: 2000 }),
      (error: Error) => error.message.includes(`127.0.0.1:${refused}`),
    );
  });
});
