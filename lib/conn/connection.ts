/**
 * One multiplexed connection to a Redis server: write batching, the reply
 * queue, push routing, timeouts and cancellation. The handshake lives in
 * `handshake.ts`; sockets in the runtime transports.
 *
 * @module
 */
import { ConnectionError, ProtocolError, ResponseError } from "../errors/errors.ts";
import { withCommand } from "../errors/failed_command.ts";
import { RespDecoder } from "../resp/decoder.ts";
import { RespEncoder } from "../resp/encoder.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  type BatchCommand,
  type CommandRequest,
  commandRequest,
  type RouteSendOptions,
  shapeSlot,
} from "./command_request.ts";
import { CommandTimers } from "./command_timers.ts";
import { HealthCheck } from "./health_check.ts";
import { NO_TIMEOUT, PendingCommand, ReplyBatch, settledBy } from "./pending_command.ts";
import { PendingQueue } from "./pending_queue.ts";
import { isPubSubFrame } from "./pubsub_frame.ts";
import type { ConnectionSettings, HoldProcess } from "./connection_settings.ts";
import type { Transport } from "./transport.ts";

/**
 * A connection that multiplexes commands: every command issued in one tick
 * goes out in one socket write, and replies resolve commands in order.
 *
 * @example
 * ```ts
 * const connection = new Connection(transport, { address: "127.0.0.1:6379", commandTimeout: 0 });
 * const pong = await connection.send(commandRequest(["PING"])); // "PONG"
 * ```
 */
export class Connection {
  readonly #transport: Transport;
  readonly #settings: ConnectionSettings;
  readonly #queue = new PendingQueue();
  readonly #decoder: RespDecoder;
  #encoder = new RespEncoder();
  /** The encoder whose bytes are being written; swapped with `#encoder` at each flush. */
  #spare = new RespEncoder();
  #flushScheduled = false;
  /** The health check, when `healthCheckInterval` is set. */
  readonly #health: HealthCheck | undefined;
  /** Timeouts and cancellations of the queued commands. */
  readonly #timers: CommandTimers;
  /** `Date.now()` as read when this tick's first command was sent. */
  #now = 0;
  #writing = false;
  #closed = false;
  #closeError: ConnectionError | undefined;
  #drained: (() => void) | undefined;
  /** How bulks decode while no command waits (bytes on a byte-mode subscriber connection). */
  readonly #idleBytes: boolean;
  /** When the socket keeps the process alive (see {@link HoldProcess}). */
  #hold: HoldProcess = "pending";
  /** Whether the socket is ref'd now: it keeps the process alive. */
  #refed = true;

