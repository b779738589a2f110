/**
 * The blocking client's two byte channels: a libc socket on the caller's
 * thread where the runtime allows it (Deno with --allow-ffi, Bun; Linux;
 * IPv4 or localhost or a Unix socket, no TLS), else a socket worker. Which
 * one serves which address, and how the libc socket meets a refused port,
 * a silent server, a server that hangs up mid-reply, and large replies.
 * (`tests/sync.test.ts` runs the blocking client's behaviours on both.)
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { openLibcSocket } from "../lib/sync/libc_socket.ts";
import { ConnectionError, RedisSync, TimeoutError } from "../sync.ts";
import { freePort, startServer, type TestServer } from "./support/server.ts";
import { skipTest } from "./support/skip.ts";

/** Deno (tests run with -A, so FFI is granted) and Bun on Linux have the libc socket. */
const LIBC = process.platform === "linux" && ("Bun" in globalThis || "Deno" in globalThis);
const encode = (text: string) => new TextEncoder().encode(text);

/** A test of the libc socket itself: skipped, saying why, where there is none. */
function itLibc(name: string, test: () => void | Promise<void>): void {
  it(name, (t) => {
    if (!LIBC) return skipTest(t, "skipped: no FFI on Node; the blocking client uses its worker");
    return test();
  });
}
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** What a hostile peer does with each connection. */
type PeerMode = "hang up" | "reset" | "silent" | "slow reader";

/**
 * A TCP peer on loopback in a process of its own (the libc socket blocks
 * this thread: a peer here could not run while it waits), doing `mode`
 * with each connection. Raw bytes, not Redis.
 */
async function startPeer(mode: PeerMode, size = 0): Promise<{ port: number; stop(): void }> {
  const code = `import("node:net").then(({ createServer }) => {
    const mode = ${JSON.stringify(mode)};
    const server = createServer((socket) => {
      socket.on("error", () => {});
      if (mode === "hang up" || mode === "reset") {
        socket.once("data", () => {
          socket.write("$10\\r\\nhel");
          setTimeout(() => mode === "reset" && socket.resetAndDestroy ? socket.resetAndDestroy() : socket.end(), 50);
        });
      } else if (mode === "slow reader") {
        let got = 0;
        socket.pause();
        setTimeout(() => socket.resume(), 300);
        socket.on("data", (chunk) => {
          got += chunk.length;
          if (got >= ${size}) socket.write("got " + got + "\\n");
        });
      } else socket.on("data", () => {});
    });
    server.listen(0, "127.0.0.1", () => console.log(server.address().port));
  });`;
  const runtime = "Deno" in globalThis ? ["eval", code] : ["-e", code];
  const child = spawn(process.execPath, runtime, { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (line: Uint8Array) => resolve(Number(decode(line).trim())));
    child.once("exit", (code) => reject(new Error(`the peer exited (${code})`)));
  });
  return { port, stop: () => child.kill("SIGKILL") };
}

describe("the libc socket serves what it can, and only that", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ tls: true, unixSocket: true });
  });
  after(async () => {
    await server?.stop();
  });

  it(`${LIBC ? "serves" : "does not serve (no FFI here)"} IPv4, localhost and Unix sockets`, () => {
    for (
      const options of [
        { host: "127.0.0.1", port: server.port },
        { host: "localhost", port: server.port },
        { host: "", port: 0, path: server.socketPath! },
      ]
    ) {
      const socket = openLibcSocket(options, "test", 2000);
      assert.equal(socket !== undefined, LIBC, JSON.stringify(options));
      if (socket === undefined) continue;
      socket.write(encode("*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n"), Date.now() + 2000);
      assert.equal(decode(socket.read(Date.now() + 2000)), "$2\r\nhi\r\n");
      assert.equal(socket.isOpen, true);
      socket.close();
      assert.equal(socket.isOpen, false);
      assert.throws(() => socket.read(Date.now() + 100), ConnectionError);
    }
  });

  it("leaves TLS, host names, IPv6 and KEEL_SYNC_WORKER=1 to the socket worker", () => {
    const port = server.port;
    assert.equal(openLibcSocket({ host: "127.0.0.1", port, tls: {} }, "t", 1000), undefined);
    assert.equal(openLibcSocket({ host: "redis.invalid", port }, "t", 1000), undefined);
    assert.equal(openLibcSocket({ host: "::1", port }, "t", 1000), undefined);
    assert.equal(openLibcSocket({ host: "127.0.0.256", port }, "t", 1000), undefined);
    assert.equal(openLibcSocket({ host: "", port: 0, path: "a\0b" }, "t", 1000), undefined);
    process.env.KEEL_SYNC_WORKER = "1";
    try {
      assert.equal(openLibcSocket({ host: "127.0.0.1", port }, "t", 1000), undefined);
    } finally {
      delete process.env.KEEL_SYNC_WORKER;
    }
  });
});

