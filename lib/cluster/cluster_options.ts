/**
 * Options of a cluster client.
 *
 * @module
 */
import type { Backoff } from "../backoff/backoff.ts";
import type { RedisOptions } from "../client/options.ts";

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
