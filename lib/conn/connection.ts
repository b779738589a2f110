/**
 * One multiplexed connection to a Redis server: write batching, the reply
 * queue, push routing, timeouts and cancellation. The handshake lives in
 * `handshake.ts`; sockets in the runtime transports.
 *
 * @module
 */
import { ConnectionError, ProtocolError, ResponseError, TimeoutError } from "../errors/errors.ts";
import { RespDecoder } from "../resp/decoder.ts";
import { RespEncoder } from "../resp/encoder.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { ReplyQueue } from "./reply_queue.ts";
import type { Transport } from "./transport.ts";

/** Shapes a raw reply into what the caller receives. */
export type ReplyTransform = (reply: RespValue) => unknown;

/**
 * A batch command's result slot: its reply shaped by `transform`; a server
 * error, or the error a transform throws, stays in the slot as a value.
 *
 * @example
 * ```ts
 * shapeSlot(3, Boolean); // true
 * shapeSlot(new WrongTypeError("WRONGTYPE …"), Boolean); // the error itself
 * ```
 */
export function shapeSlot(reply: unknown, transform: ReplyTransform | undefined): unknown {
  if (transform === undefined || reply instanceof ResponseError) return reply;
  try {
    return transform(reply as RespValue);
  } catch (error) {
    return error;
  }
}

/** Per-command settings. */
export interface SendOptions {
  /** Cancels the wait on the client side; the reply, when it comes, is dropped. */
  signal?: AbortSignal;
  /** This command's timeout in milliseconds, instead of the connection's. `0`: none. */
  timeout?: number;
}

/** Settings of a {@link Connection} once its socket is open. */
export interface ConnectionSettings {
  /** A readable name for errors, such as `127.0.0.1:6379`. Never holds credentials. */
  address: string;
  /** Default command timeout in milliseconds; `0` waits forever. */
  commandTimeout: number;
  /** Receives RESP3 push frames (pub/sub messages, invalidations). */
  onPush?: (frame: RespValue[]) => void;
  /**
   * A subscriber connection: RESP2 pub/sub frames (arrays starting with
   * `message`, `subscribe`, …), which arrive as ordinary replies, go to
   * `onPush` instead of answering a command.
   */
  pubsub?: boolean;
  /** Decode push frames (and, on a `pubsub` connection, unanswered RESP2 frames) to bytes. */
  pushBytes?: boolean;
  /**
   * Milliseconds of idleness after which the connection PINGs the server; a
   * PING without a reply within the command timeout (or the interval, when
   * there is none) closes the connection as dead. `0`: off.
   */
  healthCheckInterval?: number;
  /** A MONITOR connection: replies that no command waits for go to `onPush`, one a frame. */
  monitor?: boolean;
  /** Called once when the connection is closed or lost; `error` when lost. */
  onClose?: (error?: ConnectionError) => void;
  /**
   * Asked, for each single command still waiting when the connection is
   * lost, whether to send it again elsewhere: a promise of its reply takes
   * over the caller's promise; `undefined` lets it reject with `error`.
   */
  resend?: (
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
    error: ConnectionError,
  ) => Promise<unknown> | undefined;
}

let capturedResolve: (value: unknown) => void;
let capturedReject: (error: unknown) => void;
/** One executor for every command's promise, so that no closure is made per command. */
function captureResolvers(
  resolve: (value: unknown) => void,
  reject: (error: unknown) => void,
): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** One command of a batch: its arguments and the transform of its reply. */
export interface BatchCommand {
  /** The whole command, e.g. `["SET", "k", "v"]`. */
  args: readonly RedisArg[];
  /** Shapes the reply; the raw reply when absent. */
  transform?: ReplyTransform;
}

/**
 * Commands sent together whose replies fill one array (pipelines): one
 * promise for all of them instead of one each.
 */
class ReplyBatch {
  readonly results: unknown[];
  remaining: number;
  settled = false;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;

  constructor(size: number) {
    this.results = new Array(size);
    this.remaining = size;
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}

/** A command written to the socket and waiting for its reply. */
class PendingCommand {
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;
  /** The batch this command belongs to, if any; `index` is its slot. */
  batch: ReplyBatch | undefined;
  index: number;
  /** Set once the caller's promise is settled (by reply, timeout or abort). */
  settled = false;
  /** When to give up waiting, in `Date.now()` time; `Infinity` for never. */
  deadline: number;
  transform: ReplyTransform | undefined;
  bytes: boolean;
  /** Undoes a per-command timer or abort listener (see `Connection.#watch`). */
  release: (() => void) | undefined;
  /** A single command's arguments and options, for `ConnectionSettings.resend`. */
  args: readonly RedisArg[] | undefined;
  options: SendOptions | undefined;

