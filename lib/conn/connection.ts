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
import { unrefTimer } from "./lifecycle.ts";
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

/**
 * {@link SendOptions} as the client's routes pass them to a connection.
 *
 * @example
 * ```ts
 * connection.send(["BLPOP", "jobs", 5], undefined, false, { timeout: 10_000, blocking: true });
 * ```
 */
export interface RouteSendOptions extends SendOptions {
  /**
   * The server holds the reply back on purpose (BLPOP, XREAD BLOCK, …): the
   * health check leaves the connection alone while the command waits.
   */
  blocking?: boolean;
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
   * Milliseconds of silence from the server after which the connection
   * PINGs it, whatever is queued (commands that timed out or still wait),
   * unless a blocking command waits; a PING without a reply within the
   * command timeout (or the interval, when there is none) closes the
   * connection as dead. `0`: off.
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
  /** Undoes the batch's own timer and abort listener, if it has them. */
  release: (() => void) | undefined;

  constructor(size: number) {
    this.results = new Array(size);
    this.remaining = size;
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.release?.();
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
  /** The server may hold the reply back on purpose (see {@link RouteSendOptions.blocking}). */
  blocking = false;
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

/**
 * When a connection keeps the process alive: `"pending"` while a caller waits
 * for a reply (the default), `"always"` while it is open (subscriptions,
 * MONITOR), `"never"` (a reconnect in the background that nobody waits for).
 *
 * @example
 * ```ts
 * subscriberConnection.holdProcess("always");
 * ```
 */
export type HoldProcess = "pending" | "always" | "never";

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
  #healthTimer: ReturnType<typeof setTimeout> | undefined;
  /** Milliseconds of silence from the server after which the health check PINGs; `0`: off. */
  readonly #healthInterval: number;
  /** `Date.now()` when bytes last arrived (kept with health checks only). */
  #lastHeard = 0;
  /** A health-check PING waits for its reply. */
  #pinging = false;
  /** `Date.now()` as read when this tick's first command was sent. */
  #now = 0;
  #writing = false;
  #closed = false;
  #closeError: ConnectionError | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #drained: (() => void) | undefined;
  /** How bulks decode while no command waits (bytes on a byte-mode subscriber connection). */
  readonly #idleBytes: boolean;
  /** When the socket keeps the process alive (see {@link HoldProcess}). */
  #hold: HoldProcess = "pending";
  /** Whether the socket is ref'd now: it keeps the process alive. */
  #refed = true;
  /** A queued command was given up (timeout, abort): the queue may hold only those. */
  #abandoned = false;
  /**
   * With `#abandoned`: no queue entry before this index waits any more (an
   * entry never waits again once its caller has an answer), so that finding
   * whether any still waits costs O(1) amortized, not a scan per reply.
   */
  #settledPrefix = 0;

  /**
   * Take over an open transport. Hand the transport's data to {@link Connection.receive}
   * and its close to {@link Connection.lost}.
   */
  constructor(transport: Transport, settings: ConnectionSettings) {
    this.#transport = transport;
    this.#settings = settings;
    this.#healthInterval = settings.healthCheckInterval ?? 0;
    if (this.#healthInterval > 0) {
      this.#lastHeard = Date.now();
      this.#armHealthCheck(this.#healthInterval);
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

  /**
   * Send a command; the promise settles with its reply (shaped by
   * `transform`), or rejects with the server's typed error,
   * {@link TimeoutError}, {@link ConnectionError} or the signal's reason.
   */
  send(
    args: readonly RedisArg[],
    transform?: ReplyTransform,
    bytes = false,
    options?: RouteSendOptions,
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
    if (!this.#refed) this.#updateRef();
    if (options !== undefined) {
      if (options.blocking === true) entry.blocking = true;
      this.#watch(entry, options, timeout);
    } else if (timeout > 0 && this.#timer === undefined) this.#armTimer(timeout);
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
    const timeout = options?.timeout ?? this.#settings.commandTimeout;
    // A batch with options keeps its own timer (see #watchBatch), like a single command's.
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
    else if (options !== undefined) this.#watchBatch(batch, options, timeout);
    else if (timeout > 0 && this.#timer === undefined) this.#armTimer(timeout);
    return promise;
  }

  /** A batch's own timeout and abort signal. */
  #watchBatch(batch: ReplyBatch, options: SendOptions, timeout: number): void {
    const giveUp = (error: unknown) => {
      if (batch.settled) return;
      batch.fail(error);
      this.#gaveUp();
    };
    const timer = timeout > 0
      ? setTimeout(
        () =>
          giveUp(new TimeoutError(`no reply from ${this.#settings.address} within ${timeout} ms`)),
        timeout,
      )
      : undefined;
    const signal = options.signal;
    const onAbort = () => giveUp(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    batch.release = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  }

  #armHealthCheck(delay: number): void {
    // Never what keeps the process alive: an idle client lets it exit.
    this.#healthTimer = unrefTimer(setTimeout(this.#checkHealth, Math.max(1, delay)));
  }

  /**
   * PING once the server has been silent for the interval, whatever is
   * queued (commands that timed out, or still wait, answer before the PING
   * on a live server), unless a blocking command waits: its silence is on
   * purpose. No reply within the command timeout (the interval when there is
   * none): the connection is lost.
   */
  readonly #checkHealth = (): void => {
    this.#healthTimer = undefined;
    if (this.#closed) return;
    const interval = this.#healthInterval;
    const silent = Date.now() - this.#lastHeard;
    if (silent < interval) return this.#armHealthCheck(interval - silent);
    this.#armHealthCheck(interval);
    if (this.#pinging || this.#blockingWaits()) return;
    this.#pinging = true;
    const timeout = this.#settings.commandTimeout || interval;
    this.send(["PING"], undefined, false, { timeout }).then(() => {
      this.#pinging = false;
    }, (error) => {
      this.#pinging = false;
      if (error instanceof TimeoutError) {
        this.#fail(
          new ConnectionError(`${this.#settings.address} did not answer a health check`, {
            cause: error,
          }),
        );
        this.#transport.close();
      }
    });
  };

  /** Whether a blocking command (BLPOP …) still waits for its reply. */
  #blockingWaits(): boolean {
    for (let i = 0; i < this.#queue.length; i++) {
      const entry = this.#queue.at(i)!;
      if (entry.blocking && entry.waiting) return true;
    }
    return false;
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
    if (this.#healthInterval > 0) this.#lastHeard = Date.now();
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
    if (this.#queue.length === 0) {
      this.#abandoned = false;
      this.#settledPrefix = 0;
      if (this.#refed) this.#updateRef();
      this.#finish();
    } else if (this.#abandoned) {
      if (this.#settledPrefix > 0) this.#settledPrefix--; // the entry shifted out was before it
      if (this.#refed) this.#updateRef();
    }
  }

  /**
   * Ref or unref the socket: it keeps the process alive while a caller waits
   * for a reply (or always, or never: see {@link HoldProcess}).
   */
  /** Whether a caller still waits for a queued reply; scans on from `#settledPrefix`. */
  #anyWaiting(): boolean {
    const queue = this.#queue;
    let i = this.#settledPrefix;
    while (i < queue.length && !queue.at(i)!.waiting) i++;
    this.#settledPrefix = i;
    return i < queue.length;
  }

  #updateRef(): void {
    const hold = this.#hold;
    const wanted = hold === "always" ||
      (hold === "pending" && this.#queue.length > 0 && (!this.#abandoned || this.#anyWaiting()));
    if (wanted === this.#refed) return;
    this.#refed = wanted;
    if (this.#closeError !== undefined) return;
    if (wanted) this.#transport.ref();
    else this.#transport.unref();
  }

  #fillSlot(batch: ReplyBatch, entry: PendingCommand, value: RespValue): void {
    batch.results[entry.index] = shapeSlot(value, entry.transform);
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
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#notifyClose();
    }
  }

  #notifyClose(error?: ConnectionError): void {
    clearTimeout(this.#healthTimer);
    this.#healthTimer = undefined;
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
      this.#gaveUp();
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
    this.#gaveUp();
  }

  /** A caller stopped waiting (timeout, abort): no need to keep the process alive for its reply. */
  #gaveUp(): void {
    this.#abandoned = true;
    if (this.#refed) this.#updateRef();
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
    // Unref'd: the socket keeps the process alive while commands wait.
    this.#timer = unrefTimer(setTimeout(this.#checkDeadlines, Math.max(1, delay)));
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
