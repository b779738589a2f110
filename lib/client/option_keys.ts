/**
 * The names the client options know: the keys of each options object (any
 * other is a DataError naming the nearest), what other clients call them,
 * and the options only the async client takes, with why the blocking client
 * refuses each.
 *
 * @module
 */
import type { TlsOptions } from "../auth/tls_options.ts";
import type { PoolOptions } from "../pool/connection_pool.ts";
import type { SentinelOptions } from "../sentinel/sentinel_options.ts";
import { DataError } from "../errors/errors.ts";
import { optionKeys } from "../errors/unknown_option.ts";
import type {
  CacheOptions,
  ReconnectOptions,
  RedisOptions,
  RedisSyncOptions,
} from "./redis_options.ts";

/**
 * Every key of {@link RedisOptions}: any other is a DataError naming the nearest.
 *
 * @example
 * ```ts
 * assertKnownKeys(given, REDIS_OPTION_KEYS, "the client options", CLIENT_OPTION_HINTS);
 * ```
 */
export const REDIS_OPTION_KEYS: readonly string[] = optionKeys<RedisOptions>({
  url: true,
  host: true,
  port: true,
  path: true,
  tls: true,
  username: true,
  password: true,
  credentials: true,
  db: true,
  clientName: true,
  protocol: true,
  socketConnectTimeout: true,
  socketTimeout: true,
  healthCheckInterval: true,
  pool: true,
  reconnect: true,
  offlineQueue: true,
  retry: true,
  sentinel: true,
  callerStacks: true,
  keyPrefix: true,
  cache: true,
});

/**
 * Every key of {@link RedisSyncOptions}, the blocking client's options.
 *
 * @example
 * ```ts
 * SYNC_OPTION_KEYS.includes("pool"); // false
 * ```
 */
export const SYNC_OPTION_KEYS: readonly string[] = optionKeys<RedisSyncOptions>({
  url: true,
  host: true,
  port: true,
  path: true,
  tls: true,
  username: true,
  password: true,
  credentials: true,
  db: true,
  clientName: true,
  protocol: true,
  socketConnectTimeout: true,
  socketTimeout: true,
  keyPrefix: true,
});

/** The options only the async client takes. */
type AsyncOnlyOption = Exclude<keyof RedisOptions, keyof RedisSyncOptions>;

/** Why the blocking client refuses each async-only option (the list is checked by the compiler). */
const ASYNC_ONLY_REASONS: Record<AsyncOnlyOption, string> = {
  pool: "has no connection pool: a blocking command (BLPOP, …) blocks its caller anyway",
  reconnect:
    "does not reconnect in the background: after a lost connection, the next command connects again",
  offlineQueue:
    "has no offline queue: a command given while disconnected connects first, or throws",
  retry: "does not retry commands: catch the error and call again",
  sentinel: "cannot follow Sentinel: give the master's host and port",
  healthCheckInterval:
    "sends no health-check PINGs: each command's wait is bounded by socketTimeout",
  callerStacks: "always shows the caller's stack in its errors: they are thrown on it",
  cache:
    "has no client-side cache: a caller blocked in a command could not apply the server's invalidations",
};

/** The sentence saying `option` is the async client's only, and why. */
function asyncOnlySentence(option: AsyncOnlyOption): string {
  return `'${option}' is an option of the async client (Redis) only: the blocking client ${
    ASYNC_ONLY_REASONS[option]
  }`;
}

/**
 * Whether `key` is an option only the async client takes.
 *
 * @example
 * ```ts
 * isAsyncOnlyOption("pool"); // true
 * isAsyncOnlyOption("db"); // false
 * ```
 */
export function isAsyncOnlyOption(key: string): key is AsyncOnlyOption {
  return Object.hasOwn(ASYNC_ONLY_REASONS, key);
}

/**
 * The DataError for an async-only option given to the blocking client:
 * names it and says why; `where` adds where it came from.
 *
 * @example
 * ```ts
 * asyncOnlyOptionError("pool").message;
 * // "'pool' is an option of the async client (Redis) only: the blocking client has no connection pool: …"
 * ```
 */
export function asyncOnlyOptionError(option: AsyncOnlyOption, where = ""): DataError {
  return new DataError(`${asyncOnlySentence(option)}${where}`);
}

/**
 * What to use instead of the options other clients (node-redis, ioredis,
 * redis-py) take, by folded name (lower case, no `_`/`-`): a known option,
 * or a sentence.
 *
 * @example
 * ```ts
 * CLIENT_OPTION_HINTS.get("database"); // "db"
 * ```
 */
