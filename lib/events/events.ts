/**
 * The client's typed events, on a standard `EventTarget`. An event with no
 * listener is simply dropped: an `error` event never crashes the process,
 * and every failure also reaches its caller as a rejected promise.
 *
 * @module
 */

/**
 * A connection is open and its handshake done; `ready` follows once the
 * server takes commands (a restarted server first loads its dataset).
 *
 * @example
 * ```ts
 * redis.events.addEventListener("connect", (e) => console.log("connected to", e.address));
 * ```
 */
export class ConnectEvent extends Event {
  /**
   * The server actually connected to, as `host:port` or the socket path:
   * with Sentinel, the server the sentinels named for this connection (the
   * new master after a failover). Never credentials.
   */
  readonly address: string;

  /**
   * Make a connect event.
   * @param address Where the connection goes.
   */
  constructor(address: string) {
    super("connect");
    this.address = address;
  }
}

/**
 * The connection takes commands: the handshake is done and the server has
 * loaded its dataset.
 *
 * @example
 * ```ts
 * redis.events.addEventListener("ready", (e) => console.log("RESP", e.protocol));
 * ```
 */
export class ReadyEvent extends Event {
  /** The address, as in {@link ConnectEvent}. */
  readonly address: string;
  /** The protocol in use. */
  readonly protocol: 2 | 3;

  /**
   * Make a ready event.
   * @param address Where the connection goes.
   * @param protocol The RESP version in use.
   */
  constructor(address: string, protocol: 2 | 3) {
    super("ready");
    this.address = address;
    this.protocol = protocol;
  }
}

/**
 * A connection failed or was lost. The commands it affected were rejected
 * with the same error.
 *
 * @example
 * ```ts
 * redis.events.addEventListener("error", (e) => console.error(e.error));
 * ```
 */
export class RedisErrorEvent extends Event {
  /** What went wrong. */
  readonly error: unknown;

  /**
   * Make an error event.
   * @param error What went wrong.
   */
  constructor(error: unknown) {
    super("error");
    this.error = error;
  }
}

/**
 * The client will try to connect again after `delay` milliseconds.
 *
 * @example
 * ```ts
 * redis.events.addEventListener("reconnecting", (e) => console.log(e.attempt, e.delay));
 * ```
 */
export class ReconnectingEvent extends Event {
  /** Which attempt this is, from 1. */
  readonly attempt: number;
  /** Milliseconds until it. */
  readonly delay: number;

  /**
   * Make a reconnecting event.
   * @param attempt Which attempt, from 1.
   * @param delay Milliseconds until it.
   */
  constructor(attempt: number, delay: number) {
    super("reconnecting");
    this.attempt = attempt;
    this.delay = delay;
  }
}

/**
 * The client was closed.
 *
 * @example
 * ```ts
 * redis.events.addEventListener("end", () => console.log("closed"));
 * ```
 */
export class EndEvent extends Event {
  /** Make an end event. */
  constructor() {
    super("end");
  }
}

/**
 * A command finished: its name, how long it took, and the error if it
 * failed. Enough to plug in tracing or metrics. Arguments are not included
 * (they may hold secrets).
 *
 * @example
 * ```ts
 * redis.events.addEventListener("command", (e) => histogram.record(e.command, e.duration));
 * ```
 */
export class CommandEvent extends Event {
  /** The command's name, e.g. `GET` or `CLIENT KILL`'s `CLIENT`. */
  readonly command: string;
  /** Milliseconds from sending to the reply. */
  readonly duration: number;
  /** The error it failed with, if any. */
  readonly error: unknown;

  /**
   * Make a command event.
   * @param command The command's name.
   * @param duration Milliseconds it took.
   * @param error Its error, if it failed.
   */
  constructor(command: string, duration: number, error?: unknown) {
    super("command");
    this.command = command;
    this.duration = duration;
    this.error = error;
  }
}

/**
 * The live connections were re-authenticated with new credentials.
 *
 * @example
 * ```ts
 * redis.events.addEventListener("reauth", () => console.log("credentials rotated"));
 * ```
 */
export class ReauthEvent extends Event {
  /** Make a reauth event. */
  constructor() {
    super("reauth");
  }
}

/**
 * A pooled connection (blocking command, `transaction()`, `acquire()`) was
 * given back: `reused` when it went back to the pool, not when it was closed
 * (lost, or dropped because it could still be blocked on the server).
 *
 * @example
 * ```ts
 * redis.events.addEventListener("connection-released", (e) => console.log(e.reused, e.idle));
 * ```
 */
export class ConnectionReleasedEvent extends Event {
  /** Whether the connection went back to the pool (`false`: it was closed). */
  readonly reused: boolean;
  /** Idle connections in the pool afterwards. */
  readonly idle: number;

  /**
   * Make a connection-released event.
   * @param reused Whether the connection went back to the pool.
   * @param idle Idle connections in the pool afterwards.
   */
  constructor(reused: boolean, idle: number) {
    super("connection-released");
    this.reused = reused;
    this.idle = idle;
  }
}

/**
 * Why the client-side cache dropped entries: `"server"`, the server said
 * keys changed (a write, an expiry, an eviction; `keys: null` for FLUSHALL
 * or FLUSHDB); `"connection"`, the connection the invalidations arrive on
 * was lost or replaced (reconnect, Sentinel failover); `"command"`,
 * the client sent a command after which the cache cannot be trusted
 * (SELECT, SWAPDB, MULTI, RESET, HELLO, CLIENT TRACKING); `"topology"`, a
 * cluster client learnt that a slot moved (MOVED, ASK, a refreshed slot map
 * with another owner for a slot).
 *
 * @example
 * ```ts
 * const cause: InvalidateCause = "server";
 * ```
 */