  /**
   * Take over an open transport. Hand the transport's data to {@link Connection.receive}
   * and its close to {@link Connection.lost}.
   */
  constructor(transport: Transport, settings: ConnectionSettings) {
    this.#transport = transport;
    this.#settings = settings;
    this.#timers = new CommandTimers(
      this.#queue,
      settings.address,
      settings.commandTimeout,
      () => this.#gaveUp(),
    );
    const interval = settings.healthCheckInterval ?? 0;
    if (interval > 0) {
      this.#health = new HealthCheck(interval, {
        address: settings.address,
        commandTimeout: settings.commandTimeout,
        closed: () => this.#closed,
        blockingWaits: () => this.#queue.blockingWaits(),
        ping: (timeout) => this.send(commandRequest(["PING"], undefined, false, { timeout })),
        dead: (error) => {
          this.#fail(error);
          this.#transport.close();
        },
      });
    }
    this.#decoder = new RespDecoder({
      onReply: (value) => this.#onReply(value),
      onPush: (frame) => this.#settings.onPush?.(frame),
    });
    this.#decoder.pushBytes = settings.pushBytes === true;
    this.#idleBytes = settings.pubsub === true && settings.pushBytes === true;
    this.#decoder.returnBytes = this.#idleBytes;
    this.#updateRef();
  }

  /**
   * Say when this connection keeps the process alive (see
   * {@link HoldProcess}); by default only while a caller waits for a reply.
   * The socket is unref'd otherwise, so that a script that forgets `close()`
   * still exits.
   */
  holdProcess(when: HoldProcess): void {
    this.#hold = when;
    this.#updateRef();
  }

  /** Whether the connection can take commands. */
  get isOpen(): boolean {
    return !this.#closed;
  }

  /** The default command timeout in milliseconds; `0`: none. */
  get commandTimeout(): number {
    return this.#settings.commandTimeout;
  }

  /** The server, as `host:port` or the socket path (never credentials). */
  get address(): string {
    return this.#settings.address;
  }

  /**
   * Send a command; the promise settles with its reply (shaped by the
   * request's `transform`), or rejects with the server's typed error,
   * `TimeoutError`, {@link ConnectionError} or the signal's reason.
   */
  send(request: CommandRequest): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#lostError());
    const options = request.options;
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    try {
      this.#encoder.encode(request.args);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#scheduleFlush();
    const timeout = options?.timeout ?? this.#settings.commandTimeout;
    const entry = new PendingCommand(
      request.transform,
      request.bytes,
      timeout > 0 ? this.#now + timeout : NO_TIMEOUT,
    );
    const promise = settledBy(entry);
    // A reference (no copy): named by a server error, sent again by `resend`.
    entry.request = request;
    if (this.#queue.length === 0) this.#decoder.returnBytes = request.bytes;
    this.#queue.push(entry);
    if (!this.#refed) this.#updateRef();
    // Options that only say something to the client (`cache`) need no timer of the command's own.
    if (
      options !== undefined &&
      (options.signal !== undefined || options.timeout !== undefined || options.blocking === true)
    ) {
      if (options.blocking === true) entry.blocking = true;
      this.#timers.watch(entry, options, timeout);
    } else if (timeout > 0) this.#timers.armShared(timeout);
    return promise;
  }

  /**
   * Send several commands in one go; the promise settles with every reply in
   * order. A server error takes its command's slot. An argument that cannot be
   * encoded (`DataError`) takes its slot without being sent, or, with
   * `atomic`, rejects the whole batch before anything is sent (a MULTI block
   * must not run with a command missing). A lost connection, a timeout
   * (`options.timeout`, or the connection's) or an aborted `options.signal`
   * rejects the whole batch.
   */
  sendBatch(
    commands: readonly BatchCommand[],
    bytes = false,
    atomic = false,
    options?: RouteSendOptions,
  ): Promise<unknown[]> {
    if (this.#closed) return Promise.reject(this.#lostError());
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const batch = new ReplyBatch(commands.length);
    const promise = settledBy(batch) as Promise<unknown[]>;
    batch.commands = commands;
    const start = this.#encoder.byteLength;
    for (let i = 0; i < commands.length; i++) {
      try {
        this.#encoder.encode(commands[i].args);
      } catch (error) {
        if (atomic) {
          this.#encoder.truncate(start);
          batch.reject(error);
          return promise;
        }
        batch.results[i] = error;
        batch.remaining--;
      }
    }
    this.#scheduleFlush();
    const timeout = options?.timeout ?? this.#settings.commandTimeout;
    // A batch with options keeps its own timer (see CommandTimers.watchBatch), as a single command.
    const deadline = timeout > 0 && options === undefined ? this.#now + timeout : NO_TIMEOUT;
    const blocking = options?.blocking === true;
    for (let i = 0; i < commands.length; i++) {
      if (batch.results[i] !== undefined) continue;
      if (this.#queue.length === 0) this.#decoder.returnBytes = bytes;
      const entry = new PendingCommand(commands[i].transform, bytes, deadline, batch, i);
      entry.blocking = blocking;
      this.#queue.push(entry);
    }
    if (!this.#refed) this.#updateRef();
    if (batch.remaining === 0) batch.resolve(batch.results);
    else if (options !== undefined) this.#timers.watchBatch(batch, options, timeout);
    else if (timeout > 0) this.#timers.armShared(timeout);
    return promise;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // One clock read per tick: deadlines need no finer grain than that.
    this.#now = Date.now();
    queueMicrotask(this.#flush);
  }

  /**
   * Send a command whose answer is not a reply (SUBSCRIBE and its kin answer
   * with push frames): nothing waits for it.
   */
  sendOneway(args: readonly RedisArg[]): void {
    if (this.#closed) throw this.#lostError();
    this.#encoder.encode(args);
    this.#scheduleFlush();
  }

  /** Feed bytes read from the socket. */
  receive(chunk: Uint8Array): void {
    if (this.#health !== undefined) this.#health.lastHeard = Date.now();
    try {
      this.#decoder.feed(chunk);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.#fail(
        new ConnectionError(`invalid reply from ${this.#settings.address}`, { cause: error }),
      );
      this.#transport.close();
    }
  }

  /** The socket closed: reject everything pending. */
  lost(error?: Error): void {
    if (this.#closed && this.#queue.length === 0) {
      this.#finish();
      return;
    }
    this.#fail(
      new ConnectionError(
        `connection to ${this.#settings.address} closed${error ? `: ${error.message}` : ""}`,
        { cause: error },
      ),
    );
  }

  /**
   * Close after the pending commands got their replies (each still bounded
   * by its timeout). New commands are refused at once.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#queue.allSettled()) {
      await new Promise<void>((resolve) => this.#drained = resolve);
    }
    this.#transport.close();
  }

  /** Close now: pending commands reject with {@link ConnectionError}. */
  destroy(): void {
    this.#fail(new ConnectionError(`connection to ${this.#settings.address} was closed`));
    this.#transport.close();
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#writing || this.#encoder.byteLength === 0 || this.#closeError) return;
    const full = this.#encoder;
    this.#encoder = this.#spare;
    this.#spare = full;
    let written: Promise<void> | undefined;
    try {
      written = this.#transport.write(full.bytes());
    } catch (error) {
      this.lost(error as Error);
      return;
    }
    if (written === undefined) {
      full.reset();
      return;
    }
    this.#writing = true;
    written.then(() => {
      full.reset();
      this.#writing = false;
      if (this.#encoder.byteLength > 0) this.#flush();
    }, (error) => this.lost(error));
  };

  #onReply(value: RespValue): void {
    if (this.#settings.pubsub && isPubSubFrame(value)) {
      this.#settings.onPush?.(value);
      return;
    }
    if (this.#settings.monitor && this.#queue.length === 0) {
      this.#settings.onPush?.([value]);
      return;
    }
    const entry = this.#queue.shift();
    const next = this.#queue.at(0);
    this.#decoder.returnBytes = next === undefined ? this.#idleBytes : next.bytes;
    if (entry === undefined) {
      const detail = value instanceof ResponseError ? `: ${value.message}` : "";
      this.#fail(
        new ConnectionError(
          `${this.#settings.address} sent a reply that no command asked for${detail}`,
        ),
      );
      this.#transport.close();
      return;
    }
    const batch = entry.batch;
    if (batch !== undefined) {
      if (!batch.settled) this.#fillSlot(batch, entry, value);
    } else if (!entry.settled) {
      entry.settle();
      if (value instanceof ResponseError) entry.reject(withCommand(value, entry.request!.args));
      else if (entry.transform === undefined) entry.resolve(value);
      else {
        try {
          entry.resolve(entry.transform(value));
        } catch (error) {
          entry.reject(error);
        }
      }
    }
    if (this.#queue.length === 0) {
      if (this.#refed) this.#updateRef();
      this.#finish();
    } else if (this.#queue.abandoned && this.#refed) this.#updateRef();
  }

  /**
   * Ref or unref the socket: it keeps the process alive while a caller waits
   * for a reply (or always, or never: see {@link HoldProcess}).
   */
  #updateRef(): void {
    const hold = this.#hold;
    const queue = this.#queue;
    const wanted = hold === "always" ||
      (hold === "pending" && queue.length > 0 && (!queue.abandoned || queue.anyWaiting()));
    if (wanted === this.#refed) return;
    this.#refed = wanted;
    if (this.#closeError !== undefined) return;
    if (wanted) this.#transport.ref();
    else this.#transport.unref();
  }

  #fillSlot(batch: ReplyBatch, entry: PendingCommand, value: RespValue): void {
    batch.results[entry.index] = value instanceof ResponseError
      ? withCommand(value, batch.commands![entry.index].args)
      : shapeSlot(value, entry.transform);
    if (--batch.remaining === 0) {
      batch.settled = true;
      batch.release?.();
      batch.resolve(batch.results);
    }
  }

  /**
   * The queue is empty: finish a graceful close. The deadline timer stays: it
   * finds nothing to do when it fires, which costs less than clearing and
   * arming it again for every command.
   */
  #finish(): void {
    if (this.#drained !== undefined) {
      const drained = this.#drained;
      this.#drained = undefined;
      drained();
    }
    if (this.#closed) {
      this.#timers.stop();
      this.#notifyClose();
    }
  }

  #notifyClose(error?: ConnectionError): void {
    this.#health?.stop();
    const onClose = this.#settings.onClose;
    if (onClose === undefined) return;
    this.#settings.onClose = undefined;
    onClose(error);
  }

  #lostError(): ConnectionError {
    return this.#closeError ??
      new ConnectionError(`connection to ${this.#settings.address} is closed`);
  }

  /** Reject every pending command with `error` and refuse new ones. */
  #fail(error: ConnectionError): void {
    const wasClean = this.#closed && this.#closeError === undefined;
    this.#closed = true;
    this.#closeError ??= error;
    const resend = this.#settings.resend;
    for (let entry = this.#queue.shift(); entry !== undefined; entry = this.#queue.shift()) {
      if (entry.batch !== undefined) entry.batch.fail(error);
      else if (!entry.settled) {
        entry.settle();
        const again = resend?.(entry.request!, error);
        if (again === undefined) entry.reject(error);
        else again.then(entry.resolve, entry.reject);
      }
    }
    this.#timers.stop();
    this.#drained?.();
    this.#drained = undefined;
    this.#notifyClose(wasClean ? undefined : error);
  }

  /** A caller stopped waiting (timeout, abort): no need to keep the process alive for its reply. */
  #gaveUp(): void {
    this.#queue.abandoned = true;
    if (this.#refed) this.#updateRef();
    this.#closeIfSettled();
  }

  /** During a graceful close, stop waiting once no caller waits for a reply any more. */
  #closeIfSettled(): void {
    if (this.#drained === undefined || !this.#queue.allSettled()) return;
    const drained = this.#drained;
    this.#drained = undefined;
    drained();
  }
}
