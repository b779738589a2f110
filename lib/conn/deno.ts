/**
 * The Deno transport: `Deno.connect` for TCP and Unix sockets, then
 * `Deno.startTls` for TLS. TLS settings Deno's own TLS handles badly or not at
 * all (a client certificate, `rejectUnauthorized: false`, TLS over a Unix
 * socket) go through `node:tls` instead, which Deno supports.
 *
 * @module
 */
import { connectNode } from "./node.ts";
import type { Transport, TransportHandlers, TransportOptions } from "./transport.ts";

/** Bytes read per `conn.read`; the buffer is reused for every read. */
const READ_BUFFER_SIZE = 64 * 1024;

/**
 * Open a socket with Deno's own networking. Needs `--allow-net` for TCP and
 * TLS, `--allow-read` and `--allow-write` for a Unix socket.
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
): Promise<Transport> {
  const tls = options.tls;
  if (tls !== undefined && needsNodeTls(options)) return connectNode(options, handlers);
  if (options.path !== undefined) {
    return new DenoTransport(
      await Deno.connect({ transport: "unix", path: options.path }),
      handlers,
    );
  }
  const tcp = await Deno.connect({ hostname: options.host, port: options.port });
  tcp.setNoDelay(true);
  tcp.setKeepAlive(true);
  if (tls === undefined) return new DenoTransport(tcp, handlers);
  let conn: Deno.TlsConn | undefined;
  try {
    conn = await Deno.startTls(tcp, {
      hostname: tls.servername ?? options.host,
      caCerts: typeof tls.ca === "string" ? [tls.ca] : tls.ca,
    });
    // Deno's handshake is lazy; run it now so a bad certificate fails the connect.
    await conn.handshake();
  } catch (error) {
    try {
      (conn ?? tcp).close();
    } catch {
      // startTls consumed the TCP connection already.
    }
    throw error;
  }
  return new DenoTransport(conn, handlers);
}

/**
 * Whether the TLS settings need `node:tls`. Deno's own TLS cannot skip
 * verification nor run over a Unix socket, and only `Deno.connectTls` takes a
 * client certificate, on a socket without `TCP_NODELAY`: Nagle's algorithm
 * then delays writes by up to 40 ms.
 */
function needsNodeTls({ path, tls }: TransportOptions): boolean {
  if (tls === undefined) return false;
  return tls.rejectUnauthorized === false || path !== undefined || tls.cert !== undefined ||
    tls.key !== undefined;
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
