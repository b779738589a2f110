/**
 * Client options and connection URLs, checked and resolved to the settings of
 * a connection: {@link resolveOptions} for the async client,
 * {@link resolveSyncOptions} for the blocking one. Bad input is a
 * {@link DataError} naming what is wrong; no message ever repeats a password
 * or a whole URL. The types live in `redis_options.ts`, the URL parser in
 * `redis_url.ts`, the async-only options in `async_options.ts`; this module
 * re-exports what the rest of keel imports.
 *
 * @module
 */
import { staticCredentials } from "../auth/credentials.ts";
import { hideTlsKey, type TlsOptions } from "../auth/tls_options.ts";
import { DataError } from "../errors/errors.ts";
import { assertKnownKeys } from "../errors/unknown_option.ts";
import { describeValue } from "../commands/validate.ts";
import {
  resolveCache,
  resolveOfflineQueue,
  resolvePool,
  resolveReconnect,
  resolveRetry,
  resolveSentinel,
} from "./async_options.ts";
import {
  checkBoolean,
  checkCredentialsSource,
  checkInteger,
  checkKeyPrefix,
  checkString,
  MAX_INT32,
} from "./option_checks.ts";
import {
  asyncOnlyOptionError,
  CLIENT_OPTION_HINTS,
  isAsyncOnlyOption,
  REDIS_OPTION_KEYS,
  SYNC_OPTION_HINTS,
  SYNC_OPTION_KEYS,
  TLS_KEYS,
} from "./option_keys.ts";
import type {
  RedisOptions,
  RedisSyncOptions,
  ResolvedOptions,
  ResolvedSyncOptions,
} from "./redis_options.ts";
import { parseRedisUrl } from "./redis_url.ts";
import { defaultUrlOptions } from "./default_url.ts";

export { CLIENT_OPTION_HINTS } from "./option_keys.ts";
export type {
  CacheOptions,
  ReconnectOptions,
  RedisOptions,
  RedisSyncOptions,
  ResolvedOptions,
  ResolvedSyncOptions,
} from "./redis_options.ts";

/** The options object given (a URL string is `{ url }`), its keys checked against `known`. */
function givenOptions(
  input: unknown,
  known: readonly string[],
  where: string,
  hints: ReadonlyMap<string, string>,
): RedisOptions {
  if (
    input !== undefined && typeof input !== "string" &&
    (typeof input !== "object" || input === null)
  ) {
    throw new DataError(
      `options: expected a URL string or an options object, got ${describeValue(input)}`,
    );
  }
  const given: RedisOptions = typeof input === "string" ? { url: input } : input ?? {};
  assertKnownKeys(given, known, where, hints);
  return given;
}

/** The given options over those of their `url`, if any. */
function withUrl(given: RedisOptions): RedisOptions {
  const url = checkString("url", given.url);
  // Spread and Object.fromEntries define properties (a `__proto__` key stays
  // an ignored own key), where assignment would set the prototype.
  return url === undefined ? { ...given } : {
    ...parseRedisUrl(url),
    ...Object.fromEntries(
      Object.entries(given).filter(([key, value]) => key !== "url" && value !== undefined),
    ),
  };
}

/** What both clients' connections need, checked, with the defaults. */
function connectionSettings(
  options: RedisOptions,
): Omit<ResolvedSyncOptions, "credentials"> & Pick<ResolvedOptions, "credentials"> {
  const protocol = options.protocol ?? 3;
  if (protocol !== 2 && protocol !== 3) {
    throw new DataError(`protocol: expected 2 or 3, got ${describeValue(protocol)}`);
  }
  let tls: TlsOptions | undefined;
  if (options.tls === true) tls = {};
  else if (typeof options.tls === "object" && options.tls !== null) {
    assertKnownKeys(options.tls, TLS_KEYS, "tls");
    tls = hideTlsKey(options.tls);
  } else if (options.tls !== undefined && options.tls !== false) {
    throw new DataError(
      `tls: expected a boolean or TLS options, got ${describeValue(options.tls)}`,
    );
  }
  const host = checkString("host", options.host) ?? "127.0.0.1";
  if (host === "") throw new DataError("host: expected a host name, got an empty string");
  const username = checkString("username", options.username);
  const password = checkString("password", options.password, true);
  const credentials = checkCredentialsSource(options.credentials) ??
    (password === undefined ? undefined : staticCredentials(username, password));
  return {
    host,
    port: checkInteger("port", options.port ?? 6379, 1, 65535),
    path: checkString("path", options.path),
    tls,
    username,
    credentials,
    db: checkInteger("db", options.db ?? 0, 0, MAX_INT32),
    clientName: checkString("clientName", options.clientName),
    protocol,
    connectTimeout: checkInteger(
      "socketConnectTimeout",
      options.socketConnectTimeout ?? 10_000,
      1,
      MAX_INT32,
    ),
    commandTimeout: checkInteger("socketTimeout", options.socketTimeout ?? 30_000, 0, MAX_INT32),
  };
}

