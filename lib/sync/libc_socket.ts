/**
 * The blocking client's socket on the client's own thread: libc's socket
 * calls through the runtime's FFI (Deno's `Deno.dlopen` when `--allow-ffi`
 * is granted, Bun's `bun:ffi`), on Linux. A command then costs a `send`, a
 * `poll` and a `recv` on the calling thread, with no hand-over to a socket
 * worker and back (two thread wake-ups per command, which cost a quarter to
 * a third of a sequential GET's time). Plain TCP to an IPv4 address (or
 * `localhost`) and Unix sockets; everything else (TLS, host names, IPv6,
 * Node, other systems, no FFI permission) uses the worker
 * ({@link SyncChannel}), which {@link openLibcSocket} says by returning
 * `undefined`; so does the environment variable `KEEL_SYNC_WORKER=1`.
 *
 * @module
 */
import process from "node:process";
import { connectTimeoutMessage } from "../conn/open_connection.ts";
import type { TransportOptions } from "../conn/transport.ts";
import { ConnectionError, TimeoutError } from "../errors/errors.ts";
import type { SyncChannel } from "./sync_channel.ts";

/** What the blocking connection needs of its byte channel (the worker's or this one). */
export type SyncByteChannel = Pick<SyncChannel, "isOpen" | "write" | "read" | "close">;

/** The libc calls used here, with numbers for pointers' buffers and results. */
interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  connect(fd: number, address: Uint8Array, length: number): number;
  send(fd: number, bytes: Uint8Array, length: number, flags: number): number;
  recv(fd: number, into: Uint8Array, length: number, flags: number): number;
  poll(fds: Uint8Array, count: number, timeout: number): number;
  close(fd: number): number;
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, length: number): number;
  getsockopt(
    fd: number,
    level: number,
    name: number,
    value: Uint8Array,
    length: Uint8Array,
  ): number;
  errno(): number;
}

// Linux's constants (the same on x86-64 and arm64).
const AF_UNIX = 1;
const AF_INET = 2;
const SOCK_STREAM = 1;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_ERROR = 4;
const SO_KEEPALIVE = 9;
const IPPROTO_TCP = 6;
const TCP_NODELAY = 1;
const MSG_NOSIGNAL = 0x4000;
const POLLIN = 1;
const POLLOUT = 4;
const EINTR = 4;
const EAGAIN = 11;
const EINPROGRESS = 115;
/** Names of the errors a socket call may report, for messages (`ECONNREFUSED` …). */
const ERRNO_NAMES: Record<number, string> = {
  2: "ENOENT",
  13: "EACCES",
  32: "EPIPE",
  101: "ENETUNREACH",
  103: "ECONNABORTED",
  104: "ECONNRESET",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
  113: "EHOSTUNREACH",
};

/** Bytes read per `recv` at least; more when a large value is known to be coming. */
const READ_BYTES = 64 * 1024;
/** The most one `read` gathers for a large value before handing it over. */
const GATHER_LIMIT = 4 << 20;

let loaded: Libc | null | undefined;

/** libc through the runtime's FFI, or `null` where that is not possible or allowed. */
function libc(): Libc | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== "linux") return null;
  try {
    loaded = bindDeno() ?? bindBun();
  } catch {
    loaded = null;
  }
  return loaded;
}

/** `KEEL_SYNC_WORKER=1` asks for the socket worker (unreadable without Deno's --allow-env: unset). */
function workerWanted(): boolean {
  try {
    return process.env.KEEL_SYNC_WORKER === "1";
  } catch {
    return false;
  }
}

/** A call's result as a number (FFIs give 64-bit results as bigints). */
const int = (value: number | bigint): number => Number(value);

function bindDeno(): Libc | null {
  // deno-lint-ignore no-explicit-any
  const deno = (globalThis as any).Deno;
  if (deno?.dlopen === undefined) return null;
  if (deno.permissions.querySync({ name: "ffi" }).state !== "granted") return null;
  const i32 = "i32";
  const buffer = "buffer";
  const { symbols: c } = deno.dlopen("libc.so.6", {
    socket: { parameters: [i32, i32, i32], result: i32 },
    connect: { parameters: [i32, buffer, "u32"], result: i32 },
    send: { parameters: [i32, buffer, "usize", i32], result: "isize" },
    recv: { parameters: [i32, buffer, "usize", i32], result: "isize" },
    poll: { parameters: [buffer, "u64", i32], result: i32 },
    close: { parameters: [i32], result: i32 },
    setsockopt: { parameters: [i32, i32, i32, buffer, "u32"], result: i32 },
    getsockopt: { parameters: [i32, i32, i32, buffer, buffer], result: i32 },
    __errno_location: { parameters: [], result: "pointer" },
  });
  const errno = new deno.UnsafePointerView(c.__errno_location());
  return {
    socket: c.socket,
    connect: c.connect,
    send: (fd, bytes, length, flags) => int(c.send(fd, bytes, length, flags)),
    recv: (fd, into, length, flags) => int(c.recv(fd, into, length, flags)),
    poll: (fds, count, timeout) => c.poll(fds, count, timeout),
    close: c.close,
    setsockopt: c.setsockopt,
    getsockopt: c.getsockopt,
    errno: () => errno.getInt32(),
  };
}

