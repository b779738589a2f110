/**
 * Owns the client's one multiplexed connection: opens it on first use,
 * opens a new one on the next command after it was lost, and closes it.
 *
 * @module
 */
import type { BatchCommand, Connection, ReplyTransform, SendOptions } from "../conn/connection.ts";
import { batchOptions } from "./command_route.ts";
import {
  type ConnectionOptions,
  describeAddress,
  type OpenConnection,
  openConnection,
} from "../conn/open_connection.ts";
import { waitUntilLoaded } from "../conn/handshake.ts";
import { blockingTimeout, clientTimeoutFor } from "../commands/blocking.ts";
import { isReadOnly } from "../commands/read_only.ts";
import {
  AuthenticationError,
  ClientClosedError,
  ConnectionError,
  DataError,
  ReadOnlyError,
  ResponseError,
  TimeoutError,
} from "../errors/errors.ts";
import { SentinelResolver } from "../sentinel/sentinel_resolver.ts";
import {
  CommandEvent,
  ConnectEvent,
  ConnectionReleasedEvent,
  EndEvent,
  ReadyEvent,
  ReauthEvent,
  ReconnectingEvent,
  RedisErrorEvent,
  RedisEvents,
} from "../events/events.ts";
import { ConnectionPool } from "../pool/connection_pool.ts";
import type { RedisArg } from "../resp/types.ts";
import type { ReconnectOptions, ResolvedOptions } from "./options.ts";
import { CredentialStream } from "../auth/credential_stream.ts";
import type { Credentials, CredentialsProvider } from "../conn/open_connection.ts";

/** Resolved options whose credentials, if any, are a provider function. */
export type ConnectionReadyOptions = Omit<ResolvedOptions, "credentials"> & {
  credentials?: CredentialsProvider;
};
import { Subscriber } from "./subscriber.ts";
import { backgroundSleep, isQuit } from "../conn/lifecycle.ts";

/**
 * Hands commands to the current connection, connecting first when there is none.
 *
 * @example
 * ```ts
 * const manager = new ConnectionManager(resolveOptions("redis://127.0.0.1:6379"));
 * await manager.send(["PING"]); // "PONG"
 * await manager.close();
 * ```
 */
export class ConnectionManager {
  readonly #options: ConnectionReadyOptions;
  #connection: Connection | null = null;
  #connecting: Promise<Connection> | null = null;
  #closed = false;
  #pool: ConnectionPool | undefined;
  #subscriber: Subscriber | undefined;
  /** The connection was lost (not closed by the user) and not made again yet. */
  #lost = false;
  #offlineWaiting = 0;
  #sentinel: SentinelResolver | undefined;
  #protocol: 2 | 3 | undefined;
  /** The client's events. */
  readonly events: RedisEvents = new RedisEvents();

  /** @param options Resolved client options. */
  constructor(options: ResolvedOptions) {
    const credentials = options.credentials;
    let ready: ConnectionReadyOptions;
    if (credentials !== undefined && typeof credentials !== "function") {
      const stream = new CredentialStream(
        credentials,
        (next) => this.#reauthenticate(next),
        (error) => this.events.dispatchEvent(new RedisErrorEvent(error)),
      );
      ready = { ...options, credentials: () => stream.current() };
    } else {
      ready = options as ConnectionReadyOptions;
    }
    if (options.sentinel !== undefined) {
      const sentinel = new SentinelResolver(options.sentinel, options.connectTimeout);
      this.#sentinel = sentinel;
      ready = {
        ...ready,
        resolveAddress: () => sentinel.resolve(),
        verify: (connection) => sentinel.verify(connection),
      };
    }
    this.#options = ready;
  }

