/**
 * `RedisCluster`: the async client for Redis Cluster.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import { describeValue } from "../commands/validate.ts";
import type { RedisEvents } from "../events/events.ts";
import type { CacheStats } from "../cache/reply_cache.ts";
import type { Subscription } from "../client/subscription.ts";
import { ClusterExecutor } from "./cluster_executor.ts";
import type { ClusterOptions } from "./cluster_options.ts";
import { ClusterRouter } from "./cluster_router.ts";
import { slotOf } from "./slot.ts";
import { inspectAs } from "../client/inspect.ts";

/**
 * A Redis Cluster client: every command of the async client, each sent to
 * the node serving its keys' slot (found from the server's key specs, so
 * EVAL, XREAD, ZUNION … route by their real keys); keyless commands by
 * their request policy (DBSIZE sums every master, KEYS joins them, FLUSHALL
 * and SCRIPT LOAD reach all). MOVED and ASK are followed, TRYAGAIN and
 * CLUSTERDOWN retried with a backoff; MGET, MSET, DEL, UNLINK, EXISTS and
 * TOUCH over several slots are split and merged (not atomic).
 *
 * @example
 * ```ts
 * await using cluster = await RedisCluster.connect({ nodes: ["redis://127.0.0.1:7000"] });
 * await cluster.set("user:1", "Ada");
 * await cluster.mget("user:1", "user:2"); // ["Ada", null]
 * ```
 */
export class RedisCluster extends ClusterExecutor<string> {
  /**
   * The same commands with bulk replies as `Uint8Array`.
   *
   * @example
   * ```ts
   * const raw = await cluster.bytes.get("image");
   * ```
   */
  readonly bytes: ClusterExecutor<Uint8Array>;

  /**
   * The client's events: `invalidate`, from the client-side cache (the
   * `cache` option), for every node's invalidations and every emptying of
   * the cache (`cause` `"topology"` when a slot moved). The node
   * connections' other events are not told here.
   *
   * @example
   * ```ts
   * cluster.events.addEventListener("invalidate", (e) => console.log(e.cause, e.keys));
   * ```
   */
  readonly events: RedisEvents;

  /** The options given (checked), for {@link RedisCluster.duplicate}. */
  readonly #options: ClusterOptions;

  static {
    // Inspecting a client shows the masters it knows, never its internals.
    inspectAs(RedisCluster, (cluster) => ({ masters: cluster.topologyMasters() }));
  }

  /**
   * A client that reads the topology on first use. Throws `DataError` for bad options.
   *
   * @param options Seed nodes and the options every node connection uses.
   */
  constructor(options: ClusterOptions) {
    const router = new ClusterRouter(options);
    super(router, false);
    this.#options = { ...options, nodes: [...options.nodes] };
    this.bytes = new ClusterExecutor<Uint8Array>(router, true);
    this.events = router.events;
  }

  /**
   * Create a client and read the topology from the first seed that answers.
   *
   * @example
   * ```ts
   * const cluster = await RedisCluster.connect({ nodes: [{ port: 7000 }], readFrom: "replica" });
   * ```
   */
  static async connect(options: ClusterOptions): Promise<RedisCluster> {
    const cluster = new RedisCluster(options);
    await cluster.refresh();
    return cluster;
  }

