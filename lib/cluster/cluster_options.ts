/**
 * Options of a cluster client.
 *
 * @module
 */
import type { Backoff } from "../backoff/backoff.ts";
import { CLIENT_OPTION_HINTS, type RedisOptions } from "../client/options.ts";
import { optionKeys } from "../errors/unknown_option.ts";

/** Where reads go. */
export type ReadFrom = "master" | "replica" | "preferReplica";

/**
 * How to reach a Redis Cluster. The connection options (credentials, TLS,
 * protocol, timeouts, …) apply to every node; `credentials` must be a
 * provider function (asked at each connection), not a stream.
 */
export interface ClusterOptions
  extends
    Omit<RedisOptions, "url" | "host" | "port" | "path" | "db" | "reconnect" | "offlineQueue"> {
  /** Seed nodes: `redis://host:port` URLs or `{ host, port }`; any reachable one tells the rest. */
  nodes: (string | { host?: string; port: number })[];
  /**
   * Where read-only commands go: the slot's master (default), one of its
   * replicas (`replica`; the master when it has none), or a replica while
   * one answers, else the master (`preferReplica`). Replica connections
   * send READONLY.
   */
  readFrom?: ReadFrom;
  /** Redirects (MOVED, ASK) and retries (TRYAGAIN, CLUSTERDOWN, failed nodes) per command. Default: 16. */
  maxRedirects?: number;
  /** Milliseconds between background topology refreshes; `0`: only on redirects and failures. Default: 30000. */
  refreshInterval?: number;
  /** Waits before retrying after TRYAGAIN, CLUSTERDOWN or an unreachable node. Default: exponential with jitter, 50 ms to 1 s. */
  retryBackoff?: Backoff;
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
  sentinel: true,
  callerStacks: true,
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
  ["defaults", "the node connection options go at the top level of the cluster options"],
  ["redisoptions", "the node connection options go at the top level of the cluster options"],
]);