/** `options` without the keys whose value is `undefined`. */
function definedOnly(options: RedisOptions): RedisOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** The keys that say where the server is: without any of them, `REDIS_URL` may. */
const ADDRESS_KEYS = ["url", "host", "port", "path", "sentinel"] as const;

/**
 * The async client's options as given (a URL string is `{ url }`), keys
 * checked, the URL applied (its fields under the given ones) and dropped.
 * With `fromEnv`, when none of `url`, `host`, `port`, `path` and `sentinel`
 * is given, the URL in `REDIS_URL` (else `VALKEY_URL`) is applied the same
 * way, if the environment may be read without a prompt.
 *
 * @example
 * ```ts
 * clientOptions("valkey://h.example:6380/2"); // { host: "h.example", port: 6380, db: 2 }
 * clientOptions({ db: 1 }, true); // with REDIS_URL=redis://cache:6380: { host: "cache", port: 6380, db: 1 }
 * ```
 */
export function clientOptions(
  input: string | RedisOptions | undefined,
  fromEnv = false,
): RedisOptions {
  const given = givenOptions(input, REDIS_OPTION_KEYS, "the client options", CLIENT_OPTION_HINTS);
  return fromEnv ? withDefaultUrl(given) : withUrl(given);
}

/** {@link withUrl}, and when `given` names no server, `REDIS_URL`'s (or `VALKEY_URL`'s) fields under it. */
function withDefaultUrl(given: RedisOptions): RedisOptions {
  const options = withUrl(given);
  if (ADDRESS_KEYS.some((key) => given[key] !== undefined)) return options;
  const fromVariable = defaultUrlOptions();
  return fromVariable === undefined
    ? options
    : { ...fromVariable.options, ...definedOnly(options) };
}

/** What an override of each key replaces in the options it is merged over. */
const REPLACED_BY: ReadonlyMap<string, readonly string[]> = new Map([
  ["host", ["path"]],
  ["port", ["path"]],
  ["path", ["host", "port"]],
  ["username", ["credentials"]],
  ["password", ["credentials"]],
  ["credentials", ["username", "password"]],
]);

/**
 * The options of a duplicate client: `base` (what {@link clientOptions}
 * gave) with `overrides` over it, checked as a constructor's options. A
 * `url` in the overrides stands for the whole server and login: `host`,
 * `port`, `path`, `tls`, `db`, `username`, `password` and `credentials`
 * come from it (or from the other overrides), not from `base`. A `host` or
 * `port` replaces a socket `path` and the other way round; `username` or
 * `password` replace `credentials` and the other way round. A key given as
 * `undefined` goes back to its default.
 *
 * @example
 * ```ts
 * const base = clientOptions({ host: "h.example", db: 2, clientName: "app" });
 * duplicateOptions(base, { db: 3 }); // { host: "h.example", db: 3, clientName: "app" }
 * duplicateOptions(base, { dbb: 3 }); // DataError: unknown option 'dbb' … did you mean 'db'?
 * ```
 */
