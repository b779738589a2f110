/**
 * The Deno transport: `Deno.connect` for TCP and Unix sockets; TLS goes
 * through `node:tls`, which Deno supports. Not Deno's own TLS
 * (`Deno.connectTls`, `Deno.startTls`): its handshake cannot be given up.
 * Closing a `startTls` connection mid-handshake rejects the handshake, but
 * the TCP socket stays open until the process ends (the TCP connection was
 * consumed, so it cannot be closed either); `connectTls` cannot even be
 * interrupted. A server that never finishes the handshake would then leak a
 * socket per connect timeout. `node:tls` sockets close whatever step they
 * are at and verify certificates and send SNI the same way; their speed is
 * close (measured here: sequential GETs about 15% slower, 1,000 concurrent
 * GETs somewhat faster).
 *
 * @module
 */
import { connectNode } from "./node.ts";
import type { Transport, TransportHandlers, TransportOptions } from "./transport.ts";

/** Bytes read per `conn.read`; the buffer is reused for every read. */
const READ_BUFFER_SIZE = 64 * 1024;

/**
 * Open a socket with Deno's own networking (TLS: `node:tls`). Needs
 * `--allow-net` for TCP and TLS, `--allow-read` and `--allow-write` for a
 * Unix socket.
 *
 * The chunks given to `onData` share one buffer that the next read reuses.
 *
 * @example
 * ```ts
 * const transport = await connectDeno({ host: "127.0.0.1", port: 6379 }, {
 *   onData: (chunk) => console.log(new TextDecoder().decode(chunk)), // "+PONG\r\n"
 *   onClose: (error) => console.log("closed", error),
 * });
 * await transport.write(new TextEncoder().encode("PING\r\n"));
 * ```
 */
export async function connectDeno(
  options: TransportOptions,
  handlers: TransportHandlers,
  signal?: AbortSignal,
): Promise<Transport> {
  if (options.tls !== undefined) return connectNode(options, handlers, signal);
  signal?.throwIfAborted();
  let conn: Deno.Conn;
  if (options.path !== undefined) {
    conn = await Deno.connect({ transport: "unix", path: options.path });
  } else {
    conn = await Deno.connect({ hostname: options.host, port: options.port, signal });
    (conn as Deno.TcpConn).setNoDelay(true);
    (conn as Deno.TcpConn).setKeepAlive(true);
  }
  if (signal?.aborted) {
    conn.close();
    throw signal.reason;
  }
  handlers.onSocketOpen?.();
  return new DenoTransport(conn, handlers);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

class DenoTransport implements Transport {
  readonly #conn: Deno.Conn;
  readonly #handlers: TransportHandlers;
  /** Set by `close()` or a failed write: the read loop's end is expected. */
  #closing = false;
  /** Why the socket was closed from this side, when it was a failure. */
  #closeError: Error | undefined;
  /** Writes in flight; later writes wait for earlier ones. */
  #writes = 0;
  #lastWrite: Promise<void> | undefined;

  constructor(conn: Deno.Conn, handlers: TransportHandlers) {
    this.#conn = conn;
    this.#handlers = handlers;
    this.#readLoop();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#closing) return Promise.reject(new Error("the socket is closed"));
    // Deno's write keeps a reference to `bytes` until it settles: always a promise.
    this.#writes++;
    if (this.#writes === 1) return this.#lastWrite = this.#writeAll(bytes);
    const next = () => this.#writeAll(bytes);
    return this.#lastWrite = this.#lastWrite!.then(next, next);
  }

  close(): void {
    this.#shut(undefined);
  }

  ref(): void {
    if (!this.#closing) this.#conn.ref();
  }

  unref(): void {
    if (!this.#closing) this.#conn.unref();
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    try {
      let offset = await this.#conn.write(bytes);
      while (offset < bytes.byteLength) {
        offset += await this.#conn.write(bytes.subarray(offset));
      }
    } catch (error) {
      if (this.#closing) throw new Error("the socket is closed", { cause: error });
      const failure = asError(error);
      this.#shut(failure);
      throw failure;
    } finally {
      this.#writes--;
    }
  }

  #shut(error: Error | undefined): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#closeError = error;
    try {
      this.#conn.close();
    } catch {
      // Already closed by the read loop.
    }
  }

  async #readLoop(): Promise<void> {
    const buffer = new Uint8Array(READ_BUFFER_SIZE);
    const conn = this.#conn;
    const handlers = this.#handlers;
    let error: Error | undefined;
    try {
      while (true) {
        const n = await conn.read(buffer);
        if (n === null) break;
        if (n > 0) handlers.onData(buffer.subarray(0, n));
      }
    } catch (caught) {
      if (!this.#closing) error = asError(caught);
    }
    // Record why before `#shut` marks the end as expected.
    error = this.#closeError ?? error;
    this.#shut(error);
    handlers.onClose(error);
  }
}
