/**
 * The async Redis client: everything `mod.ts` exports.
 *
 * Values are what a program constructs or catches: the clients, the backoff
 * strategies and `Retry` for its options, the error classes, `slotOf`.
 * Everything else a method hands back (pipelines, subscriptions, locks,
 * events, …) is exported as a type, to name it in an annotation.
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
export { RedisCluster } from "./lib/cluster/redis_cluster.ts";
export { slotOf } from "./lib/cluster/slot.ts";
export * from "./lib/errors/mod.ts";
export {
  type Backoff,
  ConstantBackoff,
  DecorrelatedJitterBackoff,
  EqualJitterBackoff,
  ExponentialBackoff,
  ExponentialWithJitterBackoff,
  FullJitterBackoff,
  NoBackoff,
} from "./lib/backoff/backoff.ts";
export { type ErrorClass, Retry } from "./lib/backoff/retry.ts";

// Options.
export type { CacheOptions, ReconnectOptions, RedisOptions } from "./lib/client/redis_options.ts";
export type { CacheStats } from "./lib/cache/cache_types.ts";
export type { ClusterOptions, ReadFrom } from "./lib/cluster/cluster_options.ts";
export type { SentinelOptions } from "./lib/sentinel/sentinel_options.ts";
export type { PoolOptions, PoolStats } from "./lib/pool/connection_pool.ts";
export type { Credentials, CredentialsProvider } from "./lib/auth/credentials.ts";
export type { TlsOptions } from "./lib/auth/tls_options.ts";

// What the clients' methods hand back.
export type { AsyncExecutor, CommandOptions } from "./lib/client/async_executor.ts";
export type { ClientStatus } from "./lib/client/connection_lifecycle.ts";
export type { ClusterExecutor } from "./lib/cluster/cluster_executor.ts";
export type {
  ClusterPipeline,
  ClusterPipelineKind,
  ClusterTransaction,
  ClusterTransactionKind,
} from "./lib/cluster/cluster_pipeline.ts";
export type { Pipeline, PipelineKind } from "./lib/client/pipeline.ts";
export type { Transaction, TransactionKind } from "./lib/client/transaction.ts";
export type { BatchResults, Chained, ChainKind } from "./lib/commands/chain.ts";
export type { PooledConnection } from "./lib/client/pooled_connection.ts";
export type { Script } from "./lib/client/script.ts";
export type { Lock, LockOptions } from "./lib/client/lock.ts";
export type { Monitor, MonitorEvent } from "./lib/client/monitor.ts";
export type {
  PubSubMessage,
  SubscribeOptions,
  Subscription,
  SubscriptionKind,
} from "./lib/client/subscription.ts";
export type { HashField, HashScanOptions, KeyScanOptions, ScanOptions } from "./lib/client/scan.ts";
export type {
  CommandEvent,
  ConnectEvent,
  ConnectionReleasedEvent,
  EndEvent,
  InvalidateCause,
  InvalidateEvent,
  ReadyEvent,
  ReauthEvent,
  ReconnectingEvent,
  RedisErrorEvent,
  RedisEventMap,
  RedisEvents,
} from "./lib/events/events.ts";

// Arguments, replies, and the commands' option and reply types.
export type { RedisArg, RespValue } from "./lib/resp/types.ts";
export type * from "./lib/commands/public_types.ts";

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
