/**
 * The options only the async client takes, checked and given their
 * defaults: the pool for blocking commands, background reconnects, the
 * offline queue, command retries, Sentinel and the client-side cache.
 *
 * @module
 */
import { staticCredentials } from "../auth/credentials.ts";
import { hideTlsKey } from "../auth/tls_options.ts";
import { EqualJitterBackoff, ExponentialWithJitterBackoff } from "../backoff/backoff.ts";
import { Retry } from "../backoff/retry.ts";
import type { PoolOptions } from "../pool/connection_pool.ts";
import type { ResolvedSentinelOptions, SentinelOptions } from "../sentinel/sentinel_options.ts";
import { ConnectionError, DataError } from "../errors/errors.ts";
import { assertKnownKeys } from "../errors/unknown_option.ts";
import { describeValue } from "../commands/validate.ts";
import { checkInteger, checkKeys, checkString, MAX_INT32 } from "./option_checks.ts";
import {
  CACHE_KEYS,
  CACHE_MODE_KEYS,
  CLIENT_OPTION_HINTS,
  OFFLINE_QUEUE_KEYS,
  POOL_KEYS,
  RECONNECT_KEYS,
  SENTINEL_KEYS,
  TLS_KEYS,
} from "./option_keys.ts";
import type { TrackingMode } from "../conn/tracking.ts";
import type { ReconnectOptions, RedisOptions, ResolvedCacheOptions } from "./redis_options.ts";

/**
 * The `pool` option checked (a copy); `{}` when absent (the pool's defaults).
 *
 * @example
 * ```ts
 * resolvePool({ maxSize: 4 }); // { maxSize: 4 }
 * resolvePool({ maxSize: 0 }); // DataError: pool.maxSize: expected an integer from 1 to 2147483647, got 0
 * ```
 */
export function resolvePool(pool: PoolOptions | undefined): PoolOptions {
  if (pool === undefined) return {};
  if (typeof pool !== "object" || pool === null) {
    throw new DataError(`pool: expected an object, got ${describeValue(pool)}`);
  }
  checkKeys(pool, POOL_KEYS, "pool");
  if (pool.maxSize !== undefined) checkInteger("pool.maxSize", pool.maxSize, 1, MAX_INT32);
  if (pool.acquireTimeout !== undefined) {
    checkInteger("pool.acquireTimeout", pool.acquireTimeout, 0, MAX_INT32);
  }
  if (pool.idleCheckAfter !== undefined) {
    checkInteger("pool.idleCheckAfter", pool.idleCheckAfter, 0, MAX_INT32);
  }
  return { ...pool };
}

/**
 * The `reconnect` option checked: `false`, or settings with the defaults
 * (equal jitter, base 50 ms, cap 2000 ms; no attempt limit).
 *
 * @example
 * ```ts
 * resolveReconnect(undefined).maxAttempts; // Infinity
 * resolveReconnect(false); // false
 * ```
 */
export function resolveReconnect(
  reconnect: RedisOptions["reconnect"],
): Required<ReconnectOptions> | false {
  if (reconnect === false) return false;
  if (
    reconnect !== undefined && reconnect !== true &&
    (typeof reconnect !== "object" || reconnect === null)
  ) {
    throw new DataError(
      `reconnect: expected a boolean or settings, got ${describeValue(reconnect)}`,
    );
  }
  checkKeys(reconnect, RECONNECT_KEYS, "reconnect");
  const settings = typeof reconnect === "object" ? reconnect : {};
  const backoff = settings.backoff ?? new EqualJitterBackoff({ base: 50, cap: 2000 });
  if (typeof backoff.compute !== "function") {
    throw new DataError("reconnect.backoff: expected a Backoff (with compute and reset)");
  }
  const maxAttempts = settings.maxAttempts ?? Infinity;
  if (maxAttempts !== Infinity) checkInteger("reconnect.maxAttempts", maxAttempts, 1, MAX_INT32);
  return { backoff, maxAttempts };
}

/**
 * The `retry` option checked: `false`, the given {@link Retry}, or the
 * default (3 retries after a `ConnectionError`, exponential backoff with
 * jitter, base 50 ms, cap 1000 ms).
 *
 * @example
 * ```ts
 * resolveRetry(false); // false
 * resolveRetry(undefined); // Retry(ExponentialWithJitterBackoff, 3, { retryOn: [ConnectionError] })
 * ```
 */
export function resolveRetry(retry: RedisOptions["retry"]): Retry | false {
  if (retry === false) return false;
  if (retry === undefined) {
    return new Retry(new ExponentialWithJitterBackoff({ base: 50, cap: 1000 }), 3, {
      retryOn: [ConnectionError],
    });
  }
  if (!(retry instanceof Retry)) {
    throw new DataError(`retry: expected a Retry or false, got ${describeValue(retry)}`);
  }
  return retry;
}

