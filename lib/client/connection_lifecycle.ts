/**
 * The life of a client's shared connection: opened on first use; after a
 * loss, opened again in the background with backoff while commands wait in
 * the offline queue; closed once. Where it connects and how it checks the
 * server are the options' hooks (`resolveAddress`, `verify`, `credentials`):
 * Sentinel and rotating credentials plug in there.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import type { ConnectionSettings } from "../conn/connection_settings.ts";
import { commandRequest } from "../conn/command_request.ts";
import { waitUntilLoaded } from "../conn/handshake.ts";
import { backgroundSleep } from "../conn/lifecycle.ts";
import {
  type ConnectionOptions,
  describeAddress,
  type OpenConnection,
  openConnection,
} from "../conn/open_connection.ts";
import {
  AuthenticationError,
  ClientClosedError,
  ConnectionError,
  DataError,
  TimeoutError,
} from "../errors/errors.ts";
import {
  ConnectEvent,
  EndEvent,
  ReadyEvent,
  ReconnectingEvent,
  RedisErrorEvent,
  type RedisEvents,
} from "../events/events.ts";
import type { RespValue } from "../resp/types.ts";
import type { ReconnectOptions } from "./options.ts";
import type { ConnectionReadyOptions } from "./ready_options.ts";

/**
 * What a client's shared connection runs beyond the handshake, and who
 * hears when it comes and goes: the client-side cache's tracking.
 *
 * @example
 * ```ts
 * const lifecycle = new ConnectionLifecycle(options, events, resend, clientCache);
 * ```
 */
export interface SharedConnectionHooks {
  /** Receives the shared connection's push frames (RESP3 invalidations). */
  readonly onPush: (frame: RespValue[]) => void;
  /**
   * Runs on each new shared connection once its handshake is done and the
   * server has loaded, before `ready` and before it takes commands, with
   * the options it was opened with (the address resolved); a rejection
   * fails the connection, as a failed handshake does.
   */
  prepare(connection: Connection, protocol: 2 | 3, options: ConnectionOptions): Promise<void>;
  /** The prepared connection became the client's shared connection. */
  attached(connection: Connection): void;
  /**
   * A connection opened as the shared one stopped being the client's (lost,
   * dropped, closed) or never became it; may be told more than once.
   */
  detached(connection: Connection): void;
}

/**
 * Where a client's shared connection is in its life:
 * - `"idle"`: no connection open and none being made; the next command (or
 *   `connect()`) connects. A client is idle before its first use, after a
 *   connect failed, after a loss with `reconnect: false`, and once the
 *   reconnect attempts ran out.
 * - `"connecting"`: connecting (and handshaking) on a command's behalf.
 * - `"ready"`: the connection is open and takes commands.
 * - `"reconnecting"`: the connection was lost; connecting again in the
 *   background, with backoff (commands wait in the offline queue).
 * - `"closed"`: `close()` (or `quit()`) was called; for good.
 *
 * @example
 * ```ts
 * const status: ClientStatus = redis.status; // "idle" before the first command
 * ```
 */
export type ClientStatus = "idle" | "connecting" | "ready" | "reconnecting" | "closed";

/**
 * Opens, reopens and closes a client's one shared connection, and tells
 * the client's events about it (`connect`, `ready`, `error`,
 * `reconnecting`, `end`).
 *
 * @example
 * ```ts
 * const lifecycle = new ConnectionLifecycle(options, new RedisEvents(), undefined);
 * const connection = await lifecycle.connection();
 * await lifecycle.close();
 * ```
 */
export class ConnectionLifecycle {
  readonly #options: ConnectionReadyOptions;
  readonly #events: RedisEvents;
  readonly #resend: ConnectionSettings["resend"];
  #connection: Connection | null = null;
  #connecting: Promise<Connection> | null = null;
  #closed = false;
  /** The connection was lost (not closed by the user) and not made again yet. */
  #lost = false;
  #offlineWaiting = 0;
  /** A reconnection in the background is under way (its backoff waits included). */
  #reconnecting = false;
  #protocol: 2 | 3 | undefined;
  readonly #hooks: SharedConnectionHooks | undefined;

  /**
   * A lifecycle that connects on first use.
   *
   * @param options The client's options, hooks included.
   * @param events Where the connection's events go.
   * @param resend Asked for each command lost with its connection (see
   *   `ConnectionSettings.resend`); `undefined`: they reject.
   * @param hooks What each shared connection runs beyond the handshake
   *   (the client-side cache), if anything.
   */
  constructor(
    options: ConnectionReadyOptions,
    events: RedisEvents,
    resend: ConnectionSettings["resend"],
    hooks?: SharedConnectionHooks,
  ) {
    this.#options = options;
    this.#events = events;
    this.#resend = resend;
    this.#hooks = hooks;
  }

  /** Whether {@link ConnectionLifecycle.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The protocol the current connection speaks, once connected. */
  get protocol(): 2 | 3 | undefined {
    return this.#protocol;
  }

