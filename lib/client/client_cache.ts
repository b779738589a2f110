/**
 * A client's client-side cache (the `cache` option): which single commands
 * it answers from memory, which replies it keeps, and when it may not. The
 * store is `lib/cache`'s {@link ReplyCache}; this is what ties it to the
 * client's shared connection:
 *
 * - **Tracking**: each new shared connection turns `CLIENT TRACKING` on
 *   before it takes commands ({@link ClientCache.prepare}, through the
 *   lifecycle's hooks); invalidations arrive as RESP3 pushes on it
 *   ({@link ClientCache.onPush}) or, under RESP2, on a listener connection
 *   the tracking is redirected to (`cache_tracking.ts`). Outside broadcast
 *   mode the tracking is `OPTIN`: a read the store admits (`admits`: the
 *   second read of a key once the store is full) is sent right after
 *   `CLIENT CACHING YES`, in the same write, and the others are not
 *   tracked, so that reads the cache will not keep cost the server nothing.
 * - **Served only while the invalidation path is live**: from the moment a
 *   connection is tracked until it is lost, dropped (a failover) or closed,
 *   or its RESP2 listener is lost; then the cache is emptied, and nothing is
 *   served or stored until tracking is confirmed again.
 * - **Reads in flight** take the store's clock before they are sent and are stored only
 *   if no invalidation of their keys (or of everything) came before their
 *   reply.
 * - **The client's own writes**: after any command that is not read-only
 *   is answered, on any of the client's connections, nothing is served
 *   until the invalidation path has answered a PING sent after it, so that
 *   the write's invalidations are in before the next read is answered from
 *   memory (the server sends them; NOLOOP is not used).
 * - **Commands that change what the connection reads**: SELECT and SWAPDB
 *   empty the cache; MULTI (sent by hand) stops it until EXEC or DISCARD;
 *   RESET, HELLO and CLIENT TRACKING stop it until the next connection.
 *
 * @module
 */
import { cacheableKeys, cacheKeyOf } from "../cache/cacheable.ts";
import { type CacheStats, ReplyCache } from "../cache/reply_cache.ts";
import type { Connection } from "../conn/connection.ts";
import { type BatchCommand, type CommandRequest, commandRequest } from "../conn/command_request.ts";
import { backgroundSleep } from "../conn/lifecycle.ts";
import type { ConnectionOptions } from "../conn/open_connection.ts";
import { invalidatedKeys, type TrackingMode } from "../conn/tracking.ts";
import { isReadOnly } from "../commands/read_only.ts";
import { type InvalidateCause, InvalidateEvent, type RedisEvents } from "../events/events.ts";
import type { RespValue } from "../resp/types.ts";
import {
  CacheEffect,
  cacheEffectOf,
  copyReply,
  coveredByPrefixes,
  servedReply,
} from "./cache_rules.ts";
import { startTracking, type TrackingSession } from "./cache_tracking.ts";
import type { InvalidationHandlers } from "./invalidation_listener.ts";
import type { ResolvedCacheOptions } from "./redis_options.ts";

/**
 * Sends a request on past the cache (the dispatcher's own path).
 *
 * @example
 * ```ts
 * const dispatch: Dispatch = (request) => connection.send(request);
 * ```
 */
export type Dispatch = (request: CommandRequest) => Promise<unknown>;

/** Sent right before each read in `optin` mode, in the same write. */
const CACHING_YES = commandRequest(["CLIENT", "CACHING", "YES"]);

/**
 * The client-side cache of one client (see the module doc). It is the
 * lifecycle's hooks for the shared connection, and the dispatcher sends
 * single commands through {@link ClientCache.send}.
 *
 * @example
 * ```ts
 * const cache = new ClientCache(resolveCache(true)!, events);
 * const lifecycle = new ConnectionLifecycle(options, events, resend, cache);
 * await cache.send(commandRequest(["GET", "k"]), dispatch); // from the server, then kept
 * ```
 */
