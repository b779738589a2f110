/**
 * The client-side cache of a cluster client (the `cache` option of
 * `RedisCluster`): one store for the whole client, so that `maxEntries` and
 * `maxBytes` bound the client as a whole, shared by the caches of its node
 * connections.
 *
 * Each node connection the client reads from (every master's, and the
 * READONLY connections to replicas when `readFrom` sends reads there) is a
 * single-server client's connection (`ConnectionManager`) with its own
 * `ClientCache` over this store: it turns tracking on when it connects,
 * applies its node's invalidations to the store, answers reads routed to it
 * only while its own invalidation path is live, and waits for a write's
 * invalidations before it answers again. Any of them empties the whole
 * store where a single server's cache would empty itself (its connection
 * lost, replaced or closed, its RESP2 listener lost, SELECT, …), so every
 * entry in the store was read on a connection whose tracking is still live.
 *
 * What the cluster adds (`ClusterCache.moved`): the store is emptied when
 * the client learns that a slot moved — a MOVED or ASK reply, or a
 * refreshed slot map in which a slot has another master (or none). The
 * old owner invalidates the keys that leave it (MIGRATE deletes them
 * there), but nothing tells a client that a key it read while it did not
 * exist now lives elsewhere; the whole store goes, not one node's entries,
 * because the store does not keep which node an entry came from.
 *
 * @module
 */
import { type CacheStats, ReplyCache } from "../cache/reply_cache.ts";
import type { ConnectionManager } from "../client/connection_manager.ts";
import type { ResolvedCacheOptions } from "../client/redis_options.ts";
import { InvalidateEvent, type RedisEvents } from "../events/events.ts";

/**
 * A cluster client's one reply store, the events it reports on, and the
 * emptying when a slot moves (see the module doc).
 *
 * @example
 * ```ts
 * const cache = new ClusterCache(resolveCache(true)!, events);
 * const manager = new ConnectionManager(nodeOptions, cache.store);
 * cache.watch(manager); // its invalidate events are the cluster's
 * cache.moved(); // a MOVED reply: everything out
 * ```
 */
export class ClusterCache {
  /** The store every node connection's cache keeps its replies in. */
  readonly store: ReplyCache;
  readonly #events: RedisEvents;
  /** A node's `invalidate` event, told again on the cluster client's events. */
  readonly #forward = (event: InvalidateEvent): void => {
    this.#events.dispatchEvent(new InvalidateEvent(event.keys, event.cause));
  };

  /**
   * @param settings The resolved `cache` option (its bounds are the whole client's).
   * @param events The cluster client's events, where `invalidate` events go.
   */
  constructor(settings: ResolvedCacheOptions, events: RedisEvents) {
    this.store = new ReplyCache(settings);
    this.#events = events;
  }

  /** The counters and the size of the cache now (every node's entries). */
  get stats(): CacheStats {
    return this.store.stats();
  }

  /** A node's connection manager, made with {@link ClusterCache.store}: its events are the client's. */
  watch(manager: ConnectionManager): void {
    manager.events.addEventListener("invalidate", this.#forward);
  }

  /**
   * The client learnt that a slot moved (MOVED, ASK, a slot map with
   * another owner): everything out, reads in flight not kept, before any
   * read is answered again.
   */
  moved(): void {
    this.store.clear();
    this.#events.dispatchEvent(new InvalidateEvent(null, "topology"));
  }
}
