/**
 * Owns the client's one multiplexed connection: opens it on first use,
 * opens a new one on the next command after it was lost, and closes it.
 *
 * @module
 */
import type { Connection, ReplyTransform, SendOptions } from "../conn/connection.ts";
import { describeAddress, openConnection } from "../conn/open_connection.ts";
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
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { ReconnectOptions, ResolvedOptions } from "./options.ts";
import { CredentialStream } from "../auth/credential_stream.ts";
import type { Credentials, CredentialsProvider } from "../conn/open_connection.ts";

/** Resolved options whose credentials, if any, are a provider function. */
export type ConnectionReadyOptions = Omit<ResolvedOptions, "credentials"> & {
  credentials?: CredentialsProvider;
};
import { Subscriber } from "./subscriber.ts";

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
  /** Receives RESP3 push frames of the connection. */
  onPush: ((frame: RespValue[]) => void) | undefined;

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
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.#closed) throw new ClientClosedError("the client was closed while reconnecting");
      try {
        const connection = await this.#openNow();
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
    this.#subscriber ??= new Subscriber(this.#options);
    return this.#subscriber;
  }

  /** The pool that blocking commands borrow from, made on first use. */
  get pool(): ConnectionPool {
    this.#pool ??= new ConnectionPool(
      async () => {
        const { connection } = await openConnection(this.#options);
        return connection;
      },
      this.#options.pool,
      (reused, idle) => {
        this.events.dispatchEvent(new ConnectionReleasedEvent(reused, idle));
      },
    );
    return this.#pool;
  }

  /**
   * Run a blocking command on a borrowed connection. Its client-side timeout
   * is the server's plus a margin, unless the caller set one. A connection
   * whose command did not get its reply (timeout, abort, lost) is closed,
   * never given back still blocked.
   */
  async #sendBlocking(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
    serverTimeout: number,
  ): Promise<unknown> {
    if (this.#closed) throw new ClientClosedError("the client is closed");
    const pool = this.pool;
    const connection = await pool.acquire();
    const timeout = options?.timeout ?? clientTimeoutFor(serverTimeout);
    try {
      const reply = await connection.send(args, transform, bytes, {
        signal: options?.signal,
        timeout,
      });
      pool.release(connection);
      return reply;
    } catch (error) {
      if (error instanceof ResponseError) pool.release(connection);
      else pool.destroy(connection);
      throw error;
    }
  }

  /** Close the connection once its pending commands are answered; refuse new ones. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.events.dispatchEvent(new EndEvent());
    this.#sentinel?.close();
    await this.#subscriber?.close();
    await this.#pool?.close();
    const connection = this.#connection ?? await this.#connecting?.catch(() => null);
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

  /** Open a connection and make it the client's. */
  async #openNow(): Promise<Connection> {
    let connection: Connection | undefined;
    try {
      const opened = await openConnection({
        ...this.#options,
        onPush: (frame) => this.onPush?.(frame),
        resend: this.#options.retry === false ? undefined : this.#resend,
        onClose: (error) => {
          if (connection === undefined || this.#connection !== connection) return;
          this.#connection = null;
          if (error === undefined || this.#closed) return;
          this.events.dispatchEvent(new RedisErrorEvent(error));
          this.#lost = true;
          if (this.#options.reconnect !== false) this.#startReconnect();
        },
      });
      connection = opened.connection;
      const protocol = opened.protocol;
      const address = describeAddress(this.#options);
      this.events.dispatchEvent(new ConnectEvent(address));
      this.events.dispatchEvent(new ReadyEvent(address, protocol));
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
