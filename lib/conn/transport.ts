/**
 * The contract between a Connection and the runtime's sockets. Each runtime
 * (Deno, Bun, Node) implements {@link ConnectTransport} in its own file; the
 * rest of keel only sees this interface.
 *
 * @module
 */
import type { TlsOptions } from "../auth/tls_options.ts";

/** Where and how to open a socket. */
export interface TransportOptions {
  /** Host name or address, for TCP. */
  host: string;
  /** TCP port. */
  port: number;
  /** Unix socket path; when set, host and port are ignored. */
  path?: string;
  /** TLS settings; when set, the connection is TLS. */
  tls?: TlsOptions;
}

/** What a transport reports back to its owner. */
export interface TransportHandlers {
  /**
   * Bytes arrived. The chunk is only valid during the call: the transport
   * may reuse its memory afterwards, so the receiver copies what it keeps.
   */
  onData(chunk: Uint8Array): void;
  /** The socket closed, by either side; `error` says why when it failed. */
  onClose(error?: Error): void;
  /**
   * The TCP (or Unix) connection is open; with TLS, the handshake starts
   * now. Optional: for messages that say which step did not finish.
   */
  onSocketOpen?(): void;
}

/** An open socket. */
export interface Transport {
  /**
   * Write all of `bytes`. Returns `undefined` when the bytes were fully taken
   * (the caller may reuse the memory at once), or a promise that settles when
   * they were, after which the memory may be reused. Rejects, or throws, when
   * the socket is closed.
   */
  write(bytes: Uint8Array): Promise<void> | undefined;
  /** Close the socket. `onClose` is called once, afterwards. Idempotent. */
  close(): void;
  /** Let the open socket keep the process alive (the default). Idempotent. */
  ref(): void;
  /**
   * Stop the open socket from keeping the process alive: it still reads and
   * writes while something else does. Idempotent.
   */
  unref(): void;
}

/**
 * Open a socket. Rejects with an `Error` when the connection cannot be made;
 * the caller adds timeouts and wraps the error. Aborting `signal` gives up:
 * the socket is closed whatever step it is at (TCP connect, TLS handshake),
 * and the promise rejects.
 */
export type ConnectTransport = (
  options: TransportOptions,
  handlers: TransportHandlers,
  signal?: AbortSignal,
) => Promise<Transport>;
