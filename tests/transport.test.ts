import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, afterEach, before, describe, it } from "node:test";
import { connectTransport } from "../lib/conn/connect_transport.ts";
import { connectNode } from "../lib/conn/node.ts";
import type { ConnectTransport, Transport, TransportOptions } from "../lib/conn/transport.ts";
import type { TlsOptions } from "../lib/auth/tls_options.ts";
import { startServer, type TestServer } from "./support/server.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const WAIT_MS = 10_000;

/** Encode a command as a RESP array of bulk strings, by hand. */
function command(...args: (string | Uint8Array)[]): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === "string" ? encoder.encode(arg) : arg;
    parts.push(encoder.encode(`$${bytes.byteLength}\r\n`), bytes, encoder.encode("\r\n"));
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function timeout(ms: number, what: string): { promise: Promise<never>; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/** A transport plus what it reported: the bytes received and every `onClose` call. */
class Probe {
  transport!: Transport;
  readonly closes: (Error | undefined)[] = [];
  readonly closed: Promise<Error | undefined>;
  #chunks: Uint8Array[] = [];
  #size = 0;
  #wanted = 0;
  #wake: (() => void) | undefined;
  #markClosed!: (error: Error | undefined) => void;

  constructor() {
    this.closed = new Promise((resolve) => this.#markClosed = resolve);
  }

  onData(chunk: Uint8Array): void {
    this.#chunks.push(chunk.slice()); // the chunk is only valid during the call
    this.#size += chunk.byteLength;
    if (this.#size >= this.#wanted) this.#wake?.();
  }

  onClose(error?: Error): void {
    this.closes.push(error);
    this.#markClosed(error);
    this.#wake?.();
  }

  async send(bytes: Uint8Array): Promise<void> {
    await this.transport.write(bytes);
  }

  /** The next `length` bytes received; rejects when the socket closes first. */
  async read(length: number): Promise<Uint8Array> {
    const limit = timeout(WAIT_MS, `waiting for ${length} bytes`);
    try {
      while (this.#size < length) {
        if (this.closes.length > 0) throw new Error("the socket closed", { cause: this.closes[0] });
        this.#wanted = length;
        await Promise.race([new Promise<void>((resolve) => this.#wake = resolve), limit.promise]);
      }
    } finally {
      limit.clear();
    }
    const all = concat(this.#chunks);
    this.#chunks = [all.subarray(length)];
    this.#size = all.byteLength - length;
    return all.subarray(0, length);
  }

  async expect(reply: string): Promise<void> {
    assert.equal(decoder.decode(await this.read(encoder.encode(reply).byteLength)), reply);
  }

  /** Wait for `onClose`, then a little more to catch a second call. */
  async waitClosed(): Promise<void> {
    const limit = timeout(WAIT_MS, "waiting for onClose");
    try {
      await Promise.race([this.closed, limit.promise]);
    } finally {
      limit.clear();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const runtime = globalThis as { Deno?: unknown; Bun?: unknown };
const transports: [string, ConnectTransport][] = [["connectTransport", connectTransport]];
// Deno falls back to node:tls for some TLS settings; cover the Node transport on every runtime.
if (runtime.Deno !== undefined || runtime.Bun !== undefined) {
  transports.push(["connectNode", connectNode]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

for (const [name, connect] of transports) {
  describe(`${name} against redis-server`, () => {
    let server: TestServer;
    let probes: Probe[] = [];

    before(async () => {
      // Client certificates optional here, so TLS without one is tested too.
      server = await startServer({
        tls: true,
        unixSocket: true,
        args: ["--tls-auth-clients", "optional"],
      });
    });
    after(async () => {
      await server?.stop();
    });
    afterEach(() => {
      for (const probe of probes) probe.transport?.close();
      probes = [];
    });

    async function open(options: Partial<TransportOptions>): Promise<Probe> {
      const probe = new Probe();
      probe.transport = await connect(
        { host: server.host, port: server.port, ...options },
        { onData: (chunk) => probe.onData(chunk), onClose: (error) => probe.onClose(error) },
      );
      probes.push(probe);
      return probe;
    }

    function tlsTo(tls: TlsOptions): Partial<TransportOptions> {
      return { port: server.tlsPort!, tls };
    }

    it("answers PING over TCP", async () => {
      const probe = await open({});
      await probe.send(encoder.encode("PING\r\n"));
      await probe.expect("+PONG\r\n");
    });

    it("answers PING over a Unix socket", async () => {
      const probe = await open({ host: "ignored.invalid", port: 1, path: server.socketPath! });
      await probe.send(command("PING"));
      await probe.expect("+PONG\r\n");
    });

    it("answers PING over TLS with the test CA", async () => {
      const probe = await open(tlsTo({ ca: server.tls!.ca }));
      await probe.send(command("PING"));
      await probe.expect("+PONG\r\n");
    });

    it("rejects a TLS server whose certificate no configured CA signed", async () => {
      await assert.rejects(open(tlsTo({})));
    });

    it("checks the certificate against `servername`", async () => {
      const { ca } = server.tls!;
      await assert.rejects(open(tlsTo({ ca, servername: "not-this-server.invalid" })));
      const probe = await open(tlsTo({ ca, servername: "localhost" }));
      await probe.send(command("PING"));
      await probe.expect("+PONG\r\n");
    });

    it("connects without verification when rejectUnauthorized is false", async () => {
      const probe = await open(tlsTo({ rejectUnauthorized: false }));
      await probe.send(command("PING"));
      await probe.expect("+PONG\r\n");
    });

    it("presents the client certificate to a server that requires one", async () => {
      const strict = await startServer({ tls: true, args: ["--tls-auth-clients", "yes"] });
      try {
        const { ca, clientCert, clientKey } = strict.tls!;
        const options = { host: strict.host, port: strict.tlsPort! };
        const probe = await open({ ...options, tls: { ca, cert: clientCert, key: clientKey } });
        await probe.send(command("PING"));
        await probe.expect("+PONG\r\n");
        // Without one the server refuses: during the connect, or (TLS 1.3) right after.
        await assert.rejects(async () => {
          const refused = await open({ ...options, tls: { ca } });
          await refused.send(command("PING"));
          await refused.expect("+PONG\r\n");
        });
      } finally {
        for (const probe of probes) probe.transport.close();
        probes = [];
        await strict.stop();
      }
    });

    it("keeps back-to-back writes in order", async () => {
      const probe = await open({});
      const writes = ["a", "b", "c"].map((word) => probe.transport.write(command("ECHO", word)));
      await Promise.all(writes);
      await probe.expect("$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
    });

    for (const over of ["TCP", "TLS"] as const) {
      it(`writes and reads back a 16 MiB value over ${over}`, async () => {
        const { ca, clientCert, clientKey } = server.tls!;
        const probe = await open(
          over === "TCP" ? {} : tlsTo({ ca, cert: clientCert, key: clientKey }),
        );
        const size = 16 * 1024 * 1024;
        const value = new Uint8Array(size);
        for (let i = 0; i < size; i++) value[i] = 97 + (i % 26);
        const key = `transport:big:${over}:${name}`;
        await probe.send(command("SET", key, value));
        await probe.expect("+OK\r\n");
        await probe.send(command("STRLEN", key));
        await probe.expect(`:${size}\r\n`);
        await probe.send(command("GET", key));
        await probe.expect(`$${size}\r\n`);
        assert.deepEqual(await probe.read(size), value);
        await probe.expect("\r\n");
        await probe.send(command("DEL", key));
        await probe.expect(":1\r\n");
      });
    }

    it("close() calls onClose once, afterwards, without an error", async () => {
      const probe = await open({});
      await probe.send(command("PING"));
      await probe.expect("+PONG\r\n");
      probe.transport.close();
      probe.transport.close();
      assert.equal(probe.closes.length, 0);
      await probe.waitClosed();
      assert.deepEqual(probe.closes, [undefined]);
      await assert.rejects(async () => await probe.transport.write(command("PING")));
    });

    it("close() over TLS calls onClose once", async () => {
      const probe = await open(tlsTo({ ca: server.tls!.ca }));
      probe.transport.close();
      await probe.waitClosed();
      assert.deepEqual(probe.closes, [undefined]);
    });

    it("calls onClose once when the server is killed", async () => {
      const doomed = await startServer();
      let killed = false;
      try {
        const probe = await open({ port: doomed.port });
        await probe.send(command("PING"));
        await probe.expect("+PONG\r\n");
        await doomed.kill();
        killed = true;
        await probe.waitClosed();
        assert.equal(probe.closes.length, 1);
        await assert.rejects(async () => await probe.transport.write(command("PING")));
      } finally {
        if (!killed) await doomed.stop();
      }
    });

    it("rejects a connect to a closed port", async () => {
      const port = await freePort();
      await assert.rejects(open({ port }));
    });

    it("rejects a connect to a missing Unix socket", async () => {
      await assert.rejects(open({ path: "/nonexistent/keel-transport-test.sock" }));
    });
  });
}