  /**
   * A new cluster client with this one's options (seed nodes, credentials,
   * TLS, cache, `readFrom`, … all of them), `overrides` over them, checked
   * as the constructor's are (an unknown key is a `DataError`). It shares
   * nothing with this one: its own node connections, topology and cache; it
   * reads the topology on first use.
   *
   * @example
   * ```ts
   * const cluster = new RedisCluster({ nodes: ["redis://127.0.0.1:7000"] });
   * await using readers = cluster.duplicate({ readFrom: "replica" });
   * ```
   */
  duplicate(overrides?: Partial<ClusterOptions>): RedisCluster {
    if (overrides !== undefined && (typeof overrides !== "object" || overrides === null)) {
      throw new DataError(
        `duplicate: expected cluster options to override, got ${describeValue(overrides)}`,
      );
    }
    return new RedisCluster({ ...this.#options, ...overrides } as ClusterOptions);
  }

  /**
   * Read the slot map again now (it is also read after MOVED, on failures,
   * and every `refreshInterval`).
   *
   * @example
   * ```ts
   * await cluster.refresh();
   * ```
   */
  async refresh(): Promise<void> {
    await this.router.refresh();
  }

  /**
   * The masters as the client knows them now (`host:port`).
   *
   * @example
   * ```ts
   * cluster.topologyMasters(); // ["127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002"]
   * ```
   */
  topologyMasters(): string[] {
    return [...(this.router.topology?.masters ?? [])];
  }

  /**
   * Where the client is, at any time: `"idle"` (it has not read the slot
   * map yet: the first command or `refresh()` does), `"connecting"` (reading
   * it), `"ready"` (it knows which node serves each slot; each node's
   * connection opens, and reopens, on its own) or `"closed"`.
   *
   * @example
   * ```ts
   * const cluster = new RedisCluster({ nodes: [{ port: 7000 }] });
   * cluster.status; // "idle"
   * await cluster.refresh();
   * cluster.status; // "ready"
   * ```
   */
  get status(): "idle" | "connecting" | "ready" | "closed" {
    return this.router.status;
  }

  /**
   * The client-side cache's counters (`hits`, `misses`, `evictions`,
   * `invalidations`) and size now (`entries`, `bytes`), one cache for every
   * node; `undefined` without the `cache` option.
   *
   * @example
   * ```ts
   * const cluster = await RedisCluster.connect({ nodes: [{ port: 7000 }], cache: true });
   * await cluster.get("k"); // a miss: from the node, then kept
   * await cluster.get("k"); // a hit
   * cluster.cacheStats; // { hits: 1, misses: 1, evictions: 0, invalidations: 0, entries: 1, bytes: … }
   * ```
   */
  get cacheStats(): CacheStats | undefined {
    return this.router.cacheStats;
  }

  /**
   * Subscribe to channels, on one master's subscriber connection (a PUBLISH
   * on any node reaches every node's subscribers); when that master is lost,
   * the subscriptions move to another one.
   *
   * @example
   * ```ts
   * const sub = await cluster.subscribe("news");
   * ```
   */
  subscribe(...channels: string[]): Promise<Subscription> {
    if (channels.length === 0) {
      return Promise.reject(new DataError("subscribe: expected at least one channel"));
    }
    return this.router.pubsub.subscribe<string>("channel", channels, false);
  }

  /**
   * Subscribe to shard channels (SSUBSCRIBE) on the master serving their
   * slot; all channels must be in one slot.
   *
   * @example
   * ```ts
   * const sub = await cluster.ssubscribe("orders:{eu}");
   * ```
   */
  async ssubscribe(...channels: string[]): Promise<Subscription> {
    if (channels.length === 0) throw new DataError("ssubscribe: expected at least one channel");
    const slots = new Set(channels.map(slotOf));
    if (slots.size > 1) {
      throw new DataError(`ssubscribe: the channels are in ${slots.size} slots; expected one`);
    }
    await this.router.masters();
    const [slot] = slots;
    return this.router.masterFor(slot).subscriber.subscribe<string>("shard", channels, false);
  }

  /**
   * Close the client, exactly as {@link RedisCluster.close} does, then answer
   * `"OK"`; QUIT itself is not sent to any node (deprecated since Redis 7.2).
   *
   * @example
   * ```ts
   * await cluster.quit(); // "OK"; later commands reject with ClientClosedError
   * ```
   */
  override quit(): Promise<"OK"> {
    return this.close().then(() => "OK");
  }

  /**
   * Close every node connection; later commands reject with
   * `ClientClosedError` (nothing connects again).
   *
   * @example
   * ```ts
   * await cluster.close();
   * ```
   */
  close(): Promise<void> {
    return this.router.close();
  }

  /** Close the client at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