export function duplicateOptions(base: RedisOptions, overrides: unknown): RedisOptions {
  if (overrides !== undefined && (typeof overrides !== "object" || overrides === null)) {
    throw new DataError(
      `duplicate: expected an options object to override, got ${describeValue(overrides)}`,
    );
  }
  const given = givenOptions(
    overrides,
    REDIS_OPTION_KEYS,
    "the duplicate's options",
    CLIENT_OPTION_HINTS,
  );
  const merged: RedisOptions = { ...base };
  const replaced = new Set<string>();
  if (given.url !== undefined) {
    for (
      const key of ["host", "port", "path", "tls", "db", "username", "password", "credentials"]
    ) {
      replaced.add(key);
    }
  }
  for (const key of Object.keys(given)) {
    for (const other of REPLACED_BY.get(key) ?? []) replaced.add(other);
  }
  for (const key of replaced) delete merged[key as keyof RedisOptions];
  return { ...merged, ...withUrl(given) };
}

/**
 * Apply the URL and the defaults, and check every option.
 *
 * @example
 * ```ts
 * resolveOptions("redis://localhost:6380/2").db; // 2
 * ```
 */
export function resolveOptions(input: string | RedisOptions | undefined): ResolvedOptions {
  const options = clientOptions(input);
  const keyPrefix = checkKeyPrefix(options.keyPrefix);
  return {
    ...connectionSettings(options),
    healthCheckInterval: checkInteger(
      "healthCheckInterval",
      options.healthCheckInterval ?? 0,
      0,
      MAX_INT32,
    ),
    pool: resolvePool(options.pool),
    reconnect: resolveReconnect(options.reconnect),
    offlineQueue: resolveOfflineQueue(options.offlineQueue),
    retry: resolveRetry(options.retry),
    sentinel: resolveSentinel(options.sentinel),
    callerStacks: checkBoolean("callerStacks", options.callerStacks) ?? false,
    keyPrefix,
    cache: withPrefixedBroadcast(resolveCache(options.cache), keyPrefix),
  };
}

/**
 * The cache settings with `keyPrefix` before each broadcast prefix: the
 * server matches its prefixes against the keys as stored (prefixed).
 */
function withPrefixedBroadcast(
  cache: ResolvedOptions["cache"],
  keyPrefix: string | undefined,
): ResolvedOptions["cache"] {
  if (keyPrefix === undefined || cache === undefined || typeof cache.mode === "string") {
    return cache;
  }
  const broadcast = cache.mode.broadcast.map((prefix) => keyPrefix + prefix);
  return { ...cache, mode: { broadcast: Object.freeze(broadcast) } };
}

/**
 * The blocking client's {@link resolveOptions}: the same checks and
 * defaults, and a DataError naming any option only the async client takes
 * (`pool`, `reconnect`, `offlineQueue`, `retry`, `sentinel`,
 * `healthCheckInterval` — in the URL query too — `callerStacks` and
 * `cache`, even `undefined`), and for a credentials stream. With
 * `fromEnv`, the default URL comes from the environment as for
 * {@link clientOptions}.
 *
 * @example
 * ```ts
 * resolveSyncOptions("redis://localhost:6380/2").db; // 2
 * resolveSyncOptions({ pool: { maxSize: 2 } });
 * // DataError: 'pool' is an option of the async client (Redis) only: the blocking client has no connection pool: …
 * ```
 */
export function resolveSyncOptions(
  input: string | RedisSyncOptions | undefined,
  fromEnv = false,
): ResolvedSyncOptions {
  if (typeof input === "object" && input !== null) {
    for (const key of Object.keys(input)) {
      if (isAsyncOnlyOption(key)) throw asyncOnlyOptionError(key);
    }
  }
  const given = givenOptions(
    input,
    SYNC_OPTION_KEYS,
    "the blocking client's options",
    SYNC_OPTION_HINTS,
  );
  const options = fromEnv ? withDefaultUrl(given) : withUrl(given);
  if (options.healthCheckInterval !== undefined) {
    throw asyncOnlyOptionError("healthCheckInterval", " (in the URL query)");
  }
  const { credentials, ...settings } = connectionSettings(options);
  if (credentials !== undefined && typeof credentials !== "function") {
    throw new DataError(
      "credentials: the blocking client needs a function that returns credentials synchronously; a stream (an async iterable) needs the async client (Redis)",
    );
  }
  return { ...settings, credentials, keyPrefix: checkKeyPrefix(options.keyPrefix) };
}
