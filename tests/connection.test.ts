import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  AuthenticationError,
  AuthorizationError,
  ClientClosedError,
  ConnectionError,
  Redis,
  TimeoutError,
} from "../mod.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { record } from "./support/record.ts";

describe("handshake", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  for (const protocol of [2, 3] as const) {
    it(`speaks RESP${protocol} when asked and sets the client name`, async () => {
      await using redis = await Redis.connect({
        port: server.port,
        protocol,
        clientName: `keel-${protocol}`,
      });
      assert.equal(redis.protocol, protocol);
      assert.equal(await redis.sendCommand(["CLIENT", "GETNAME"]), `keel-${protocol}`);
      const hello = await redis.sendCommand(["HELLO"]);
      const proto = hello instanceof Map
        ? hello.get("proto")
        : (hello as unknown[])[(hello as unknown[]).indexOf("proto") + 1];
      assert.equal(proto, protocol);
    });
  }

  it("selects the database from the options and from the URL path", async () => {
    await using a = await Redis.connect({ port: server.port, db: 3 });
    await a.set("where", "db3");
    await using b = await Redis.connect(`redis://127.0.0.1:${server.port}/3`);
    assert.equal(await b.get("where"), "db3");
    await using c = await Redis.connect({ port: server.port });
    assert.equal(await c.get("where"), null);
    assert.equal(await a.del("where"), 1);
  });

  it("connects lazily on the first command", async () => {
    const redis = new Redis({ port: server.port });
    assert.equal(redis.protocol, undefined);
    assert.equal(await redis.ping(), "PONG");
    assert.equal(redis.protocol, 3);
    await redis.close();
  });

  it("a closed client rejects new commands with ClientClosedError", async () => {
    const redis = await Redis.connect({ port: server.port });
    const pending = redis.echo("sent before close");
    await redis.close();
    assert.equal(await pending, "sent before close");
    await assert.rejects(redis.get("k"), ClientClosedError);
  });

  it("a refused connection rejects with ConnectionError", async () => {
    const port = await freePort();
    await assert.rejects(Redis.connect({ port }), ConnectionError);
  });

  it("a server that never answers the handshake gives TimeoutError", async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      await assert.rejects(
        Redis.connect({ port, socketConnectTimeout: 300 }),
        (error: unknown) => error instanceof TimeoutError && /within 300 ms/.test(error.message),
      );
    } finally {
      silent.close();
    }
  });
});

describe("a server without HELLO (as before Redis 6)", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({
      args: ["--rename-command", "HELLO", "", "--requirepass", "old-pw"],
    });
  });
  after(async () => {
    await server?.stop();
  });

  it("falls back to RESP2 with AUTH and CLIENT SETNAME", async () => {
    await using redis = await Redis.connect({
      port: server.port,
      password: "old-pw",
      clientName: "legacy",
    });
    assert.equal(redis.protocol, 2);
    assert.equal(await redis.sendCommand(["CLIENT", "GETNAME"]), "legacy");
    await redis.hset("h", { a: "1" });
    assert.deepEqual(await redis.hgetall("h"), record({ a: "1" }));
  });
});

describe("authentication", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({
      args: [
        "--requirepass",
        "s3cret-pw",
        ...["--user", "alice", "on", ">alice-pw", "~app:*", "+get", "+set", "+ping", "+hello"],
        ...["+client", "+select"],
      ],
    });
  });
  after(async () => {
    await server?.stop();
  });

  for (const protocol of [2, 3] as const) {
    it(`authenticates with requirepass over RESP${protocol}`, async () => {
      await using redis = await Redis.connect({
        port: server.port,
        password: "s3cret-pw",
        protocol,
      });
      assert.equal(await redis.ping(), "PONG");
    });

    it(`authenticates an ACL user over RESP${protocol}`, async () => {
      await using redis = await Redis.connect(
        `redis://alice:alice-pw@127.0.0.1:${server.port}?protocol=${protocol}`,
      );
      assert.equal(await redis.sendCommand(["ACL", "WHOAMI"]).catch((e) => e.code), "NOPERM");
      assert.equal(await redis.set("app:x", "1"), "OK");
      await assert.rejects(redis.set("other", "1"), AuthorizationError);
    });

    it(`a wrong password is AuthenticationError without the password in it (RESP${protocol})`, async () => {
      await assert.rejects(
        Redis.connect({ port: server.port, username: "alice", password: "not-the-pw", protocol }),
        (error: unknown) => {
          assert.ok(error instanceof AuthenticationError, String(error));
          assert.ok(!String(error.message).includes("not-the-pw"));
          return true;
        },
      );
    });
  }

  it("no password on a protected server is AuthenticationError", async () => {
    await assert.rejects(Redis.connect({ port: server.port }), AuthenticationError);
  });
});

describe("timeouts, cancellation and lost connections", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it("a command slower than socketTimeout rejects with TimeoutError; the connection stays usable", async () => {
    await using redis = await Redis.connect({ port: server.port, socketTimeout: 200 });
    const started = Date.now();
    await assert.rejects(redis.sendCommand(["DEBUG", "SLEEP", "0.6"]), TimeoutError);
    assert.ok(Date.now() - started < 550, "timed out before the sleep ended");
    assert.equal(await redis.with({ timeout: 2000 }).ping(), "PONG");
  });

  it("an AbortSignal rejects the wait with its reason; later replies still match", async () => {
    await using redis = await Redis.connect({ port: server.port });
    const controller = new AbortController();
    const slow = redis.with({ signal: controller.signal }).sendCommand(["DEBUG", "SLEEP", "0.2"]);
    const next = redis.echo("after");
    controller.abort(new Error("gave up"));
    await assert.rejects(slow, /gave up/);
    assert.equal(await next, "after");
    await assert.rejects(redis.with({ signal: controller.signal }).ping(), /gave up/);
  });

  it("killing the server rejects every pending command with ConnectionError; the next command reconnects", async () => {
    await using redis = await Redis.connect({ port: server.port, socketTimeout: 5000 });
    const slow = redis.sendCommand(["DEBUG", "SLEEP", "2"]);
    const pending: Promise<unknown>[] = Array.from(
      { length: 100 },
      (_, i) => redis.echo(String(i)),
    );
    pending.push(redis.pipeline().echo("a").echo("b").exec());
    const settled = Promise.allSettled([slow, ...pending]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.kill();
    const results = await settled;
    assert.ok(Date.now() - started < 2000);
    for (const result of results) {
      assert.equal(result.status, "rejected");
      assert.ok((result as PromiseRejectedResult).reason instanceof ConnectionError);
    }
    await server.restart();
    assert.equal(await redis.ping(), "PONG");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("TLS and Unix sockets", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ tls: true, unixSocket: true });
  });
  after(async () => {
    await server?.stop();
  });

  it("connects with rediss:// and the CA given in tls options", async () => {
    await using redis = await Redis.connect({
      url: `rediss://localhost:${server.tlsPort}`,
      tls: { ca: server.tls!.ca },
    });
    assert.equal(await redis.echo("over tls"), "over tls");
  });

  it("verifies certificates by default: an unknown CA is a ConnectionError", async () => {
    await assert.rejects(
      Redis.connect({ url: `rediss://localhost:${server.tlsPort}`, socketConnectTimeout: 5000 }),
      ConnectionError,
    );
  });

  it("connects over a unix:// URL", async () => {
    await using redis = await Redis.connect(`unix://${server.socketPath}?db=2`);
    await redis.set("where", "unix");
    await using tcp = await Redis.connect({ port: server.port, db: 2 });
    assert.equal(await tcp.get("where"), "unix");
  });
});