  /**
   * The sentinels named a new master, or the server refused a write as a
   * replica: stop using the current connection (it closes once its replies
   * are in); the next command connects to the master the sentinels name now.
   */
  #followSentinels(): void {
    const old = this.#connection;
    this.#connection = null;
    this.#pool?.dropIdle();
    void old?.close();
  }

  /**
   * New credentials arrived: AUTH the live connections (after what they
   * already sent), let idle pooled ones be opened again, emit `reauth`.
   */
  #reauthenticate(credentials: Credentials): void {
    const args = ["AUTH", credentials.username ?? "default", credentials.password];
    const connection = this.#connection;
    const done = connection?.isOpen
      ? connection.send(args).then(() => undefined)
      : Promise.resolve(undefined);
    this.#pool?.dropIdle();
    done.then(
      () => this.events.dispatchEvent(new ReauthEvent()),
      (error) => this.events.dispatchEvent(new RedisErrorEvent(error)),
    );
  }

  /** The client's resolved options. */
  get options(): ConnectionReadyOptions {
    return this.#options;
  }

  /** Whether server errors get the caller's stack (the `callerStacks` option). */
  get callerStacks(): boolean {
    return this.#options.callerStacks;
  }

  /** The protocol the current connection speaks, once connected. */
  get protocol(): 2 | 3 | undefined {
    return this.#protocol;
  }

  /** Whether {@link ConnectionManager.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Send one command on the current connection, connecting first if needed.
   * A blocking command (BLPOP, XREAD BLOCK, WAIT, …) borrows a connection of
   * the pool instead, so that the shared one never waits behind it.
   */
  send(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    if (args.length === 1 && isQuit(args[0])) return this.quit(transform);
    const sent = this.#dispatch(args, transform, bytes, options);
    if (this.#sentinel === undefined) return sent;
    return sent.catch((error) => {
      if (error instanceof ReadOnlyError && this.#options.sentinel?.role !== "replica") {
        this.#followSentinels();
      }
      throw error;
    });
  }

  /**
   * A command was written and its connection lost before the reply: send it
   * again when the `retry` option allows (read-only by its flags, or
   * `retryWrites`), unless the offline queue is off (then failures while
   * disconnected are wanted at once). `undefined`: it rejects.
   */
  readonly #resend = (
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
    error: ConnectionError,
  ): Promise<unknown> | undefined => {
    const retry = this.#options.retry;
    if (retry === false || this.#options.offlineQueue === false || this.#closed) return undefined;
    if (!retry.retryWrites && !isReadOnly(args)) return undefined;
    if (!retry.allows(error, 1) || options?.signal?.aborted) return undefined;
    return retry.retryAfter(error, () => this.#dispatch(args, transform, bytes, options), {
      stop: () => this.#closed || options?.signal?.aborted === true,
    });
  };

  /** `#send`, timed with a `command` event when someone listens. */
  #dispatch(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    return this.events.wantsCommands
      ? this.#timed(args, transform, bytes, options)
      : this.#send(args, transform, bytes, options);
  }

  /** `send`, dispatching a `command` event with the duration and error. */
  #timed(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    const started = performance.now();
    const name = typeof args[0] === "string" ? args[0].toUpperCase() : String(args[0]);
    return this.#send(args, transform, bytes, options).then((reply) => {
      this.events.dispatchEvent(new CommandEvent(name, performance.now() - started));
      return reply;
    }, (error) => {
      this.events.dispatchEvent(new CommandEvent(name, performance.now() - started, error));
      throw error;
    });
  }

  #send(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    const blocking = blockingTimeout(args);
    if (blocking !== undefined) {
      return this.#sendBlocking(args, transform, bytes, options, blocking);
    }
    const connection = this.#connection;
    if (connection !== null && connection.isOpen) {
      return connection.send(args, transform, bytes, options);
    }
    return this.connection().then((ready) => ready.send(args, transform, bytes, options));
  }

  /**
   * Run `use` on the open connection at once, so that what it sends keeps
   * its place among commands issued after it; when there is none, connect
   * first.
   */
  withConnection<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = this.#connection;
    if (connection !== null && connection.isOpen) return use(connection);
    return this.connection().then(use);
  }

  /**
   * Send a batch (a pipeline, or with `atomic` a MULTI … EXEC block) on the
   * current connection, at once when there is one, so that it keeps its
   * place among the commands issued after it. A pipeline holding blocking
   * commands borrows a pooled connection instead, as they would alone, and
   * waits for the server's timeouts plus a margin.
   */
  sendBatch(
    commands: readonly BatchCommand[],
    bytes: boolean,
    atomic: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown[]> {
    const sent = batchOptions(commands, this.#options.commandTimeout, options);
    if (sent === options) {
      return this.withConnection((connection) =>
        connection.sendBatch(commands, bytes, atomic, options)
      );
    }
    return this.#onPooled(
      options?.signal,
      (connection) => connection.sendBatch(commands, bytes, atomic, sent),
    );
  }

  /** The open connection; connects when there is none. */
  connection(): Promise<Connection> {
    if (this.#closed) {
      return Promise.reject(new ClientClosedError("the client is closed"));
    }
    const connection = this.#connection;
    if (connection !== null && connection.isOpen) return Promise.resolve(connection);
    if (!this.#lost || this.#options.reconnect === false) {
      this.#connecting ??= this.#open();
      return this.#connecting;
    }
    return this.#waitOffline(this.#startReconnect());
  }

  /** The reconnection under way, or a new one. */
  #startReconnect(): Promise<Connection> {
    if (this.#connecting !== null) return this.#connecting;
    const reconnecting = this.#reconnect().finally(() => {
      if (this.#connecting === reconnecting) this.#connecting = null;
    });
    reconnecting.catch(() => {});
    this.#connecting = reconnecting;
    return reconnecting;
  }

  /** A command waits for the reconnection, within the offline queue's bounds and its timeout. */
  #waitOffline(reconnected: Promise<Connection>): Promise<Connection> {
    const queue = this.#options.offlineQueue;
    if (queue === false) {
      return Promise.reject(
        new ConnectionError("not connected, reconnecting (the offline queue is off)"),
      );
    }
    if (this.#offlineWaiting >= queue.maxSize) {
      return Promise.reject(
        new ConnectionError(`not connected and the offline queue is full (${queue.maxSize})`),
      );
    }
    this.#offlineWaiting++;
    const timeout = this.#options.commandTimeout;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A waiting command keeps the process alive (the reconnect itself does not), with or
    // without a timeout.
    const hold = timeout === 0 ? setInterval(() => {}, 2 ** 30) : undefined;
    const waited = timeout === 0 ? reconnected : Promise.race([
      reconnected,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new TimeoutError(`not reconnected within ${timeout} ms`)),
          timeout,
        );
      }),
    ]);
    return waited.finally(() => {
      clearTimeout(timer);
      clearInterval(hold);
      this.#offlineWaiting--;
    });
  }

  /** Connect again with the backoff between attempts; `reconnecting` before each wait. */
  async #reconnect(): Promise<Connection> {
    const { backoff, maxAttempts } = this.#options.reconnect as Required<ReconnectOptions>;
    backoff.reset();
    for (let attempt = 1;; attempt++) {
      const delay = backoff.compute(attempt);
      this.events.dispatchEvent(new ReconnectingEvent(attempt, delay));
      // In the background: only commands waiting for the reconnect keep the process alive.
      await backgroundSleep(delay);
      if (this.#closed) throw new ClientClosedError("the client was closed while reconnecting");
      try {
        const connection = await this.#openNow(true);
        this.#lost = false;
        return connection;
      } catch (error) {
        // A refused AUTH, or credentials that are not credentials, will not
        // get better by asking again.
        if (
          error instanceof AuthenticationError || error instanceof DataError ||
          attempt >= maxAttempts || this.#closed
        ) {
          throw error;
        }
      }
    }
  }

  /** The subscriber connection's owner, made on first use. */
  get subscriber(): Subscriber {
    if (this.#subscriber === undefined) {
      this.#subscriber = new Subscriber(this.#options);
      // Made after close(): closed too, so that it refuses to subscribe.
      if (this.#closed) void this.#subscriber.close();
    }
    return this.#subscriber;
  }

  /** The pool that blocking commands borrow from, made on first use. */
  get pool(): ConnectionPool {
    if (this.#pool !== undefined) return this.#pool;
    this.#pool = new ConnectionPool(
      async () => {
        const { connection } = await this.#openLoaded({});
        return connection;
      },
      this.#options.pool,
      (reused, idle) => {
        this.events.dispatchEvent(new ConnectionReleasedEvent(reused, idle));
      },
    );
    // Made after close(): closed too, so that `acquire()` rejects with ClientClosedError.
    if (this.#closed) void this.#pool.close();
    return this.#pool;
  }

  /**
   * Run a blocking command on a borrowed connection. Its client-side timeout
   * is the server's plus a margin, unless the caller set one. A connection
   * whose command did not get its reply (timeout, abort, lost) is closed,
   * never given back still blocked.
   */
  #sendBlocking(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
    serverTimeout: number,
  ): Promise<unknown> {
    const timeout = options?.timeout ?? clientTimeoutFor(serverTimeout);
    return this.#onPooled(
      options?.signal,
      (connection) =>
        connection.send(args, transform, bytes, {
          signal: options?.signal,
          timeout,
          blocking: true,
        }),
    );
  }

  /**
   * Run `use` on a borrowed connection (the wait for one ends when `signal`
   * aborts). A connection whose command did not get its reply (timeout,
   * abort, lost) is closed, never given back still blocked.
   */
  async #onPooled<T>(
    signal: AbortSignal | undefined,
    use: (connection: Connection) => Promise<T>,
  ): Promise<T> {
    if (this.#closed) throw new ClientClosedError("the client is closed");
    const pool = this.pool;
    const connection = await pool.acquire({ signal });
    try {
      const reply = await use(connection);
      pool.release(connection);
      return reply;
    } catch (error) {
      if (error instanceof ResponseError) pool.release(connection);
      else pool.destroy(connection);
      throw error;
    }
  }

  /**
   * QUIT: close the client as {@link ConnectionManager.close} does, and
   * answer `OK`. Nothing is sent (QUIT is deprecated since Redis 7.2): the
   * outcome is the same, and later commands reject with `ClientClosedError`
   * instead of connecting again.
   */
  async quit(transform?: ReplyTransform): Promise<unknown> {
    await this.close();
    return transform === undefined ? "OK" : transform("OK");
  }

  /** Close the connection once its pending commands are answered; refuse new ones. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.events.dispatchEvent(new EndEvent());
    this.#sentinel?.close();
    await this.#subscriber?.close();
    await this.#pool?.close();
    // A reconnect in the background is not waited for: it sees `#closed` and gives up (and it
    // may be sleeping on a timer that does not keep the process alive).
    const connecting = this.#lost ? null : this.#connecting;
    const connection = this.#connection ?? await connecting?.catch(() => null);
    this.#connection = null;
    await connection?.close();
  }

  async #open(): Promise<Connection> {
    try {
      return await this.#openNow();
    } finally {
      this.#connecting = null;
    }
  }

  /**
   * Open a connection where the client goes now (for Sentinel: the server
   * the sentinels name at this moment, so that events and errors name it),
   * then wait, up to the connect timeout again, until the server has loaded
   * its dataset (a restarted server answers LOADING until then).
   * `onConnect` is called between the two.
   */
  async #openLoaded(
    extra: Pick<ConnectionOptions, "onPush" | "resend" | "onClose" | "background">,
    onConnect?: (address: string) => void,
  ): Promise<OpenConnection & { address: string }> {
    let options: ConnectionOptions = { ...this.#options, ...extra };
    const sentinel = this.#sentinel;
    if (sentinel !== undefined) {
      const { host, port } = await sentinel.resolve();
      const named = `${host}:${port}`;
      options = {
        ...options,
        host,
        port,
        resolveAddress: undefined,
        verify: (connection) => sentinel.verify(connection, named),
      };
    }
    const address = describeAddress(options);
    const opened = await openConnection(options);
    onConnect?.(address);
    try {
      await waitUntilLoaded(
        (timeout) => opened.connection.send(["PING"], undefined, false, { timeout }),
        address,
        options.connectTimeout,
        () => this.#closed,
        extra.background ? backgroundSleep : undefined,
      );
    } catch (error) {
      opened.connection.destroy();
      throw error;
    }
    return { ...opened, address };
  }

  /** Open a connection and make it the client's. */
  async #openNow(background = false): Promise<Connection> {
    let connection: Connection | undefined;
    try {
      const opened = await this.#openLoaded({
        background,
        resend: this.#options.retry === false ? undefined : this.#resend,
        onClose: (error) => {
          if (connection === undefined || this.#connection !== connection) return;
          this.#connection = null;
          if (error === undefined || this.#closed) return;
          this.events.dispatchEvent(new RedisErrorEvent(error));
          this.#lost = true;
          if (this.#options.reconnect !== false) this.#startReconnect();
        },
      }, (address) => this.events.dispatchEvent(new ConnectEvent(address)));
      connection = opened.connection;
      const protocol = opened.protocol;
      this.events.dispatchEvent(new ReadyEvent(opened.address, protocol));
      if (this.#closed) {
        connection.destroy();
        throw new ClientClosedError("the client was closed while connecting");
      }
      this.#connection = connection;
      this.#protocol = protocol;
      void this.#sentinel?.watch(() => this.#followSentinels());
      return connection;
    } catch (error) {
      this.events.dispatchEvent(new RedisErrorEvent(error));
      throw error;
    }
  }
}
