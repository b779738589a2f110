/**
 * The client options' types: what a caller gives the async client
 * ({@link RedisOptions}) and the blocking one ({@link RedisSyncOptions}),
 * and what they resolve to. Types only; `options.ts` checks and resolves.
 *
 * @module
 */
import type { Credentials, CredentialsProvider } from "../auth/credentials.ts";
import type { TlsOptions } from "../auth/tls_options.ts";
import type { ConnectionOptions } from "../conn/open_connection.ts";
import type { TrackingMode } from "../conn/tracking.ts";
import type { Backoff } from "../backoff/backoff.ts";
import type { Retry } from "../backoff/retry.ts";
import type { PoolOptions } from "../pool/connection_pool.ts";
import type { ResolvedSentinelOptions, SentinelOptions } from "../sentinel/sentinel_options.ts";

/**
 * How to reach and talk to a server. Every field is optional; a `url` sets
 * the fields it names and the other fields here override it.
 *
 * @example
 * ```ts
 * const options: RedisOptions = { url: "redis://127.0.0.1:6379/1", clientName: "worker" };
 * ```
 */
export interface RedisOptions {
  /** `redis://[user[:password]@]host[:port][/db][?option=value]`, `rediss://…` (TLS), `unix:///path` or `redis+unix:///path`. */
  url?: string;
  /** Host name or address. Default: `"127.0.0.1"`. */
  host?: string;
  /** TCP port. Default: `6379`. */
  port?: number;
  /** Unix socket path; replaces host and port. */
  path?: string;
  /** TLS: `true` for defaults (certificates verified), or settings. Default: off (`rediss://`: on). */
  tls?: boolean | TlsOptions;
  /** ACL user name. Default: `default` when a password is given. */
  username?: string;
  /** Password for `requirepass` or the ACL user. */
  password?: string;
  /**
   * The credentials to use instead of `username`/`password`: a function
   * asked at every (re)connection, or a stream (an async iterable) whose
   * every new value re-authenticates the live connections (AUTH after the
   * commands already sent, a `reauth` event) — for rotating passwords and
   * short-lived tokens.
   */
  credentials?: CredentialsProvider | AsyncIterable<Credentials>;
  /** Database number. Default: `0`. */
  db?: number;
  /** Connection name shown by `CLIENT LIST`. */
  clientName?: string;
  /** RESP version: `3` (default; falls back to 2 on servers without HELLO) or `2`. */
  protocol?: 2 | 3;
  /** Milliseconds to connect and finish the handshake. Default: `10000`. */
  socketConnectTimeout?: number;
  /** Milliseconds to wait for a reply before a `TimeoutError`; `0` waits forever. Default: `30000`. */
  socketTimeout?: number;
  /**
   * Milliseconds of silence from the server after which a connection PINGs
   * it; a dead peer is found within this interval plus `socketTimeout`,
   * even after commands timed out (a blocking command's wait is not
   * silence). Default: `0` (off).
   */
  healthCheckInterval?: number;
  /**
   * The pool of connections that blocking commands (BLPOP, XREAD BLOCK,
   * WAIT, …) borrow so that they never hold up the shared connection.
   */
  pool?: PoolOptions;
  /**
   * After a lost connection, reconnect in the background (`true`, the
   * default, or settings), emitting `reconnecting` events; `false`: the next
   * command tries once.
   */
  reconnect?: boolean | ReconnectOptions;
  /**
   * While reconnecting, commands wait (each bounded by its timeout) in a
   * queue of at most `maxSize` (default 10000); `false`: they reject at
   * once with `ConnectionError`.
   */
  offlineQueue?: boolean | { maxSize?: number };
  /**
   * Send a command again after it failed with one of the Retry's errors
   * (it may have run): only commands that are read-only by their flags
   * (GET, HGETALL, EVALSHA_RO, …), unless the `Retry` has `retryWrites`;
   * never pipelines or MULTI/EXEC; not while disconnected with the offline
   * queue off. Default: 3 retries after a `ConnectionError` (a
   * `TimeoutError` is the end of the caller's wait, so it is not retried
   * unless the Retry lists it), with exponential backoff with jitter (base
   * 50 ms, cap 1000 ms); `false`: none.
   */
  retry?: Retry | false;
  /**
   * Find the server through Redis Sentinel instead of `host`/`port`: the
   * sentinels name the master (or a replica), the client checks its ROLE,
   * and follows `+switch-master` and READONLY errors to the new master.
   */
  sentinel?: SentinelOptions;
  /**
   * Give server errors (`WrongTypeError`, `ResponseError`, …) the stack of
   * the code that sent the command, instead of the reply decoder's: each
   * command then captures its caller's stack (a few microseconds: 1,000
   * concurrent GETs take about 5× as long, see `bench/caller_stacks.bench.ts`),
   * like ioredis' `showFriendlyErrorStack`. For debugging. Default: `false`. (The blocking client's errors always
   * show the caller: they are thrown on the caller's own stack.)
   */
  callerStacks?: boolean;
  /**
   * Put this before every key the client sends (as ioredis' `keyPrefix`):
   * the keys the command table knows for each command (key specs: EVAL's
   * and FCALL's keys, XREAD's streams, MSET's pairs, …), in pipelines,
   * transactions, scripts and `sendCommand` too; KEYS and SCAN patterns
   * are kept to the prefix, and the key names of their replies (and of
   * BLPOP's, LMPOP's, XREAD's, …) come back without it. Channels are not
   * prefixed. Not taken from the URL. See the README's "Key prefix".
   */
  keyPrefix?: string;
  /**
   * Client-side caching: replies of read-only commands (GET, HGETALL, MGET,
   * SMEMBERS, …) are kept in the client and served from memory, while the
   * server tells the client which keys changed (`CLIENT TRACKING`). `true`:
   * the defaults; settings: see {@link CacheOptions}. Default: off. See the
   * README's "Client-side caching" for the guarantees and limits.
   */
  cache?: boolean | CacheOptions;
}

