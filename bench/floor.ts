/**
 * The runtime's own limit for one command waiting for the last: a raw
 * socket loop (write a GET, wait for its whole reply, repeat) on the
 * runtime's own TCP API (Deno.connect, Bun.connect) or on `node:net`. No
 * parsing, no promise per command beyond the one the loop awaits: what is
 * left is the kernel, the event loop and the server.
 *
 * `bench/compare.ts` prints it as the first row of its table, so every run
 * shows keel's sequential rates as a fraction of this floor.
 *
 * @module
 */
import { connect as connectNode } from "node:net";

/** A socket that sends one request and resolves when its whole reply is in. */
export interface RawLoop {
  /** Write the request and wait until `replyLength` bytes came back. */
  trip(): Promise<void>;
  close(): void;
}

/** Which socket API the loop uses. */
export type RawSocketApi = "Deno.connect" | "Bun.connect" | "node:net";

/**
 * The length of the reply to GET of a value of `valueLength` bytes:
 * `$<length>\r\n<value>\r\n`.
 *
 * @example
 * ```ts
 * bulkReplyLength(64); // 71
 * ```
 */
export function bulkReplyLength(valueLength: number): number {
  return 1 + String(valueLength).length + 2 + valueLength + 2;
}

/**
 * Open a raw loop that sends `GET key` to `127.0.0.1:port` and counts
 * `replyLength` bytes as the reply.
 *
 * @example
 * ```ts
 * const loop = await rawLoop("node:net", 6379, "k", bulkReplyLength(64));
 * for (let i = 0; i < 1000; i++) await loop.trip();
 * loop.close();
 * ```
 */
export function rawLoop(
  api: RawSocketApi,
  port: number,
  key: string,
  replyLength: number,
): Promise<RawLoop> {
  const keyBytes = new TextEncoder().encode(key).length;
  const request = new TextEncoder().encode(`*2\r\n$3\r\nGET\r\n$${keyBytes}\r\n${key}\r\n`);
  if (api === "Deno.connect") return denoLoop(port, request, replyLength);
  if (api === "Bun.connect") return bunLoop(port, request, replyLength);
  return nodeLoop(port, request, replyLength);
}

/** The socket API of the runtime running this file. */
export function runtimeSocketApi(): RawSocketApi {
  return "Deno" in globalThis ? "Deno.connect" : "Bun" in globalThis ? "Bun.connect" : "node:net";
}

/**
 * Round trips over a socket whose data arrives by callback: `write` sends
 * the request, `onData` hears each chunk's length, and a trip resolves once
 * the whole reply is in.
 */
function callbackTrips(
  request: Uint8Array,
  replyLength: number,
  write: (bytes: Uint8Array) => void,
): { trip(): Promise<void>; onData(length: number): void } {
  let received = 0;
  let done: (() => void) | undefined;
  return {
    trip() {
      const reply = new Promise<void>((resolve) => done = resolve);
      write(request);
      return reply;
    },
    onData(length) {
      received += length;
      if (received >= replyLength) {
        received -= replyLength;
        done?.();
      }
    },
  };
}

async function nodeLoop(port: number, request: Uint8Array, replyLength: number): Promise<RawLoop> {
  const socket = connectNode({ host: "127.0.0.1", port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const { trip, onData } = callbackTrips(request, replyLength, (bytes) => socket.write(bytes));
  socket.on("data", (chunk: Uint8Array) => onData(chunk.length));
  return { trip, close: () => socket.destroy() };
}

async function denoLoop(port: number, request: Uint8Array, replyLength: number): Promise<RawLoop> {
  // deno-lint-ignore no-explicit-any
  const deno = (globalThis as any).Deno;
  const conn = await deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const buffer = new Uint8Array(64 * 1024);
  return {
    async trip() {
      await conn.write(request);
      let received = 0;
      while (received < replyLength) received += (await conn.read(buffer)) ?? replyLength;
    },
    close: () => conn.close(),
  };
}

async function bunLoop(port: number, request: Uint8Array, replyLength: number): Promise<RawLoop> {
  // deno-lint-ignore no-explicit-any
  const bun = (globalThis as any).Bun;
  let write = (_: Uint8Array): void => {};
  const { trip, onData } = callbackTrips(request, replyLength, (bytes) => write(bytes));
  const socket = await bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      binaryType: "uint8array",
      data: (_: unknown, chunk: Uint8Array) => onData(chunk.length),
    },
  });
  socket.setNoDelay?.(true);
  write = (bytes) => socket.write(bytes);
  return { trip, close: () => socket.end() };
}
