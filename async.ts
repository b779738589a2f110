/**
 * The async Redis client.
 *
 * @example
 * ```ts
 * import { Redis } from "@keel/redis/async";
 *
 * const redis = await Redis.connect("redis://127.0.0.1:6379");
 * await redis.set("greeting", "hello");
 * console.log(await redis.get("greeting"));
 * await redis.close();
 * ```
 *
 * @module
 */
import { Redis } from "./lib/client/redis.ts";
import type { RedisOptions } from "./lib/client/options.ts";

export { Redis };
export { AsyncExecutor, type CommandOptions } from "./lib/client/async_executor.ts";
export { RedisCluster } from "./lib/cluster/redis_cluster.ts";
export { ClusterExecutor } from "./lib/cluster/cluster_executor.ts";
export { ClusterPipeline, ClusterTransaction } from "./lib/cluster/cluster_pipeline.ts";
export type { ClusterOptions, ReadFrom } from "./lib/cluster/cluster_options.ts";
export { slotOf } from "./lib/cluster/slot.ts";
export type { SentinelOptions } from "./lib/sentinel/sentinel_options.ts";
export { Pipeline } from "./lib/client/pipeline.ts";
export { PooledConnection } from "./lib/client/pooled_connection.ts";
export { QueuedCommands } from "./lib/client/queued_commands.ts";
export { Transaction } from "./lib/client/transaction.ts";
export { Script } from "./lib/client/script.ts";
export { ScriptSource } from "./lib/client/script_source.ts";
export { Lock, type LockOptions } from "./lib/client/lock.ts";
export { Monitor, type MonitorEvent } from "./lib/client/monitor.ts";
export {
  type PubSubMessage,
  type SubscribeOptions,
  Subscription,
  type SubscriptionKind,
  type SubscriptionOwner,
} from "./lib/client/subscription.ts";
export type { HashField, HashScanOptions, KeyScanOptions, ScanOptions } from "./lib/client/scan.ts";
export type { ReconnectOptions, RedisOptions } from "./lib/client/options.ts";
export type { Credentials, CredentialsProvider } from "./lib/auth/credentials.ts";
export type { PoolOptions, PoolStats } from "./lib/pool/connection_pool.ts";

/**
 * Create a client that connects on first use: the same as `new Redis(…)`.
 *
 * @example
 * ```ts
 * const redis = createClient("redis://127.0.0.1:6379");
 * await redis.ping(); // connects, then "PONG"
 * ```
 */
export function createClient(urlOrOptions?: string | RedisOptions): Redis {
  return new Redis(urlOrOptions);
}