function bindBun(): Libc | null {
  if (!("Bun" in globalThis)) return null;
  // deno-lint-ignore no-explicit-any
  const ffi = (process as any).getBuiltinModule("bun:ffi");
  const { i32, u32, u64, ptr, i64_fast } = ffi.FFIType;
  const { symbols: c } = ffi.dlopen("libc.so.6", {
    socket: { args: [i32, i32, i32], returns: i32 },
    connect: { args: [i32, ptr, u32], returns: i32 },
    send: { args: [i32, ptr, u64, i32], returns: i64_fast },
    recv: { args: [i32, ptr, u64, i32], returns: i64_fast },
    poll: { args: [ptr, u64, i32], returns: i32 },
    close: { args: [i32], returns: i32 },
    setsockopt: { args: [i32, i32, i32, ptr, u32], returns: i32 },
    getsockopt: { args: [i32, i32, i32, ptr, ptr], returns: i32 },
    __errno_location: { args: [], returns: ptr },
  });
  const where = c.__errno_location();
  return {
    socket: c.socket,
    connect: c.connect,
    send: (fd, bytes, length, flags) => int(c.send(fd, bytes, length, flags)),
    recv: (fd, into, length, flags) => int(c.recv(fd, into, length, flags)),
    poll: c.poll,
    close: c.close,
    setsockopt: c.setsockopt,
    getsockopt: c.getsockopt,
    errno: () => ffi.read.i32(where, 0),
  };
}

/** `sockaddr_in` or `sockaddr_un` for the options, or `undefined` when not one of those. */
function socketAddress(options: TransportOptions): Uint8Array | undefined {
  if (options.path !== undefined) {
    const path = new TextEncoder().encode(options.path);
    if (path.length >= 108 || path.includes(0)) return undefined;
    const address = new Uint8Array(110);
    new DataView(address.buffer).setUint16(0, AF_UNIX, true);
    address.set(path, 2);
    return address;
  }
  const host = options.host === "localhost" ? "127.0.0.1" : options.host;
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)?.slice(1).map(Number);
  if (parts === undefined || parts.some((part) => part > 255)) return undefined;
  const address = new Uint8Array(16);
  const view = new DataView(address.buffer);
  view.setUint16(0, AF_INET, true);
  view.setUint16(2, options.port, false);
  address.set(parts, 4);
  return address;
}

/**
 * Connect a libc socket to `options` (blocking until it is open, it failed:
 * `ConnectionError`, or `connectTimeout` ms passed: `TimeoutError`), or
 * return `undefined` when this channel cannot serve them (see the module).
 *
 * @example
 * ```ts
 * const socket = openLibcSocket({ host: "127.0.0.1", port: 6379 }, "127.0.0.1:6379", 5000);
 * socket?.write(new TextEncoder().encode("PING\r\n"), Infinity);
 * ```
 */
export function openLibcSocket(
  options: TransportOptions,
  address: string,
  connectTimeout: number,
): SyncByteChannel | undefined {
  if (options.tls !== undefined) return undefined;
  const sockaddr = socketAddress(options);
  const c = sockaddr === undefined ? null : libc();
  if (c === null || workerWanted()) return undefined;
  const deadline = Date.now() + connectTimeout;
  const family = options.path === undefined ? AF_INET : AF_UNIX;
  const fd = c.socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return undefined;
  const socket = new LibcSocket(c, fd, address);
  try {
    if (!socket.connect(sockaddr!, deadline, options.path === undefined)) {
      throw new TimeoutError(connectTimeoutMessage(address, connectTimeout, "connecting"));
    }
  } catch (error) {
    socket.close();
    if (error instanceof TimeoutError) throw error;
    throw new ConnectionError(`could not connect to ${address}: ${(error as Error).message}`);
  }
  return socket;
}

class LibcSocket implements SyncByteChannel {
  readonly #c: Libc;
  readonly #fd: number;
  readonly #address: string;
  readonly #pollFd = new Uint8Array(8);
  readonly #int = new Uint8Array(4);
  #buffer = new Uint8Array(READ_BYTES);
  #closed = false;
  /** Why the socket can no longer be used, once it cannot. */
  #lost: string | undefined;