describe("the libc socket against hostile peers", () => {
  itLibc("a refused port is ConnectionError naming ECONNREFUSED, at once", async () => {
    const port = await freePort();
    const started = performance.now();
    assert.throws(() => openLibcSocket({ host: "127.0.0.1", port }, `127.0.0.1:${port}`, 5000), (
      error: unknown,
    ) => {
      assert.ok(error instanceof ConnectionError, String(error));
      assert.match(
        error.message,
        new RegExp(`could not connect to 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
      );
      return true;
    });
    assert.ok(performance.now() - started < 1000);
  });

  itLibc(
    "a server that never answers: the read times out on time; the socket stays usable",
    async () => {
      const { port, stop } = await startPeer("silent");
      try {
        const socket = openLibcSocket({ host: "127.0.0.1", port }, "silent", 2000)!;
        socket.write(encode("PING\r\n"), Date.now() + 1000);
        const started = performance.now();
        assert.throws(() => socket.read(Date.now() + 200), TimeoutError);
        const elapsed = performance.now() - started;
        assert.ok(elapsed >= 190 && elapsed < 1500, `timed out after ${elapsed} ms`);
        assert.equal(socket.isOpen, true);
        socket.close();
      } finally {
        stop();
      }
    },
  );

  itLibc(
    "a server that hangs up mid-reply, or resets: ConnectionError, and every later call too",
    async () => {
      for (const end of ["hang up", "reset"] as const) {
        const { port, stop } = await startPeer(end);
        try {
          const socket = openLibcSocket({ host: "127.0.0.1", port }, "hangs up", 2000)!;
          socket.write(encode("GET k\r\n"), Date.now() + 1000);
          assert.equal(decode(socket.read(Date.now() + 1000)), "$10\r\nhel");
          assert.throws(() => socket.read(Date.now() + 2000), (error: unknown) => {
            assert.ok(error instanceof ConnectionError, String(error));
            assert.match(
              error.message,
              end === "reset"
                ? /ECONNRESET|closed the connection/
                : /the server closed the connection/,
            );
            return true;
          });
          assert.equal(socket.isOpen, false);
          assert.throws(() => socket.write(encode("PING\r\n"), Date.now() + 100), ConnectionError);
          socket.close();
        } finally {
          stop();
        }
      }
    },
  );

  itLibc(
    "writes larger than the kernel takes at once, to a reader that is slow, arrive whole",
    async () => {
      const size = 24 << 20;
      const { port, stop } = await startPeer("slow reader", size);
      try {
        const socket = openLibcSocket({ host: "127.0.0.1", port }, "slow reader", 2000)!;
        socket.write(new Uint8Array(size).fill(7), Date.now() + 10_000);
        assert.equal(decode(socket.read(Date.now() + 10_000)), `got ${size}\n`);
        socket.close();
      } finally {
        stop();
      }
    },
  );
});

describe("RedisSync on the libc socket: large values gathered in one read", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  itLibc("values of 16 B to 32 MiB, text and bytes, alone and pipelined, come back exact", () => {
    using redis = RedisSync.connect({ port: server.port });
    for (const size of [16, 65_535, 65_536, 65_537, 1 << 20, 5 << 20, 32 << 20]) {
      const value = new Uint8Array(size);
      for (let i = 0; i < size; i++) value[i] = (i * 7 + size) & 0x7f;
      redis.set("v", value);
      assert.deepEqual(redis.bytes.get("v"), value, `${size} bytes`);
      const text = redis.get("v")!;
      assert.equal(text.length, size);
      assert.equal(text, decode(value));
      const [a, b] = redis.pipeline().get("v").strlen("v").exec();
      assert.equal((a as string).length, size);
      assert.equal(b, size);
    }
  });
});
