/**
 * Options of a cluster client: their type, their keys (an unknown one is a
 * DataError naming the nearest), and their check with the defaults filled in.
 *
 * @module
 */
import { type Backoff, ExponentialWithJitterBackoff } from "../backoff/backoff.ts";
import {
  type CacheOptions,
  CLIENT_OPTION_HINTS,
  type RedisOptions,
  type ResolvedOptions,
  resolveOptions,
} from "../client/options.ts";
import { describeValue } from "../commands/validate.ts";
import { formatAddress } from "../conn/address.ts";
import { DataError } from "../errors/errors.ts";
import { assertKnownKeys, optionKeys } from "../errors/unknown_option.ts";

/**
 * Where a cluster client sends read-only commands (see {@link ClusterOptions.readFrom}).
 *
 * @example
 * ```ts
 * const readFrom: ReadFrom = "preferReplica";
 * ```
 */
export type ReadFrom = "master" | "replica" | "preferReplica";

/**
 * How to reach a Redis Cluster. The connection options (credentials, TLS,
 * protocol, timeouts, …) apply to every node; `credentials` must be a
 * provider function (asked at each connection), not a stream.
 *
 * @example
 * ```ts
 * const options: ClusterOptions = { nodes: ["redis://127.0.0.1:7000"], readFrom: "replica" };
 * ```
 */
export interface ClusterOptions extends
  Omit<
    RedisOptions,
    "url" | "host" | "port" | "path" | "db" | "reconnect" | "offlineQueue" | "sentinel" | "cache"
  > {
  /** Seed nodes: `redis://host:port` URLs or `{ host, port }`; any reachable one tells the rest. */
  nodes: (string | { host?: string; port: number })[];
  /**
   * Where read-only commands go: the slot's master (default), or one of its
   * replicas picked at random (`replica` and `preferReplica`, which behave
   * alike), over connections that send READONLY; to the master when the
   * slot has no replica, and on every retry after a failed attempt (the
   * replica may be what failed).
   */
  readFrom?: ReadFrom;
  /** Redirects (MOVED, ASK) and retries (TRYAGAIN, CLUSTERDOWN, failed nodes) per command. Default: 16. */
  maxRedirects?: number;
  /** Milliseconds between background topology refreshes; `0`: only on redirects and failures. Default: 30000. */
  refreshInterval?: number;
  /** Waits before retrying after TRYAGAIN, CLUSTERDOWN or an unreachable node. Default: exponential with jitter, 50 ms to 1 s. */
  retryBackoff?: Backoff;
  /**
   * Client-side caching, as on `Redis` (same settings and checks): one
   * cache for the whole client (`maxEntries` and `maxBytes` bound it all),
   * kept fresh by tracking on every node connection it reads from, and
   * emptied when a node connection is lost or a slot moves. Default: off.
   * See the README's "Client-side caching", "On a cluster".
   */
  cache?: boolean | CacheOptions;
}

/**
 * Every key of {@link ClusterOptions}: any other is a DataError naming the nearest.
 *
 * @example
 * ```ts
 * CLUSTER_OPTION_KEYS.includes("readFrom"); // true
 * ```
 */
export const CLUSTER_OPTION_KEYS: readonly string[] = optionKeys<ClusterOptions>({
  nodes: true,
  readFrom: true,
  maxRedirects: true,
  refreshInterval: true,
  retryBackoff: true,
  cache: true,
  tls: true,
  username: true,
  password: true,
  credentials: true,
  clientName: true,
  protocol: true,
  socketConnectTimeout: true,
  socketTimeout: true,
  healthCheckInterval: true,
  pool: true,
  retry: true,
  callerStacks: true,
  keyPrefix: true,
});

/**
 * The keys of a seed node given as an object.
 *
 * @example
 * ```ts
 * CLUSTER_NODE_KEYS; // ["host", "port"]
 * ```
 */
export const CLUSTER_NODE_KEYS: readonly string[] = optionKeys<{ host?: string; port: number }>({
  host: true,
  port: true,
});

const SEEDS_HINT =
  'a cluster client takes its seed nodes as nodes: ["redis://host:port", { host, port }, …]';

/**
 * What to use instead of the options a single-server client or another cluster client takes.
 *
 * @example
 * ```ts
 * CLUSTER_OPTION_HINTS.get("scalereads"); // "readFrom"
 * ```
 */