export const CLIENT_OPTION_HINTS: ReadonlyMap<string, string> = new Map([
  [
    "socket",
    "keel takes node-redis' socket settings at the top level: { host, port } (or { path } for a Unix socket), and tls: true or { ca, cert, key, servername }",
  ],
  ["database", "db"],
  ["name", "clientName"],
  ["connectionname", "clientName"],
  ["user", "username"],
  ["connecttimeout", "socketConnectTimeout"],
  ["commandtimeout", "socketTimeout"],
  ["pinginterval", "healthCheckInterval"],
  ["resp", "protocol"],
  ["enableofflinequeue", "offlineQueue"],
  ["maxretriesperrequest", "retry"],
  ["retrystrategy", "reconnect: { backoff, maxAttempts } sets how the client reconnects"],
  ["sentinels", 'the sentinels go in sentinel: { name, sentinels: ["host:port", …] }'],
  ["lazyconnect", "new Redis() connects on the first command, Redis.connect() at once"],
  ["keyprefix", "keyPrefix"],
  ["prefix", "keyPrefix"],
  ["clientsidecache", "cache"],
  ["cacheconfig", "cache"],
]);

/** The blocking client's own hints, where the async client's would point at an async-only option. */
const SYNC_HINT_OVERRIDES: ReadonlyMap<string, string> = new Map([
  ["retrystrategy", asyncOnlySentence("reconnect")],
  ["sentinels", asyncOnlySentence("sentinel")],
  ["lazyconnect", "new RedisSync() connects on the first command, RedisSync.connect() at once"],
]);

/**
 * {@link CLIENT_OPTION_HINTS} for the blocking client: a name that means an
 * async-only option says that option is the async client's only.
 *
 * @example
 * ```ts
 * SYNC_OPTION_HINTS.get("enableofflinequeue"); // "'offlineQueue' is an option of the async client (Redis) only: …"
 * ```
 */
export const SYNC_OPTION_HINTS: ReadonlyMap<string, string> = new Map(
  [...CLIENT_OPTION_HINTS].map(([name, hint]) => [
    name,
    SYNC_HINT_OVERRIDES.get(name) ?? (isAsyncOnlyOption(hint) ? asyncOnlySentence(hint) : hint),
  ]),
);

/**
 * The keys of `pool`.
 *
 * @example
 * ```ts
 * checkKeys(pool, POOL_KEYS, "pool");
 * ```
 */
export const POOL_KEYS: readonly string[] = optionKeys<PoolOptions>({
  maxSize: true,
  acquireTimeout: true,
  idleCheckAfter: true,
});

/**
 * The keys of `reconnect` given as settings.
 *
 * @example
 * ```ts
 * checkKeys(reconnect, RECONNECT_KEYS, "reconnect");
 * ```
 */
export const RECONNECT_KEYS: readonly string[] = optionKeys<ReconnectOptions>({
  backoff: true,
  maxAttempts: true,
});

/**
 * The keys of `offlineQueue` given as settings.
 *
 * @example
 * ```ts
 * checkKeys(queue, OFFLINE_QUEUE_KEYS, "offlineQueue");
 * ```
 */
export const OFFLINE_QUEUE_KEYS: readonly string[] = optionKeys<{ maxSize?: number }>({
  maxSize: true,
});

/**
 * The keys of TLS settings.
 *
 * @example
 * ```ts
 * assertKnownKeys(tls, TLS_KEYS, "tls");
 * ```
 */
export const TLS_KEYS: readonly string[] = optionKeys<TlsOptions>({
  ca: true,
  cert: true,
  key: true,
  servername: true,
  rejectUnauthorized: true,
});

/**
 * The keys of `sentinel`.
 *
 * @example
 * ```ts
 * assertKnownKeys(sentinel, SENTINEL_KEYS, "sentinel", CLIENT_OPTION_HINTS);
 * ```
 */
export const SENTINEL_KEYS: readonly string[] = optionKeys<SentinelOptions>({
  name: true,
  sentinels: true,
  role: true,
  username: true,
  password: true,
  tls: true,
});

/**
 * The keys of `cache` given as settings.
 *
 * @example
 * ```ts
 * checkKeys(cache, CACHE_KEYS, "cache");
 * ```
 */
export const CACHE_KEYS: readonly string[] = optionKeys<CacheOptions>({
  maxEntries: true,
  maxBytes: true,
  ttl: true,
  mode: true,
});

/**
 * The keys of `cache.mode` given as an object.
 *
 * @example
 * ```ts
 * checkKeys(mode, CACHE_MODE_KEYS, "cache.mode");
 * ```
 */
export const CACHE_MODE_KEYS: readonly string[] = optionKeys<{ broadcast: string[] }>({
  broadcast: true,
});