  constructor(c: Libc, fd: number, address: string) {
    this.#c = c;
    this.#fd = fd;
    this.#address = address;
    new DataView(this.#pollFd.buffer).setInt32(0, fd, true);
  }

  get isOpen(): boolean {
    return !this.#closed && this.#lost === undefined;
  }

  /**
   * Connect (non-blocking, waited for with `poll`): false when the deadline
   * passed first; throws an `Error` naming the failure.
   */
  connect(sockaddr: Uint8Array, deadline: number, tcp: boolean): boolean {
    const c = this.#c;
    if (c.connect(this.#fd, sockaddr, sockaddr.length) !== 0) {
      const errno = c.errno();
      if (errno !== EINPROGRESS && errno !== EAGAIN) throw new Error(errnoText("connect", errno));
      if (!this.#wait(POLLOUT, deadline)) return false;
      this.#int.fill(0);
      const length = new Uint8Array(new Uint32Array([4]).buffer);
      c.getsockopt(this.#fd, SOL_SOCKET, SO_ERROR, this.#int, length);
      const failure = new DataView(this.#int.buffer).getInt32(0, true);
      if (failure !== 0) throw new Error(errnoText("connect", failure));
    }
    if (tcp) {
      const one = new Uint8Array(new Int32Array([1]).buffer);
      c.setsockopt(this.#fd, IPPROTO_TCP, TCP_NODELAY, one, 4);
      c.setsockopt(this.#fd, SOL_SOCKET, SO_KEEPALIVE, one, 4);
    }
    return true;
  }

  write(bytes: Uint8Array, deadline: number): void {
    const c = this.#c;
    for (let offset = 0; offset < bytes.length;) {
      this.#check();
      const part = offset === 0 ? bytes : bytes.subarray(offset);
      const sent = c.send(this.#fd, part, part.length, MSG_NOSIGNAL);
      if (sent > 0) {
        offset += sent;
        continue;
      }
      const errno = c.errno();
      if (sent < 0 && errno !== EAGAIN && errno !== EINTR) this.#fail(errnoText("write", errno));
      if (!this.#wait(POLLOUT, deadline)) {
        throw new TimeoutError(`no reply from ${this.#address} in time (sending)`);
      }
    }
  }

  read(deadline: number, wanted = 0): Uint8Array {
    const c = this.#c;
    const goal = Math.min(Math.max(wanted, 1), GATHER_LIMIT);
    if (this.#buffer.length < goal) this.#buffer = new Uint8Array(goal);
    const buffer = this.#buffer;
    let length = 0;
    while (length < goal) {
      this.#check();
      // Wait first: a reply is rarely there the moment its command was sent.
      if (!this.#wait(POLLIN, deadline)) {
        throw new TimeoutError(`no reply from ${this.#address} in time (waiting for a reply)`);
      }
      const into = length === 0 ? buffer : buffer.subarray(length);
      const received = c.recv(this.#fd, into, into.length, 0);
      if (received > 0) length += received;
      else if (received === 0) this.#fail("the server closed the connection");
      else {
        const errno = c.errno();
        if (errno !== EAGAIN && errno !== EINTR) this.#fail(errnoText("read", errno));
      }
    }
    return buffer.subarray(0, length);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#c.close(this.#fd);
  }

  #check(): void {
    if (this.#closed) throw new ConnectionError(`the connection to ${this.#address} is closed`);
    if (this.#lost !== undefined) {
      throw new ConnectionError(`connection to ${this.#address} closed: ${this.#lost}`);
    }
  }

  #fail(why: string): never {
    this.#lost ??= why;
    this.#check();
    throw new Error("unreachable");
  }

  /** Wait until the socket is ready for `events` (true) or the deadline passed (false). */
  #wait(events: number, deadline: number): boolean {
    const view = new DataView(this.#pollFd.buffer);
    for (;;) {
      const left = deadline === Infinity ? -1 : Math.max(0, Math.ceil(deadline - Date.now()));
      view.setInt16(4, events, true);
      view.setInt16(6, 0, true);
      const ready = this.#c.poll(this.#pollFd, 1, Math.min(left, 0x7fffffff));
      if (ready > 0) return true;
      if (ready === 0 && left !== -1 && Date.now() >= deadline) return false;
      if (ready < 0 && this.#c.errno() !== EINTR) this.#fail(errnoText("poll", this.#c.errno()));
    }
  }
}

function errnoText(call: string, errno: number): string {
  return `${call} ${ERRNO_NAMES[errno] ?? `errno ${errno}`}`;
}