export const CLUSTER_OPTION_HINTS: ReadonlyMap<string, string> = new Map([
  ...CLIENT_OPTION_HINTS,
  ["url", SEEDS_HINT],
  ["host", SEEDS_HINT],
  ["port", SEEDS_HINT],
  ["path", SEEDS_HINT],
  ["socket", SEEDS_HINT],
  ["rootnodes", "nodes"],
  ["startupnodes", "nodes"],
  ["db", "a cluster serves database 0 only"],
  ["database", "a cluster serves database 0 only"],
  ["reconnect", "a cluster client reconnects each node by itself (no reconnect setting)"],
  ["offlinequeue", "a cluster client has no offline queue (a command to a lost node is retried)"],
  ["scalereads", "readFrom"],
  [
    "sentinel",
    "a cluster client finds its masters through the cluster (nodes), not through Sentinel",
  ],
  [
    "sentinels",
    "a cluster client finds its masters through the cluster (nodes), not through Sentinel",
  ],
  ["defaults", "the node connection options go at the top level of the cluster options"],
  ["redisoptions", "the node connection options go at the top level of the cluster options"],
]);

/**
 * {@link ClusterOptions} checked, with their defaults: what a cluster router keeps.
 *
 * @example
 * ```ts
 * const { node, seeds } = resolveClusterOptions({ nodes: [{ port: 7000 }] });
 * seeds; // ["127.0.0.1:7000"]
 * ```
 */
export interface ResolvedClusterOptions {
  /** The options of every node connection (no reconnect, offline queue or retry: the router retries). */
  readonly node: ResolvedOptions;
  /** The seed nodes' `host:port` addresses (their URLs checked as a client's). */
  readonly seeds: string[];
  /** Where read-only commands go. */
  readonly readFrom: ReadFrom;
  /** Redirects and retries per command. */
  readonly maxRedirects: number;
  /** Milliseconds between background topology refreshes; `0`: none. */
  readonly refreshInterval: number;
  /** Waits before retrying. */
  readonly retryBackoff: Backoff;
}

/**
 * Check cluster options (DataError for a bad or unknown one) and fill in the
 * defaults: reads on masters, 16 redirects, a refresh every 30 s,
 * exponential backoff with jitter from 50 ms to 1 s.
 *
 * @example
 * ```ts
 * const resolved = resolveClusterOptions({ nodes: ["redis://127.0.0.1:7000"] });
 * resolved.seeds; // ["127.0.0.1:7000"]
 * resolved.maxRedirects; // 16
 * ```
 */
export function resolveClusterOptions(options: ClusterOptions): ResolvedClusterOptions {
  if (typeof options !== "object" || options === null || !Array.isArray(options.nodes)) {
    throw new DataError("cluster: expected options with a `nodes` array of seed nodes");
  }
  if (options.nodes.length === 0) throw new DataError("nodes: expected at least one seed node");
  assertKnownKeys(options, CLUSTER_OPTION_KEYS, "the cluster options", CLUSTER_OPTION_HINTS);
  options.nodes.forEach((node, i) => {
    if (typeof node === "object" && node !== null) {
      assertKnownKeys(node, CLUSTER_NODE_KEYS, `nodes[${i}]`, CLUSTER_OPTION_HINTS);
    }
  });
  const { nodes, readFrom, maxRedirects, refreshInterval, retryBackoff, ...common } = options;
  const nodeOptions = { ...common, reconnect: false, offlineQueue: false, retry: false } as const;
  const node = resolveOptions(nodeOptions);
  if (node.credentials !== undefined && typeof node.credentials !== "function") {
    throw new DataError(
      "credentials: a cluster client takes a provider function (asked at each connection), not a stream",
    );
  }
  const seeds = nodes.map((seed) => {
    const resolved = resolveOptions(
      typeof seed === "string" ? { ...nodeOptions, url: seed } : { ...nodeOptions, ...seed },
    );
    return formatAddress(resolved.host, resolved.port);
  });
  if (readFrom !== undefined && !["master", "replica", "preferReplica"].includes(readFrom)) {
    throw new DataError(
      `readFrom: expected "master", "replica" or "preferReplica", got ${describeValue(readFrom)}`,
    );
  }
  const redirects = maxRedirects ?? 16;
  if (!Number.isInteger(redirects) || redirects < 0) {
    throw new DataError(
      `maxRedirects: expected an integer ≥ 0, got ${describeValue(maxRedirects)}`,
    );
  }
  return {
    node,
    seeds,
    readFrom: readFrom ?? "master",
    maxRedirects: redirects,
    refreshInterval: refreshInterval ?? 30_000,
    retryBackoff: retryBackoff ?? new ExponentialWithJitterBackoff({ base: 50, cap: 1000 }),
  };
}