export type InvalidateCause = "server" | "connection" | "command" | "topology";

/**
 * The client-side cache dropped entries (the `cache` option): one event per
 * invalidation the server sent, or per emptying of the whole cache. For
 * metrics, and for waiting until a change made elsewhere is seen.
 *
 * @example
 * ```ts
 * redis.events.addEventListener("invalidate", (e) => console.log(e.cause, e.keys ?? "everything"));
 * ```
 */
export class InvalidateEvent extends Event {
  /** The keys invalidated (as text); `null`: everything. */
  readonly keys: readonly string[] | null;
  /** Why. */
  readonly cause: InvalidateCause;

  /**
   * Make an invalidate event.
   * @param keys The keys invalidated; `null`: everything.
   * @param cause Why.
   */
  constructor(keys: readonly string[] | null, cause: InvalidateCause) {
    super("invalidate");
    this.keys = keys;
    this.cause = cause;
  }
}

/** Each event name and its class. */
export interface RedisEventMap {
  /** See {@link ConnectEvent}. */
  connect: ConnectEvent;
  /** See {@link ReadyEvent}. */
  ready: ReadyEvent;
  /** See {@link RedisErrorEvent}. */
  error: RedisErrorEvent;
  /** See {@link ReconnectingEvent}. */
  reconnecting: ReconnectingEvent;
  /** See {@link EndEvent}. */
  end: EndEvent;
  /** See {@link CommandEvent}. */
  command: CommandEvent;
  /** See {@link ReauthEvent}. */
  reauth: ReauthEvent;
  /** See {@link ConnectionReleasedEvent}. */
  "connection-released": ConnectionReleasedEvent;
  /** See {@link InvalidateEvent}. */
  invalidate: InvalidateEvent;
}

/** One `command` listener as `EventTarget` tells them apart: the listener and its capture flag. */
interface CommandListener {
  readonly listener: EventListenerOrEventListenerObject;
  readonly capture: boolean;
  /** What the target calls: the listener, or for `once` a wrapper that unregisters it first. */
  readonly registered: EventListenerOrEventListenerObject;
}

/** The capture flag of listener options, as `EventTarget` reads it. */
function captureOf(options: boolean | EventListenerOptions | undefined): boolean {
  return typeof options === "boolean" ? options : options?.capture === true;
}

/**
 * The client's event target, typed by {@link RedisEventMap}. It keeps track
 * of its `command` listeners (`once` and `signal` ones included) so that
 * commands are timed only while someone listens.
 *
 * @example
 * ```ts
 * redis.events.addEventListener("ready", (e) => console.log(e.protocol));
 * ```
 */
export class RedisEvents extends EventTarget {
  readonly #commandListeners: CommandListener[] = [];

  /**
   * Whether any `command` listener is registered: commands are timed only
   * then.
   *
   * @example
   * ```ts
   * redis.events.addEventListener("command", (e) => console.log(e.command), { once: true });
   * redis.events.wantsCommands; // true, until the listener has fired
   * ```
   */
  get wantsCommands(): boolean {
    return this.#commandListeners.length > 0;
  }

  /** Listen to one of the client's events. */
  override addEventListener<K extends keyof RedisEventMap>(
    type: K,
    listener: ((event: RedisEventMap[K]) => void) | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  /** Listen to any event. */
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | ((event: never) => void) | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (type === "command" && listener !== null) {
      this.#addCommandListener(listener as EventListenerOrEventListenerObject, options);
    } else super.addEventListener(type, listener as EventListenerOrEventListenerObject, options);
  }

  /**
   * Register a `command` listener, once per listener and capture flag as
   * `EventTarget` does. A `once` listener is wrapped so that it leaves the
   * list before it runs; a `signal` removes it through
   * {@link RedisEvents.removeEventListener}, so the list stays exact.
   */
  #addCommandListener(
    listener: EventListenerOrEventListenerObject,
    options: boolean | AddEventListenerOptions | undefined,
  ): void {
    const capture = captureOf(options);
    if (this.#findCommandListener(listener, capture) >= 0) return;
    const settings = typeof options === "object" ? options : undefined;
    const signal = settings?.signal;
    if (signal?.aborted) return;
    const registered: EventListenerOrEventListenerObject = settings?.once !== true
      ? listener
      : function (this: RedisEvents, event: Event): void {
        this.removeEventListener("command", listener, capture);
        if (typeof listener === "function") listener.call(this, event);
        else listener.handleEvent(event);
      };
    this.#commandListeners.push({ listener, capture, registered });
    super.addEventListener("command", registered, { capture, passive: settings?.passive });
    signal?.addEventListener(
      "abort",
      () => this.removeEventListener("command", listener, capture),
      {
        once: true,
      },
    );
  }

  #findCommandListener(listener: unknown, capture: boolean): number {
    const listeners = this.#commandListeners;
    for (let i = 0; i < listeners.length; i++) {
      if (listeners[i].listener === listener && listeners[i].capture === capture) return i;
    }
    return -1;
  }

  /** Stop listening. */
  override removeEventListener<K extends keyof RedisEventMap>(
    type: K,
    listener: ((event: RedisEventMap[K]) => void) | null,
    options?: boolean | EventListenerOptions,
  ): void;
  /** Stop listening to any event. */
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | ((event: never) => void) | null,
    options?: boolean | EventListenerOptions,
  ): void {
    if (type !== "command") {
      super.removeEventListener(type, listener as EventListenerOrEventListenerObject, options);
      return;
    }
    const capture = captureOf(options);
    const index = this.#findCommandListener(listener, capture);
    if (index < 0) return;
    const [removed] = this.#commandListeners.splice(index, 1);
    super.removeEventListener("command", removed.registered, capture);
  }
}
