/**
 * A client's connections, put together: the shared connection's lifecycle,
 * the dispatcher that routes commands, the pool for blocking commands and
 * `acquire()`, and the subscriber connection, the last two made on first
 * use. Rotating credentials and Sentinel plug in here, through the options'
 * hooks; closing closes everything.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import type { ReplyTransform } from "../conn/command_request.ts";
import { commandRequest } from "../conn/command_request.ts";
import { CredentialStream } from "../auth/credential_stream.ts";
import type { Credentials } from "../auth/credentials.ts";
import {
  ConnectionReleasedEvent,
  ReauthEvent,
  RedisErrorEvent,
  RedisEvents,
} from "../events/events.ts";
import { ConnectionPool } from "../pool/connection_pool.ts";
import { SentinelResolver } from "../sentinel/sentinel_resolver.ts";
import type { CacheStats, ReplyCache } from "../cache/reply_cache.ts";
import { ClientCache } from "./client_cache.ts";
import { CommandDispatcher } from "./command_dispatcher.ts";
import { type ClientStatus, ConnectionLifecycle } from "./connection_lifecycle.ts";
import type { ResolvedOptions } from "./options.ts";
import type { ConnectionReadyOptions } from "./ready_options.ts";
import { sentinelHooks } from "./sentinel_hooks.ts";
import { Subscriber } from "./subscriber.ts";

/**
 * Owns one client's connections (of `Redis`, or of one cluster node).
 *
 * @example
 * ```ts
 * const manager = new ConnectionManager(resolveOptions("redis://127.0.0.1:6379"));
 * await manager.dispatcher.send(commandRequest(["PING"])); // "PONG"
 * await manager.close();
 * ```
 */
export class ConnectionManager {
  /** The client's events. */
  readonly events: RedisEvents = new RedisEvents();
  /** Routes the client's commands: the route of its executors. */
  readonly dispatcher: CommandDispatcher;
  readonly #options: ConnectionReadyOptions;
  readonly #lifecycle: ConnectionLifecycle;
  readonly #sentinel: SentinelResolver | undefined;
  #pool: ConnectionPool | undefined;
  #subscriber: Subscriber | undefined;
  readonly #cache: ClientCache | undefined;

  /**
   * @param options Resolved client options.
   * @param cacheStore With the `cache` option, the store to keep replies in
   *   instead of one of its own (a cluster client's nodes share one).
   */
  constructor(options: ResolvedOptions, cacheStore?: ReplyCache) {
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
    let onError: ((error: unknown) => void) | undefined;
    if (options.sentinel !== undefined) {
      const sentinel = new SentinelResolver(options.sentinel, options.connectTimeout);
      this.#sentinel = sentinel;
      const hooks = sentinelHooks(sentinel, options.sentinel.role, () => this.#move());
      ready = { ...ready, resolveAddress: hooks.resolveAddress, verify: hooks.verify };
      onError = hooks.onError;
    }
    this.#options = ready;
    const cache = options.cache === undefined
      ? undefined
      : new ClientCache(options.cache, this.events, cacheStore);
    this.#cache = cache;
    this.#lifecycle = new ConnectionLifecycle(
      ready,
      this.events,
      ready.retry === false
        ? undefined
        : (request, error) => this.dispatcher.resend(request, error),
      cache,
    );
    this.dispatcher = new CommandDispatcher(this.#lifecycle, ready, this.events, {
      pool: () => this.pool,
      quit: (transform) => this.quit(transform),
      onError,
      cache,
    });
  }

  /** The client-side cache's counters and size; `undefined` without the `cache` option. */
  get cacheStats(): CacheStats | undefined {
    return this.#cache?.stats;
  }

  /**
   * Told when a command that is not read-only was answered on a connection
   * of the client other than through the dispatcher (`acquire()`,
   * `transaction()`): the client-side cache waits for its invalidations.
   * `undefined` without the `cache` option.
   */
  get afterWrite(): (() => void) | undefined {
    return this.#cache?.wrote;
  }

  /** The client's resolved options (hooks included). */
  get options(): ConnectionReadyOptions {
    return this.#options;
  }

  /** Whether server errors get the caller's stack (the `callerStacks` option). */
  get callerStacks(): boolean {
    return this.#options.callerStacks;
  }

  /** The protocol the current connection speaks, once connected. */
  get protocol(): 2 | 3 | undefined {
    return this.#lifecycle.protocol;
  }

  /** Where the shared connection is in its life now. */
  get status(): ClientStatus {
    return this.#lifecycle.status;
  }

  /** Whether {@link ConnectionManager.close} was called. */
  get closed(): boolean {
    return this.#lifecycle.closed;
  }

  /** The shared connection; connects when there is none. */
  connection(): Promise<Connection> {
    return this.#lifecycle.connection();
  }

  /** The subscriber connection's owner, made on first use. */
  get subscriber(): Subscriber {
    if (this.#subscriber === undefined) {
      this.#subscriber = new Subscriber(this.#options);
      // Made after close(): closed too, so that it refuses to subscribe.
      if (this.closed) void this.#subscriber.close();
    }
    return this.#subscriber;
  }

  /** The pool that blocking commands and `acquire()` borrow from, made on first use. */
  get pool(): ConnectionPool {
    if (this.#pool !== undefined) return this.#pool;
    this.#pool = new ConnectionPool(
      () => this.#lifecycle.openOther(),
      this.#options.pool,
      (reused, idle) => {
        this.events.dispatchEvent(new ConnectionReleasedEvent(reused, idle));
      },
    );
    // Made after close(): closed too, so that `acquire()` rejects with ClientClosedError.
    if (this.closed) void this.#pool.close();
    return this.#pool;
  }

  /**
   * The sentinels named a new master, or the server refused a write as a
   * replica: stop using the current connections (the shared one closes
   * once its replies are in); the next command connects to the master the
   * sentinels name now.
   */
  #move(): void {
    this.#lifecycle.drop();
    this.#pool?.dropIdle();
  }

  /**
   * New credentials arrived: AUTH the live connection (after what it
   * already sent), let idle pooled ones be opened again, emit `reauth`.
   */
  #reauthenticate(credentials: Credentials): void {
    const args = ["AUTH", credentials.username ?? "default", credentials.password];
    const connection = this.#lifecycle.live;
    const done = connection !== null
      ? connection.send(commandRequest(args)).then(() => undefined)
      : Promise.resolve(undefined);
    this.#pool?.dropIdle();
    done.then(
      () => this.events.dispatchEvent(new ReauthEvent()),
      (error) => this.events.dispatchEvent(new RedisErrorEvent(error)),
    );
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

  /** Close every connection once its pending commands are answered; refuse new ones. */
  close(): Promise<void> {
    if (!this.closed) this.#cache?.close();
    return this.#lifecycle.close(async () => {
      this.#sentinel?.close();
      await this.#subscriber?.close();
      await this.#pool?.close();
    });
  }
}