/**
 * The `offlineQueue` option checked: `false`, or its size (default 10000).
 *
 * @example
 * ```ts
 * resolveOfflineQueue(true); // { maxSize: 10000 }
 * resolveOfflineQueue({ maxSize: 50 }); // { maxSize: 50 }
 * ```
 */
export function resolveOfflineQueue(
  queue: RedisOptions["offlineQueue"],
): { maxSize: number } | false {
  if (queue === false) return false;
  if (queue === undefined || queue === true) return { maxSize: 10_000 };
  if (typeof queue !== "object" || queue === null) {
    throw new DataError(
      `offlineQueue: expected a boolean or settings, got ${describeValue(queue)}`,
    );
  }
  checkKeys(queue, OFFLINE_QUEUE_KEYS, "offlineQueue");
  return { maxSize: checkInteger("offlineQueue.maxSize", queue.maxSize ?? 10_000, 1, MAX_INT32) };
}

/**
 * The `sentinel` option checked, its password kept in a closure only and
 * its TLS key hidden.
 *
 * @example
 * ```ts
 * resolveSentinel({ name: "mymaster", sentinels: ["127.0.0.1:26379"], password: "pw" });
 * // { name, sentinels, credentials: [Function] }
 * ```
 */
export function resolveSentinel(sentinel: unknown): ResolvedSentinelOptions | undefined {
  if (sentinel === undefined) return undefined;
  if (typeof sentinel !== "object" || sentinel === null) {
    throw new DataError(`sentinel: expected { name, sentinels }, got ${describeValue(sentinel)}`);
  }
  assertKnownKeys(sentinel, SENTINEL_KEYS, "sentinel", CLIENT_OPTION_HINTS);
  const { password, ...rest } = sentinel as SentinelOptions;
  const username = checkString("sentinel.username", rest.username);
  checkString("sentinel.password", password, true);
  checkKeys(rest.tls, TLS_KEYS, "sentinel.tls");
  if (rest.tls !== undefined) rest.tls = hideTlsKey(rest.tls);
  return password === undefined
    ? rest
    : { ...rest, credentials: staticCredentials(username, password) };
}

/**
 * The `cache` option checked: `undefined` (no cache) for `undefined` and
 * `false`, else its settings with the defaults (10,000 entries, 64 MiB, no
 * ttl, `"default"` mode). Broadcast prefixes must not overlap (the server
 * refuses that).
 *
 * @example
 * ```ts
 * resolveCache(true); // { maxEntries: 10000, maxBytes: 67108864, ttl: 0, mode: "default" }
 * resolveCache({ mode: { broadcast: ["a", "ab"] } }); // DataError: … overlap …
 * ```
 */
export function resolveCache(cache: RedisOptions["cache"]): ResolvedCacheOptions | undefined {
  if (cache === undefined || cache === false) return undefined;
  if (cache !== true && (typeof cache !== "object" || cache === null)) {
    throw new DataError(`cache: expected a boolean or settings, got ${describeValue(cache)}`);
  }
  const settings = cache === true ? {} : cache;
  checkKeys(settings, CACHE_KEYS, "cache");
  return {
    maxEntries: checkInteger("cache.maxEntries", settings.maxEntries ?? 10_000, 1, MAX_INT32),
    maxBytes: checkInteger(
      "cache.maxBytes",
      settings.maxBytes ?? 64 * 1024 * 1024,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    ttl: checkInteger("cache.ttl", settings.ttl ?? 0, 0, MAX_INT32),
    mode: resolveTrackingMode(settings.mode),
  };
}

/** The `cache.mode` option checked. */
function resolveTrackingMode(mode: unknown): TrackingMode {
  if (mode === undefined || mode === "default") return "default";
  if (mode === "optin") return "optin";
  if (typeof mode !== "object" || mode === null || Array.isArray(mode)) {
    throw new DataError(
      `cache.mode: expected "default", "optin" or { broadcast: [prefixes] }, got ${
        describeValue(mode)
      }`,
    );
  }
  checkKeys(mode, CACHE_MODE_KEYS, "cache.mode");
  const prefixes: unknown = (mode as { broadcast?: unknown }).broadcast;
  if (!Array.isArray(prefixes)) {
    throw new DataError(
      `cache.mode.broadcast: expected an array of key prefixes, got ${describeValue(prefixes)}`,
    );
  }
  for (const prefix of prefixes) {
    if (typeof prefix !== "string") {
      throw new DataError(
        `cache.mode.broadcast: expected strings, got ${describeValue(prefix)}`,
      );
    }
  }
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = i + 1; j < prefixes.length; j++) {
      const [a, b] = [prefixes[i] as string, prefixes[j] as string];
      if (a.startsWith(b) || b.startsWith(a)) {
        throw new DataError(
          `cache.mode.broadcast: the prefixes ${JSON.stringify(a)} and ${
            JSON.stringify(b)
          } overlap (the server refuses overlapping prefixes): keep the shorter one`,
        );
      }
    }
  }
  return { broadcast: Object.freeze([...prefixes as string[]]) };
}