  constructor(
    transform: ReplyTransform | undefined,
    bytes: boolean,
    deadline: number,
    batch?: ReplyBatch,
    index = 0,
  ) {
    this.transform = transform;
    this.bytes = bytes;
    this.deadline = deadline;
    this.batch = batch;
    this.index = index;
  }

  /** Whether a caller still waits for this reply. */
  get waiting(): boolean {
    return this.batch === undefined ? !this.settled : !this.batch.settled;
  }

  settle(): void {
    this.settled = true;
    if (this.release !== undefined) this.release();
  }
}

const NO_TIMEOUT = Infinity;

const PUBSUB_KINDS = new Set([
  "message",
  "pmessage",
  "smessage",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
]);

/** Whether a RESP2 reply is a pub/sub frame rather than the answer to a command. */
function isPubSubFrame(value: RespValue): value is RespValue[] {
  if (!Array.isArray(value) || value.length < 3) return false;
  const kind = value[0];
  if (typeof kind === "string") return PUBSUB_KINDS.has(kind);
  // A byte-mode subscriber connection: the kind is a short ASCII word.
  return kind instanceof Uint8Array && kind.length <= 12 &&
    PUBSUB_KINDS.has(String.fromCharCode(...kind));
}

/**
 * A connection that multiplexes commands: every command issued in one tick
 * goes out in one socket write, and replies resolve commands in order.
 *
 * @example
 * ```ts
 * const connection = new Connection(transport, { address: "127.0.0.1:6379", commandTimeout: 0 });
 * const pong = await connection.send(["PING"]); // "PONG"
 * ```
 */
export class Connection {
  readonly #transport: Transport;
  readonly #settings: ConnectionSettings;
  readonly #queue = new ReplyQueue<PendingCommand>();
  readonly #decoder: RespDecoder;
  #encoder = new RespEncoder();
  /** The encoder whose bytes are being written; swapped with `#encoder` at each flush. */
  #spare = new RespEncoder();
  #flushScheduled = false;
  #healthTimer: ReturnType<typeof setInterval> | undefined;
  /** Set by every command; the health check only PINGs a connection that stayed idle. */
  #used = false;
  /** `Date.now()` as read when this tick's first command was sent. */
  #now = 0;
  #writing = false;
  #closed = false;
  #closeError: ConnectionError | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #drained: (() => void) | undefined;
  /** How bulks decode while no command waits (bytes on a byte-mode subscriber connection). */
  readonly #idleBytes: boolean;

