/**
 * The Bun transport: `Bun.connect` for TCP, TLS and Unix sockets. Bun's
 * sockets do not buffer writes, so this file keeps what the kernel did not
 * take and writes it on `drain`.
 *
 * @module
 */
import { unrefTimer } from "./lifecycle.ts";
import { tlsKey } from "../auth/tls_options.ts";
import type { Transport, TransportHandlers, TransportOptions } from "./transport.ts";

/** The part of Bun's socket API used here (Bun's types are not loaded). */
interface BunSocket {
  write(data: Uint8Array, byteOffset?: number, byteLength?: number): number;
  /** Close now (unlike `end()`, which waits for the TLS peer's answer). */
  close(): void;
  terminate(): void;
  setNoDelay?(noDelay?: boolean): boolean;
  setKeepAlive?(enable?: boolean, initialDelay?: number): boolean;
  ref(): void;
  unref(): void;
}

interface BunTlsOptions {
  ca?: string | string[];
  cert?: string;
  key?: string;
  serverName?: string;
  rejectUnauthorized: boolean;
}

interface BunSocketHandler {
  /** What `data` receives; `"uint8array"` spares the view of a `Buffer` (costly on JSC). */
  binaryType?: "uint8array";
  open(socket: BunSocket): void;
  data(socket: BunSocket, data: Uint8Array): void;
  drain(socket: BunSocket): void;
  close(socket: BunSocket, error?: Error): void;
  error(socket: BunSocket, error: Error): void;
  connectError(socket: BunSocket, error: Error): void;
  handshake?(socket: BunSocket, success: boolean, authorizationError: Error | null): void;
}

type BunConnectOptions =
  & ({ hostname: string; port: number } | { unix: string })
  & { tls?: BunTlsOptions; socket: BunSocketHandler };

interface BunNamespace {
  connect(options: BunConnectOptions): Promise<BunSocket>;
}

/**
 * Open a socket with `Bun.connect`.
 *
 * The chunks given to `onData` are the plain `Uint8Array`s Bun hands over, not reused
 * by the transport.
 *
 * @example
 * ```ts
 * const transport = await connectBun({ host: "127.0.0.1", port: 6379 }, {
 *   onData: (chunk) => console.log(new TextDecoder().decode(chunk)), // "+PONG\r\n"
 *   onClose: (error) => console.log("closed", error),
 * });
 * await transport.write(new TextEncoder().encode("PING\r\n"));
 * ```
 */
export async function connectBun(
  options: TransportOptions,
  handlers: TransportHandlers,
  signal?: AbortSignal,
): Promise<Transport> {
  const { Bun } = globalThis as unknown as { Bun: BunNamespace };
  signal?.throwIfAborted();
  const transport = new BunTransport(handlers, options.tls !== undefined);
  const giveUp = () => transport.abort(signal!.reason);
  signal?.addEventListener("abort", giveUp, { once: true });
  try {
    await transport.opened(await connectSocket(Bun, options, transport));
  } finally {
    signal?.removeEventListener("abort", giveUp);
  }
  if (options.path === undefined) {
    transport.socket.setNoDelay?.(true);
    transport.socket.setKeepAlive?.(true, 0);
  }
  return transport;
}

/** `Bun.connect` with the transport's handlers; resolves once the TCP (or Unix) socket is open. */
function connectSocket(
  Bun: BunNamespace,
  options: TransportOptions,
  transport: BunTransport,
): Promise<BunSocket> {
  const tls = options.tls;
  return Bun.connect({
    ...(options.path === undefined
      ? { hostname: options.host, port: options.port }
      : { unix: options.path }),
    // Always a non-empty object: Bun treats some empty TLS objects as "no TLS".
    tls: tls === undefined ? undefined : {
      ca: tls.ca,
      cert: tls.cert,
      key: tlsKey(tls),
      serverName: tls.servername,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
    },
    socket: transport.socketHandler,
  }).catch((error: Error & { code?: string }) => {
    throw withCode(error);
  });
}

/** How long `close()` lets a TLS socket say goodbye before cutting it. */
const CLOSE_GRACE_MS = 1000;

/** Bun says only "Failed to connect"; add the code (`ECONNREFUSED`, `ENOENT`, …). */
function withCode(error: Error & { code?: string }): Error {
  const code = error.code;
  if (code === undefined || error.message.includes(code)) return error;
  return Object.assign(new Error(`${error.message} (${code})`, { cause: error }), { code });
}

/** A write the kernel has not fully taken yet. */
interface PendingWrite {
  bytes: Uint8Array;
  offset: number;
  resolve(): void;
  reject(error: Error): void;
}

/** Connect steps: waiting for the socket (and TLS handshake), open, or done. */
type State = "connecting" | "open" | "closed";