export class ClientCache {
  readonly #store: ReplyCache;
  readonly #events: RedisEvents;
  /** What the server is asked to track: OPTIN unless broadcasting (see {@link ClientCache.send}). */
  readonly #mode: TrackingMode;
  /** Only reads under `with({ cache: true })` are cached (the `optin` option). */
  readonly #optin: boolean;
  /** Broadcast prefixes, when some are given (no prefix: every key is covered). */
  readonly #prefixes: readonly string[] | undefined;
  /** Tracking set up on a connection that is not the client's yet. */
  #pending: TrackingSession | undefined;
  #pendingOptions: ConnectionOptions | undefined;
  /** The client's shared connection, once tracking was set up on it. */
  #tracked: Connection | null = null;
  #trackedOptions: ConnectionOptions | undefined;
  /** Its tracking while invalidations arrive; `undefined` while the RESP2 listener is restored. */
  #session: TrackingSession | undefined;
  /** A RESET, HELLO or CLIENT TRACKING was sent: off until the next connection. */
  #suspended = false;
  /** MULTI sent by hand, not ended yet. */
  #inMulti = 0;
  /** Writes answered since the session began, and how many of them a sync has covered. */
  #writes = 0;
  #synced = 0;
  #syncing = false;
  #closed = false;
  /** Replies may be stored (and reads are registered). */
  #fillable = false;
  /** Replies may be served: fillable, and no write of the client's own awaits its invalidations. */
  #servable = false;

  /**
   * An empty cache, not serving until a connection is tracked.
   *
   * @param options The resolved `cache` option.
   * @param events Where `invalidate` events go.
   * @param store The store to use instead of a new one of its own: a cluster
   *   client's node connections share one, so that its bounds hold for the
   *   client as a whole (each node's cache empties it where it would empty
   *   its own).
   */
  constructor(options: ResolvedCacheOptions, events: RedisEvents, store?: ReplyCache) {
    this.#store = store ?? new ReplyCache(options);
    this.#events = events;
    const mode = options.mode;
    this.#mode = typeof mode === "object" ? mode : "optin";
    this.#optin = mode === "optin";
    this.#prefixes = typeof mode === "object" && mode.broadcast.length > 0
      ? mode.broadcast
      : undefined;
  }

  /** The counters and the size of the cache now. */
  get stats(): CacheStats {
    return this.#store.stats();
  }

