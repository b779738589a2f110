/**
 * The Node transport: `node:net` for TCP and Unix sockets, `node:tls` for
 * TLS. Also what Deno uses for TLS settings its own TLS lacks. The modules
 * are imported on first use, so importing this file costs nothing elsewhere.
 *
 * @module
 */
import type { Socket } from "node:net";
import { tlsKey } from "../auth/tls_options.ts";
import type { Transport, TransportHandlers, TransportOptions } from "./transport.ts";

/**
 * Open a socket with `node:net` or `node:tls`.
 *
 * The chunks given to `onData` are fresh `Buffer`s, never reused.
 *
 * @example
 * ```ts
 * const transport = await connectNode({ host: "127.0.0.1", port: 6379 }, {
 *   onData: (chunk) => console.log(new TextDecoder().decode(chunk)), // "+PONG\r\n"
 *   onClose: (error) => console.log("closed", error),
 * });
 * await transport.write(new TextEncoder().encode("PING\r\n"));
 * ```
 */
export async function connectNode(
  options: TransportOptions,
  handlers: TransportHandlers,
  signal?: AbortSignal,
): Promise<Transport> {
  const { host, port, path, tls } = options;
  signal?.throwIfAborted();
  let socket: Socket;
  if (tls === undefined) {
    const net = await import("node:net");
    socket = path === undefined ? net.connect({ host, port }) : net.connect({ path });
  } else {
    const nodeTls = await import("node:tls");
    socket = nodeTls.connect({
      ...(path === undefined ? { host, port } : { path }),
      ca: tls.ca,
      cert: tls.cert,
      key: tlsKey(tls),
      servername: tls.servername,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
    });
  }
  const transport = new NodeTransport(socket, handlers);
  if (handlers.onSocketOpen !== undefined) socket.once("connect", handlers.onSocketOpen);
  const giveUp = () => transport.abort(signal!.reason);
  signal?.addEventListener("abort", giveUp, { once: true });
  try {
    await transport.opening(tls === undefined ? "connect" : "secureConnect");
  } finally {
    signal?.removeEventListener("abort", giveUp);
  }
  if (path === undefined) {
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
  }
  return transport;
}

/** A write waiting for its callback. */
interface PendingWrite {
  /** The number of `socket.write` calls up to and including this one. */
  count: number;
  resolve(): void;
  reject(error: Error): void;
}

class NodeTransport implements Transport {
  readonly #socket: Socket;
  readonly #handlers: TransportHandlers;
  #error: Error | undefined;
  /** `socket.write` calls made, and their callbacks received (they come in order). */
  #issued = 0;
  #completed = 0;
  readonly #pending: PendingWrite[] = [];

  /** Settles the connect: resolves on the ready event, rejects on an early error. */
  #opened: { resolve(): void; reject(error: Error): void } | undefined;
  /** The connect failed: the caller got the error, `onClose` stays silent. */
  #failed = false;

  constructor(socket: Socket, handlers: TransportHandlers) {
    this.#socket = socket;
    this.#handlers = handlers;
    socket.on("data", this.#onData);
    socket.on("error", (error: Error) => {
      if (this.#opened === undefined) this.#error ??= error;
      else this.#opened.reject(error);
    });
    socket.once("close", () => {
      const unfinished = this.#pending.splice(0);
      if (unfinished.length > 0) {
        const failure = new Error("the socket closed before the write finished", {
          cause: this.#error,
        });
        for (const write of unfinished) write.reject(failure);
      }
      if (this.#opened !== undefined) {
        this.#opened.reject(this.#error ?? new Error("the socket closed while connecting"));
      } else if (!this.#failed) handlers.onClose(this.#error);
    });
  }

  /** Wait for `event`; the socket is destroyed when the connect fails. */
  opening(event: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#opened = {
        resolve: () => {
          this.#opened = undefined;
          resolve();
        },
        reject: (error) => {
          this.#opened = undefined;
          this.#failed = true;
          this.#socket.destroy();
          reject(error);
        },
      };
      this.#socket.once(event, this.#opened.resolve);
    });
  }

  write(bytes: Uint8Array): Promise<void> | undefined {
    const socket = this.#socket;
    if (socket.destroyed) throw new Error("the socket is closed");
    this.#issued++;
    socket.write(bytes, this.#afterWrite);
    // Nothing left in the stream's buffer: the bytes went to the kernel already.
    if (socket.writableLength === 0) return undefined;
    return new Promise(this.#capture);
  }

  close(): void {
    this.#socket.destroy();
  }

  ref(): void {
    this.#socket.ref();
  }

  unref(): void {
    this.#socket.unref();
  }

  /** Give up connecting: destroy the socket, whatever step it is at; the connect rejects. */
  abort(reason: unknown): void {
    this.#opened?.reject(reason instanceof Error ? reason : new Error(String(reason)));
  }

  readonly #capture = (resolve: () => void, reject: (error: Error) => void): void => {
    this.#pending.push({ count: this.#issued, resolve, reject });
  };

  readonly #afterWrite = (error?: Error | null): void => {
    this.#completed++;
    const pending = this.#pending;
    // Node calls back without an error for a write cut short by `destroy()`.
    if (error || this.#socket.destroyed) {
      const failure = error ?? new Error("the socket closed before the write finished");
      for (const write of pending.splice(0)) write.reject(failure);
      return;
    }
    while (pending.length > 0 && pending[0].count <= this.#completed) pending.shift()!.resolve();
  };

  readonly #onData = (chunk: Uint8Array): void => {
    try {
      this.#handlers.onData(chunk);
    } catch (error) {
      this.#error ??= error instanceof Error ? error : new Error(String(error));
      this.#socket.destroy();
    }
  };
}