class BunTransport implements Transport {
  readonly #handlers: TransportHandlers;
  #socket: BunSocket | undefined;
  #state: State = "connecting";
  /** The TLS handshake has not finished yet. */
  #handshaking: boolean;
  #connectWaiter: { resolve(): void; reject(error: Error): void } | undefined;
  #error: Error | undefined;
  /** Writes not fully taken, oldest first; the first is being written on `drain`. */
  readonly #pending: PendingWrite[] = [];
  #terminator: ReturnType<typeof setTimeout> | undefined;

  /** Why the connect was given up (see `abort`). */
  #aborted: Error | undefined;

  constructor(handlers: TransportHandlers, tls: boolean) {
    this.#handlers = handlers;
    this.#handshaking = tls;
  }

  /** The socket, once `Bun.connect` resolved. */
  get socket(): BunSocket {
    return this.#socket!;
  }

  /** Resolves once connected (and, for TLS, the handshake succeeded). */
  opened(socket: BunSocket): Promise<void> {
    this.#socket = socket;
    if (this.#aborted !== undefined) {
      socket.terminate();
      this.#closed(this.#aborted);
    }
    if (this.#state === "closed") {
      return Promise.reject(this.#error ?? new Error("the socket closed while connecting"));
    }
    if (!this.#handshaking) {
      this.#state = "open";
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#connectWaiter = { resolve, reject });
  }

  write(bytes: Uint8Array): Promise<void> | undefined {
    const socket = this.#socket!;
    if (this.#state !== "open") throw new Error("the socket is closed");
    if (this.#pending.length > 0) return this.#queue(bytes, 0);
    const written = socket.write(bytes);
    if (written === bytes.byteLength) return undefined;
    if (written < 0) throw new Error("the socket is closed");
    return this.#queue(bytes, written);
  }

  close(): void {
    const socket = this.#socket;
    if (this.#state === "closed" || socket === undefined) return;
    // Unsent bytes are dropped either way; over TLS, `close()` would wait for the peer.
    if (this.#pending.length > 0) return socket.terminate();
    socket.close(); // may call the `close` handler at once
    // A TLS close waits for the peer when the kernel's buffer is full: bound that wait.
    if ((this.#state as State) !== "closed") {
      this.#terminator ??= unrefTimer(setTimeout(() => socket.terminate(), CLOSE_GRACE_MS));
    }
  }

  ref(): void {
    if (this.#state === "open") this.#socket!.ref();
  }

  unref(): void {
    if (this.#state === "open") this.#socket!.unref();
  }

  /** Give up connecting: cut the socket, whatever step it is at; the connect rejects. */
  abort(reason: unknown): void {
    if (this.#state !== "connecting") return;
    this.#aborted = reason instanceof Error ? reason : new Error(String(reason));
    this.#error ??= this.#aborted;
    this.#socket?.terminate();
  }

  #queue(bytes: Uint8Array, offset: number): Promise<void> {
    // Only for writes the kernel did not take at once, so a closure is cheap here.
    return new Promise((resolve, reject) => this.#pending.push({ bytes, offset, resolve, reject }));
  }

  #drain(socket: BunSocket): void {
    const pending = this.#pending;
    while (pending.length > 0) {
      const write = pending[0];
      const left = write.bytes.byteLength - write.offset;
      const written = socket.write(write.bytes, write.offset, left);
      if (written < 0) return; // closing: `close` rejects what is left
      if (written < left) {
        write.offset += written;
        return;
      }
      pending.shift();
      write.resolve();
    }
  }

  #closed(error: Error | undefined): void {
    if (this.#state === "closed") return;
    const wasOpen = this.#state === "open";
    this.#state = "closed";
    clearTimeout(this.#terminator);
    error = this.#error ?? error;
    const pending = this.#pending.splice(0);
    if (pending.length > 0) {
      const failure = new Error("the socket closed before the write finished", { cause: error });
      for (const write of pending) write.reject(failure);
    }
    if (wasOpen) {
      // Bun may call `close` inside `socket.close()`: report it afterwards.
      queueMicrotask(() => this.#handlers.onClose(error));
    } else {
      this.#connectWaiter?.reject(error ?? new Error("the socket closed while connecting"));
    }
  }

  readonly socketHandler: BunSocketHandler = {
    binaryType: "uint8array",
    open: (socket) => {
      this.#socket ??= socket;
      if (this.#aborted !== undefined) socket.terminate();
      else this.#handlers.onSocketOpen?.();
    },
    data: (_socket, data) => {
      // A throw here reaches `error` below, which closes the socket.
      this.#handlers.onData(data);
    },
    drain: (socket) => this.#drain(socket),
    close: (_socket, error) => this.#closed(error),
    error: (socket, error) => {
      this.#error ??= error;
      socket.close();
    },
    connectError: () => {
      // `Bun.connect` rejects with the same error.
    },
    handshake: (socket, success, authorizationError) => {
      this.#handshaking = false;
      if (!success) {
        this.#error ??= authorizationError ?? new Error("the TLS handshake failed");
        socket.terminate();
        return;
      }
      if (this.#state !== "connecting") return;
      this.#state = "open";
      this.#connectWaiter?.resolve();
    },
  };
}