  /**
   * Send a single command of the client: answered from the cache (a hit),
   * sent and its reply kept (a miss), or sent past the cache, noting what
   * it does to the cache (a write, SELECT, …).
   */
  send(request: CommandRequest, dispatch: Dispatch): Promise<unknown> {
    const args = request.args;
    const keys = cacheableKeys(args);
    if (keys === undefined) return this.#sendOther(request, dispatch);
    if (!this.#fillable) return dispatch(request);
    const options = request.options;
    const wanted = options === undefined ? undefined : options.cache;
    if (this.#optin ? wanted !== true : wanted === false) return dispatch(request);
    const prefixes = this.#prefixes;
    if (prefixes !== undefined && !coveredByPrefixes(keys, prefixes)) return dispatch(request);
    const store = this.#store;
    const key = keys[0];
    let cacheKey: string | undefined;
    // A key no entry reads needs no cache key to miss.
    if (this.#servable && store.holds(key)) {
      cacheKey = cacheKeyOf(args, request.bytes);
      const raw = store.get(key, cacheKey);
      if (raw !== undefined) return servedReply(raw, request);
    }
    // An explicit opt-in (`optin` mode) is always kept; otherwise a full store keeps second reads.
    if (!this.#optin && !store.admits(key)) return dispatch(request);
    return this.#miss(request, keys, cacheKey ?? cacheKeyOf(args, request.bytes), dispatch);
  }

  /**
   * A batch (pipeline or MULTI block) on the shared connection: what its
   * commands do to the cache. Its reads are neither served nor stored.
   */
  sentBatch(commands: readonly BatchCommand[], sent: Promise<unknown>): void {
    let writes = false;
    for (let i = 0; i < commands.length; i++) {
      const args = commands[i].args;
      const effect = cacheEffectOf(args);
      if (effect === CacheEffect.clear || effect === CacheEffect.suspend) this.#before(effect);
      if (!writes && !isReadOnly(args)) writes = true;
    }
    if (writes) sent.then(this.wrote, this.wrote);
  }

  /**
   * A command that is not read-only was answered (or failed) on one of the
   * client's connections: serve nothing until the invalidations it caused
   * are in (see the module doc).
   */
  readonly wrote = (): void => {
    const session = this.#session;
    if (session === undefined) return;
    this.#writes++;
    this.#servable = false;
    // Inside a MULTI sent by hand a PING would join the transaction: EXEC's answer syncs.
    if (!this.#syncing && this.#inMulti === 0) this.#sync(session);
  };

  /** The shared connection's push frames: RESP3 invalidations. */
  readonly onPush = (frame: RespValue[]): void => {
    const keys = invalidatedKeys(frame);
    if (keys !== undefined) this.#invalidated(keys);
  };

  /**
   * Set up tracking on a new shared connection (after its handshake,
   * before it takes commands); a rejection fails the connection.
   */
  async prepare(
    connection: Connection,
    protocol: 2 | 3,
    options: ConnectionOptions,
  ): Promise<void> {
    // The listener may be lost before startTracking returns: its handler then finds no session.
    const started: { session?: TrackingSession } = {};
    const session = started.session = await startTracking(
      connection,
      protocol,
      this.#mode,
      options,
      this.#handlers(() => started.session),
    );
    this.#pending?.close();
    this.#pending = session;
    this.#pendingOptions = options;
  }

  /** The prepared connection became the client's: the cache starts, empty. */
  attached(connection: Connection): void {
    const session = this.#pending;
    this.#pending = undefined;
    if (session === undefined || session.connection !== connection || this.#closed) {
      session?.close();
      return;
    }
    this.#tracked = connection;
    this.#trackedOptions = this.#pendingOptions;
    this.#pendingOptions = undefined;
    this.#suspended = false;
    this.#inMulti = 0;
    this.#store.clear();
    if (session.live) this.#begin(session);
    else {
      session.close();
      void this.#restore(connection);
    }
  }

  /**
   * The connection stopped being the client's (lost, dropped, closed) or
   * never became it: if it was the tracked one, the cache empties and stops.
   */
  detached(connection: Connection): void {
    if (this.#pending?.connection === connection) {
      this.#pending.close();
      this.#pending = undefined;
    }
    if (this.#tracked !== connection) return;
    this.#tracked = null;
    this.#end("connection");
  }

  /** The client closes: empty, and never again. */
  close(): void {
    this.#closed = true;
    this.#pending?.close();
    this.#pending = undefined;
    this.#tracked = null;
    this.#session?.close();
    this.#session = undefined;
    this.#update();
    this.#store.clear();
  }

  #miss(
    request: CommandRequest,
    keys: string[],
    cacheKey: string,
    dispatch: Dispatch,
  ): Promise<unknown> {
    const store = this.#store;
    const read = store.begin(keys);
    const transform = request.transform;
    // The server tracks a read only right after CLIENT CACHING YES, in the same write.
    if (this.#mode === "optin") this.#tracked!.send(CACHING_YES).catch(() => {});
    // A read that fails holds nothing in the store: no ending needed.
    return dispatch({
      args: request.args,
      // Stored as it arrives, in the order of the connection's frames: an invalidation that
      // follows the reply removes it, one that came before it keeps it out.
      transform: (raw) => {
        store.fill(read, cacheKey, copyReply(raw));
        return transform === undefined ? raw : transform(raw);
      },
      bytes: request.bytes,
      options: request.options,
    });
  }

  #sendOther(request: CommandRequest, dispatch: Dispatch): Promise<unknown> {
    const args = request.args;
    const effect = cacheEffectOf(args);
    if (effect !== 0) this.#before(effect);
    const sent = dispatch(request);
    if (effect === CacheEffect.multiEnd) sent.then(this.#multiEnded, this.#multiEnded);
    if (!isReadOnly(args)) sent.then(this.wrote, this.wrote);
    return sent;
  }

  /** A command with an effect on the cache is about to be sent. */
  #before(effect: number): void {
    if (effect === CacheEffect.suspend) this.#suspended = true;
    else if (effect === CacheEffect.multi) this.#inMulti++;
    else if (effect !== CacheEffect.clear) return;
    this.#update();
    this.#clear("command");
  }

  readonly #multiEnded = (): void => {
    if (this.#inMulti > 0) this.#inMulti--;
    this.#update();
  };

  /** What a listener of the session `current()` tells the cache. */
  #handlers(current: () => TrackingSession | undefined): InvalidationHandlers {
    return {
      invalidated: (keys) => this.#invalidated(keys),
      lost: () => {
        const session = current();
        if (session === undefined || session !== this.#session) return;
        this.#end("connection");
        void this.#restore(session.connection);
      },
    };
  }

  #invalidated(keys: string[] | null): void {
    this.#store.invalidate(keys);
    this.#events.dispatchEvent(new InvalidateEvent(keys, "server"));
  }

  /** Invalidations arrive through `session` from now on: the cache serves. */
  #begin(session: TrackingSession): void {
    this.#session = session;
    this.#writes = 0;
    this.#synced = 0;
    this.#syncing = false;
    this.#update();
  }

  /** They no longer do: empty, and stop. */
  #end(cause: InvalidateCause): void {
    this.#session?.close();
    this.#session = undefined;
    this.#update();
    this.#clear(cause);
  }

  /**
   * The RESP2 listener of `connection` was lost while the connection stays:
   * open another and redirect the tracking to it, with a backoff, as long
   * as the connection is the client's. Nothing keeps the process alive for it.
   */
  async #restore(connection: Connection): Promise<void> {
    for (let attempt = 0;; attempt++) {
      await backgroundSleep(Math.min(50 * 2 ** attempt, 2000));
      const options = this.#trackedOptions;
      if (this.#tracked !== connection || !connection.isOpen || options === undefined) return;
      let session: TrackingSession | undefined;
      try {
        session = await startTracking(
          connection,
          2,
          this.#mode,
          { ...options, background: true },
          this.#handlers(() => session),
          true,
        );
      } catch {
        continue;
      }
      if (this.#tracked !== connection || !connection.isOpen) {
        session.close();
        return;
      }
      if (!session.live) {
        session.close();
        continue;
      }
      this.#begin(session);
      return;
    }
  }

  /** PING the invalidation path until it has answered after the last write. */
  #sync(session: TrackingSession): void {
    this.#syncing = true;
    const target = this.#writes;
    session.sync().then(() => {
      if (session !== this.#session) return;
      this.#syncing = false;
      this.#synced = target;
      if (target !== this.#writes) this.#sync(session);
      else this.#update();
    }, () => {
      if (session !== this.#session) return;
      this.#syncing = false;
      // Not answered in time, the connections still open: ask again. (A lost one ends the
      // session, and with it the wait.)
      if (session.live && session.connection.isOpen) this.#sync(session);
    });
  }

  #update(): void {
    this.#fillable = this.#session !== undefined && !this.#suspended && this.#inMulti === 0 &&
      !this.#closed;
    this.#servable = this.#fillable && this.#synced === this.#writes;
  }

  #clear(cause: InvalidateCause): void {
    this.#store.clear();
    this.#events.dispatchEvent(new InvalidateEvent(null, cause));
  }
}