  /**
   * Take over an open transport. Hand the transport's data to {@link Connection.receive}
   * and its close to {@link Connection.lost}.
   */
  constructor(transport: Transport, settings: ConnectionSettings) {
    this.#transport = transport;
    this.#settings = settings;
    const interval = settings.healthCheckInterval ?? 0;
    if (interval > 0) this.#healthTimer = setInterval(() => this.#checkHealth(interval), interval);
    this.#decoder = new RespDecoder({
      onReply: (value) => this.#onReply(value),
      onPush: (frame) => this.#settings.onPush?.(frame),
    });
    this.#decoder.pushBytes = settings.pushBytes === true;
    this.#idleBytes = settings.pubsub === true && settings.pushBytes === true;
    this.#decoder.returnBytes = this.#idleBytes;
  }

  /** Whether the connection can take commands. */
  get isOpen(): boolean {
    return !this.#closed;
  }

  /** How many commands wait for their reply. */
  get pendingCount(): number {
    return this.#queue.length;
  }

  /**
   * Send a command; the promise settles with its reply (shaped by
   * `transform`), or rejects with the server's typed error,
   * {@link TimeoutError}, {@link ConnectionError} or the signal's reason.
   */
  send(
    args: readonly RedisArg[],
    transform?: ReplyTransform,
    bytes = false,
    options?: SendOptions,
  ): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#lostError());
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    try {
      this.#encoder.encode(args);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#scheduleFlush();
    const timeout = options?.timeout ?? this.#settings.commandTimeout;
    const entry = new PendingCommand(
      transform,
      bytes,
      timeout > 0 ? this.#now + timeout : NO_TIMEOUT,
    );
    const promise = new Promise<unknown>(captureResolvers);
    entry.resolve = capturedResolve;
    entry.reject = capturedReject;
    if (this.#settings.resend !== undefined) {
      // Kept only where a lost command may be sent again: it costs the arguments' memory.
      entry.args = args;
      entry.options = options;
    }
    if (this.#queue.length === 0) this.#decoder.returnBytes = bytes;
    this.#queue.push(entry);
    if (options !== undefined) this.#watch(entry, options, timeout);
    else if (timeout > 0 && this.#timer === undefined) this.#armTimer(timeout);
    return promise;
  }

  /**
   * Send several commands in one go; the promise settles with every reply in
   * order. A server error takes its command's slot. An argument that cannot be
   * encoded (`DataError`) takes its slot without being sent, or, with
   * `atomic`, rejects the whole batch before anything is sent (a MULTI block
   * must not run with a command missing). A lost connection or a timeout
   * rejects the whole batch.
   */
  sendBatch(commands: readonly BatchCommand[], bytes = false, atomic = false): Promise<unknown[]> {
    if (this.#closed) return Promise.reject(this.#lostError());
    const promise = new Promise<unknown>(captureResolvers) as Promise<unknown[]>;
    const batch = new ReplyBatch(commands.length);
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
    const timeout = this.#settings.commandTimeout;
    const deadline = timeout > 0 ? this.#now + timeout : NO_TIMEOUT;
    for (let i = 0; i < commands.length; i++) {
      if (batch.results[i] !== undefined) continue;
      if (this.#queue.length === 0) this.#decoder.returnBytes = bytes;
      this.#queue.push(new PendingCommand(commands[i].transform, bytes, deadline, batch, i));
    }
    if (batch.remaining === 0) batch.resolve(batch.results);
    else if (timeout > 0 && this.#timer === undefined) this.#armTimer(timeout);
    return promise;
  }

  #checkHealth(interval: number): void {
    if (this.#closed) return;
    if (this.#used || this.#queue.length > 0) {
      this.#used = false;
      return;
    }
    const timeout = this.#settings.commandTimeout || interval;
    this.send(["PING"], undefined, false, { timeout }).catch((error) => {
      if (error instanceof TimeoutError) {
        this.#fail(
          new ConnectionError(`${this.#settings.address} did not answer a health check`, {
            cause: error,
          }),
        );
        this.#transport.close();
      }
    });
    this.#used = false;
  }

  #scheduleFlush(): void {
    this.#used = true;
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
    if (!this.#allSettled()) {
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
      if (value instanceof ResponseError) entry.reject(value);
      else if (entry.transform === undefined) entry.resolve(value);
      else {
        try {
          entry.resolve(entry.transform(value));
        } catch (error) {
          entry.reject(error);
        }
      }
    }
    if (this.#queue.length === 0) this.#finish();
  }

  #fillSlot(batch: ReplyBatch, entry: PendingCommand, value: RespValue): void {
    batch.results[entry.index] = shapeSlot(value, entry.transform);
    if (--batch.remaining === 0) {
      batch.settled = true;
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
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#notifyClose();
    }
  }

  #notifyClose(error?: ConnectionError): void {
    clearInterval(this.#healthTimer);
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
        const again = resend?.(entry.args!, entry.transform, entry.bytes, entry.options, error);
        if (again === undefined) entry.reject(error);
        else again.then(entry.resolve, entry.reject);
      }
    }
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#drained?.();
    this.#drained = undefined;
    this.#notifyClose(wasClean ? undefined : error);
  }

  /** Per-command timeout and abort signal. */
  #watch(entry: PendingCommand, options: SendOptions, timeout: number): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeout > 0) {
      timer = setTimeout(() => this.#timeOut(entry, timeout), timeout);
      entry.deadline = NO_TIMEOUT;
    }
    const signal = options.signal;
    const onAbort = () => {
      if (entry.settled) return;
      entry.settle();
      entry.reject(signal!.reason);
      this.#closeIfSettled();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    entry.release = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  }

  #timeOut(entry: PendingCommand, timeout: number): void {
    if (!entry.waiting) return;
    const error = new TimeoutError(`no reply from ${this.#settings.address} within ${timeout} ms`);
    if (entry.batch !== undefined) entry.batch.fail(error);
    else {
      entry.settle();
      entry.reject(error);
    }
    this.#closeIfSettled();
  }

  /** Whether every queued command's caller already has an answer (reply, timeout or abort). */
  #allSettled(): boolean {
    for (let i = 0; i < this.#queue.length; i++) if (this.#queue.at(i)!.waiting) return false;
    return true;
  }

  /** During a graceful close, stop waiting once no caller waits for a reply any more. */
  #closeIfSettled(): void {
    if (this.#drained === undefined || !this.#allSettled()) return;
    const drained = this.#drained;
    this.#drained = undefined;
    drained();
  }

  #armTimer(delay: number): void {
    this.#timer = setTimeout(this.#checkDeadlines, Math.max(1, delay));
  }

  /** Time out the commands past their deadline; re-arm for the next one. */
  readonly #checkDeadlines = (): void => {
    this.#timer = undefined;
    const now = Date.now();
    const timeout = this.#settings.commandTimeout;
    for (let i = 0; i < this.#queue.length; i++) {
      const entry = this.#queue.at(i)!;
      if (!entry.waiting || entry.deadline === NO_TIMEOUT) continue;
      if (entry.deadline > now) {
        this.#armTimer(entry.deadline - now);
        return;
      }
      this.#timeOut(entry, timeout);
    }
  };
}