  /** Where the connection is in its life now, from its state (no timer of its own). */
  get status(): ClientStatus {
    if (this.#closed) return "closed";
    const connection = this.#connection;
    if (connection !== null && connection.isOpen) return "ready";
    if (this.#reconnecting) return "reconnecting";
    return this.#connecting === null ? "idle" : "connecting";
  }

  /** The connection, when one is open now; `null` otherwise. */
  get live(): Connection | null {
    const connection = this.#connection;
    return connection !== null && connection.isOpen ? connection : null;
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

  /**
   * Stop using the current connection (it closes once its replies are in);
   * the next command connects again, to wherever `resolveAddress` says then.
   */
  drop(): void {
    const old = this.#connection;
    this.#connection = null;
    if (old === null) return;
    this.#hooks?.detached(old);
    void old.close();
  }

  /**
   * Close for good: `end`, then `before` (the client's other connections),
   * then the connection once its pending commands are answered. Later
   * commands reject with `ClientClosedError`.
   */
  async close(before?: () => Promise<void>): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#events.dispatchEvent(new EndEvent());
    await before?.();
    // A reconnect in the background is not waited for: it sees `#closed` and gives up (and it
    // may be sleeping on a timer that does not keep the process alive).
    const connecting = this.#lost ? null : this.#connecting;
    const connection = this.#connection ?? await connecting?.catch(() => null);
    this.#connection = null;
    await connection?.close();
  }

  /**
   * A connection of the client's own, opened as the shared one is (the same
   * hooks, the wait while the server loads) but not shared: for the pool.
   */
  async openOther(): Promise<Connection> {
    const { connection } = await this.#openLoaded({});
    return connection;
  }

  /** The reconnection under way, or a new one. */
  #startReconnect(): Promise<Connection> {
    if (this.#connecting !== null) return this.#connecting;
    // Set before the first `reconnecting` event, which #reconnect dispatches at once.
    this.#reconnecting = true;
    const reconnecting = this.#reconnect().finally(() => {
      this.#reconnecting = false;
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
      this.#events.dispatchEvent(new ReconnectingEvent(attempt, delay));
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

  async #open(): Promise<Connection> {
    try {
      return await this.#openNow();
    } finally {
      this.#connecting = null;
    }
  }

  /**
   * Open a connection where the client goes now (`resolveAddress` is asked
   * first, so that events and errors name the server actually used), then
   * wait, up to the connect timeout again, until the server has loaded its
   * dataset (a restarted server answers LOADING until then). `onConnect` is
   * called between the two.
   */
  async #openLoaded(
    extra: Pick<ConnectionOptions, "resend" | "onClose" | "onPush" | "background">,
    onConnect?: (address: string) => void,
  ): Promise<OpenConnection & { address: string; options: ConnectionOptions }> {
    let options: ConnectionOptions = { ...this.#options, ...extra };
    if (options.resolveAddress !== undefined) {
      options = { ...options, ...await options.resolveAddress(), resolveAddress: undefined };
    }
    const address = describeAddress(options);
    const opened = await openConnection(options);
    onConnect?.(address);
    try {
      await waitUntilLoaded(
        (timeout) =>
          opened.connection.send(commandRequest(["PING"], undefined, false, { timeout })),
        address,
        options.connectTimeout,
        () => this.#closed,
        extra.background ? backgroundSleep : undefined,
      );
    } catch (error) {
      opened.connection.destroy();
      throw error;
    }
    return { ...opened, address, options };
  }

  /** Open a connection and make it the client's. */
  async #openNow(background = false): Promise<Connection> {
    let connection: Connection | undefined;
    const hooks = this.#hooks;
    try {
      const opened = await this.#openLoaded({
        background,
        resend: this.#resend,
        onPush: hooks?.onPush,
        onClose: (error) => {
          if (connection === undefined) return;
          hooks?.detached(connection);
          if (this.#connection !== connection) return;
          this.#connection = null;
          if (error === undefined || this.#closed) return;
          this.#events.dispatchEvent(new RedisErrorEvent(error));
          this.#lost = true;
          if (this.#options.reconnect !== false) this.#startReconnect();
        },
      }, (address) => this.#events.dispatchEvent(new ConnectEvent(address)));
      connection = opened.connection;
      const protocol = opened.protocol;
      if (hooks !== undefined) {
        try {
          await hooks.prepare(connection, protocol, opened.options);
        } catch (error) {
          connection.destroy();
          throw error;
        }
      }
      this.#events.dispatchEvent(new ReadyEvent(opened.address, protocol));
      if (this.#closed) {
        connection.destroy();
        throw new ClientClosedError("the client was closed while connecting");
      }
      this.#connection = connection;
      this.#protocol = protocol;
      hooks?.attached(connection);
      return connection;
    } catch (error) {
      this.#events.dispatchEvent(new RedisErrorEvent(error));
      throw error;
    }
  }
}