/**
 * The client-side cache's settings (the `cache` option).
 *
 * @example
 * ```ts
 * const cache: CacheOptions = { maxEntries: 50_000, ttl: 60_000, mode: { broadcast: ["user:"] } };
 * ```
 */
export interface CacheOptions {
  /**
   * The most replies kept; the least recently used go first. Once full, a
   * key's reply is kept from its second read in a while. Default: `10000`.
   */
  maxEntries?: number;
  /** The most bytes kept (an estimate of the replies' size). Default: 64 MiB. */
  maxBytes?: number;
  /** Milliseconds a reply is served at most after it was stored; `0`: no limit. Default: `0`. */
  ttl?: number;
  /**
   * What the server tracks: `"default"`, the keys of the reads this client keeps;
   * `"optin"`, only the reads made through `redis.with({ cache: true })`
   * (the others are not cached); `{ broadcast: prefixes }`, every key under
   * one of the prefixes (an empty list: every key), whoever reads it, and
   * only reads of such keys are cached. Default: `"default"`.
   */
  mode?: "default" | "optin" | { broadcast: string[] };
}

/**
 * The `cache` option checked, with its defaults.
 *
 * @example
 * ```ts
 * const resolved: ResolvedCacheOptions = { maxEntries: 10_000, maxBytes: 64 * 2 ** 20, ttl: 0, mode: "default" };
 * ```
 */
export interface ResolvedCacheOptions {
  /** The most replies kept. */
  maxEntries: number;
  /** The most bytes kept. */
  maxBytes: number;
  /** Milliseconds a reply is served at most; `0`: no limit. */
  ttl: number;
  /** What the server tracks. */
  mode: TrackingMode;
}

/**
 * How the client reconnects after losing its connection.
 *
 * @example
 * ```ts
 * const reconnect: ReconnectOptions = { backoff: new ConstantBackoff(500), maxAttempts: 20 };
 * ```
 */
export interface ReconnectOptions {
  /** Delay before each attempt. Default: equal jitter, base 50 ms, cap 2000 ms. */
  backoff?: Backoff;
  /** Attempts before giving up (the waiting commands then reject). Default: no limit. */
  maxAttempts?: number;
}

/**
 * Options after defaults and URL are applied: what a connection needs, and
 * the client's own settings. A password never stays in them: a static one
 * becomes a `credentials` provider (a closure), so that no inspection of a
 * client or its options reaches it.
 *
 * @example
 * ```ts
 * const resolved: ResolvedOptions = resolveOptions("redis://127.0.0.1:6380");
 * resolved.port; // 6380
 * ```
 */
export type ResolvedOptions =
  & Omit<ConnectionOptions, "onPush" | "onClose" | "credentials" | "password">
  & {
    credentials?: CredentialsProvider | AsyncIterable<Credentials>;
    pool: PoolOptions;
    reconnect: Required<ReconnectOptions> | false;
    offlineQueue: { maxSize: number } | false;
    retry: Retry | false;
    sentinel?: ResolvedSentinelOptions;
    callerStacks: boolean;
    /** Put before every key (the `keyPrefix` option); `undefined`: none. */
    keyPrefix?: string;
    /** The client-side cache's settings; `undefined`: no cache. */
    cache?: ResolvedCacheOptions;
  };

/**
 * The options of the blocking client (`RedisSync`): those of
 * {@link RedisOptions} that it uses. What only the async client does is not
 * here, and given anyway (from JavaScript, or `?healthCheckInterval=` in the
 * URL) it is a `DataError` naming the option: `pool` (a blocking command
 * blocks its caller), `reconnect` (the next command connects again),
 * `offlineQueue`, `retry`, `sentinel`, `healthCheckInterval`,
 * `callerStacks` (its errors always show the caller) and `cache` (a caller
 * blocked in a command could not apply invalidations). `credentials` is a
 * function that returns credentials synchronously (no promise, no stream).
 *
 * @example
 * ```ts
 * const options: RedisSyncOptions = { url: "redis://127.0.0.1:6379", socketTimeout: 5000 };
 * ```
 */
export interface RedisSyncOptions extends
  Omit<
    RedisOptions,
    | "pool"
    | "reconnect"
    | "offlineQueue"
    | "retry"
    | "sentinel"
    | "healthCheckInterval"
    | "callerStacks"
    | "cache"
    | "credentials"
  > {
  /**
   * Asked at every connection for the credentials to use instead of
   * `username`/`password`; it must return them synchronously.
   */
  credentials?: () => Credentials;
}

/**
 * The blocking client's options after defaults and URL are applied: what
 * its connection needs. As in {@link ResolvedOptions}, a static password is
 * a credentials provider (a closure); a provider that returns a promise
 * (from JavaScript) is refused when the connection asks it.
 *
 * @example
 * ```ts
 * const resolved: ResolvedSyncOptions = resolveSyncOptions({ port: 6380, password: "pw" });
 * resolved.credentials?.(); // { username: undefined, password: "pw" }
 * ```
 */
export type ResolvedSyncOptions =
  & Pick<
    ResolvedOptions,
    | "host"
    | "port"
    | "path"
    | "tls"
    | "username"
    | "db"
    | "clientName"
    | "protocol"
    | "connectTimeout"
    | "commandTimeout"
    | "keyPrefix"
  >
  & { credentials?: CredentialsProvider };
