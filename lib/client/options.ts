/**
 * Client options and connection URLs, checked and resolved to the settings of
 * a connection. Bad input is a {@link DataError} naming what is wrong; no
 * message ever repeats a password or a whole URL.
 *
 * @module
 */
import type {
  ConnectionOptions,
  Credentials,
  CredentialsProvider,
} from "../conn/open_connection.ts";
import { hideTlsKey, type TlsOptions } from "../conn/transport.ts";
import type { PoolOptions } from "../pool/connection_pool.ts";
import {
  type Backoff,
  EqualJitterBackoff,
  ExponentialWithJitterBackoff,
} from "../backoff/backoff.ts";
import { Retry } from "../backoff/retry.ts";
import type { ResolvedSentinelOptions, SentinelOptions } from "../sentinel/sentinel_options.ts";
import { ConnectionError, DataError } from "../errors/errors.ts";
import { assertKnownKeys, nearestName, optionKeys } from "../errors/unknown_option.ts";
import { describeValue } from "../commands/validate.ts";

/**
 * How to reach and talk to a server. Every field is optional; a `url` sets
 * the fields it names and the other fields here override it.
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
}

/** How the client reconnects after losing its connection. */
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
  };

/** Every key of {@link RedisOptions}: any other is a DataError naming the nearest. */
const REDIS_OPTION_KEYS = optionKeys<RedisOptions>({
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
});

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
  ["keyprefix", "keel has no key prefix: put it in the keys"],
]);

const POOL_KEYS = optionKeys<PoolOptions>({
  maxSize: true,
  acquireTimeout: true,
  idleCheckAfter: true,
});
const RECONNECT_KEYS = optionKeys<ReconnectOptions>({ backoff: true, maxAttempts: true });
const OFFLINE_QUEUE_KEYS = optionKeys<{ maxSize?: number }>({ maxSize: true });
const TLS_KEYS = optionKeys<TlsOptions>({
  ca: true,
  cert: true,
  key: true,
  servername: true,
  rejectUnauthorized: true,
});
const SENTINEL_KEYS = optionKeys<SentinelOptions>({
  name: true,
  sentinels: true,
  role: true,
  username: true,
  password: true,
  tls: true,
});

const QUERY_OPTIONS = [
  "db",
  "username",
  "password",
  "protocol",
  "clientName",
  "socketTimeout",
  "socketConnectTimeout",
  "healthCheckInterval",
] as const;

/**
 * Options a URL's query may carry, with the aliases other clients use. A
 * Map: query keys come from the URL, and `?constructor=1` or `?__proto__=1`
 * must be unknown options, not `Object`'s members.
 */
const QUERY_KEYS: ReadonlyMap<string, (typeof QUERY_OPTIONS)[number]> = new Map<
  string,
  (typeof QUERY_OPTIONS)[number]
>([
  ...QUERY_OPTIONS.map((name) => [name, name] as const),
  ["client_name", "clientName"],
  ["name", "clientName"],
  ["socket_timeout", "socketTimeout"],
  ["socket_connect_timeout", "socketConnectTimeout"],
  ["health_check_interval", "healthCheckInterval"],
  ["user", "username"],
]);

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new DataError(
      `${name}: expected an integer from ${min} to ${max}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * `value` must be a string or absent. A wrong value is described, unless
 * `secret`: then only its kind is named (a password given as a number
 * must not appear in a message).
 */
function checkString(name: string, value: unknown, secret = false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new DataError(
      `${name}: expected a string, got ${secret ? typeof value : describeValue(value)}`,
    );
  }
  return value;
}

function checkBoolean(name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") {
    throw new DataError(`${name}: expected a boolean, got ${describeValue(value)}`);
  }
  return value;
}

/** Settings given as an object must have known keys only. */
function checkKeys(value: unknown, known: readonly string[], where: string): void {
  if (typeof value === "object" && value !== null) assertKnownKeys(value, known, where);
}

/**
 * The credentials of a static `password` as a provider: a closure, so that
 * the password is in no property of the resolved options (nothing an
 * inspector, `JSON.stringify` or a property walk can reach).
 */
function staticCredentials(username: string | undefined, password: string): CredentialsProvider {
  return () => ({ username, password });
}

/** Sentinel settings checked, their password kept in a closure only. */
function resolveSentinel(sentinel: unknown): ResolvedSentinelOptions | undefined {
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

function checkCredentials(
  provider: unknown,
): CredentialsProvider | AsyncIterable<Credentials> | undefined {
  if (provider === undefined || typeof provider === "function") {
    return provider as CredentialsProvider | undefined;
  }
  if (typeof provider === "object" && provider !== null && Symbol.asyncIterator in provider) {
    return provider as AsyncIterable<Credentials>;
  }
  throw new DataError(
    `credentials: expected a function or an async iterable, got ${typeof provider}`,
  );
}

function checkReconnect(reconnect: RedisOptions["reconnect"]): Required<ReconnectOptions> | false {
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
  if (maxAttempts !== Infinity) checkInteger("reconnect.maxAttempts", maxAttempts, 1, 2 ** 31 - 1);
  return { backoff, maxAttempts };
}

function checkRetry(retry: RedisOptions["retry"]): Retry | false {
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

function checkOfflineQueue(queue: RedisOptions["offlineQueue"]): { maxSize: number } | false {
  if (queue === false) return false;
  if (queue === undefined || queue === true) return { maxSize: 10_000 };
  if (typeof queue !== "object" || queue === null) {
    throw new DataError(
      `offlineQueue: expected a boolean or settings, got ${describeValue(queue)}`,
    );
  }
  checkKeys(queue, OFFLINE_QUEUE_KEYS, "offlineQueue");
  return { maxSize: checkInteger("offlineQueue.maxSize", queue.maxSize ?? 10_000, 1, 2 ** 31 - 1) };
}

function checkPool(pool: PoolOptions | undefined): PoolOptions {
  if (pool === undefined) return {};
  if (typeof pool !== "object" || pool === null) {
    throw new DataError(`pool: expected an object, got ${describeValue(pool)}`);
  }
  checkKeys(pool, POOL_KEYS, "pool");
  const limit = 2 ** 31 - 1;
  if (pool.maxSize !== undefined) checkInteger("pool.maxSize", pool.maxSize, 1, limit);
  if (pool.acquireTimeout !== undefined) {
    checkInteger("pool.acquireTimeout", pool.acquireTimeout, 0, limit);
  }
  if (pool.idleCheckAfter !== undefined) {
    checkInteger("pool.idleCheckAfter", pool.idleCheckAfter, 0, limit);
  }
  return { ...pool };
}

/** Parse a number from a URL part; a non-number names the part, not the URL. */
function numberFrom(name: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n)) throw new DataError(`${name} in the URL: expected a whole number`);
  return n;
}

/**
 * Decode the percent-escapes of a URL part; a malformed one (`%` not
 * followed by two hex digits, or bytes that are not UTF-8) is a DataError
 * naming the part, never showing it (it may be a password).
 */
function decodeUrlPart(part: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DataError(
      `url: ${part} has a malformed percent-escape (expected %XX escapes of UTF-8 bytes; write % itself as %25)`,
    );
  }
}

/**
 * The `key=value` pairs of a URL's query (`+` is a space), decoded strictly:
 * unlike `URLSearchParams`, a malformed escape is an error, not U+FFFD.
 */
function queryPairs(search: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const item of search.replace(/^\?/, "").split("&")) {
    if (item === "") continue;
    const equals = item.indexOf("=");
    const rawKey = (equals === -1 ? item : item.slice(0, equals)).replaceAll("+", " ");
    const rawValue = (equals === -1 ? "" : item.slice(equals + 1)).replaceAll("+", " ");
    const key = decodeUrlPart("a query option's name", rawKey);
    pairs.push([key, decodeUrlPart(`the value of the query option '${key}'`, rawValue)]);
  }
  return pairs;
}

/** The fields a URL sets. Never echoes the URL, which may hold a password. */
export function parseRedisUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DataError(
      "url: not a valid URL (expected redis://host:port, rediss://…, unix:///path)",
    );
  }
  const options: RedisOptions = {};
  const scheme = parsed.protocol;
  if (scheme === "unix:" || scheme === "redis+unix:") {
    if (parsed.pathname === "" || parsed.pathname === "/") {
      throw new DataError("url: a unix:// URL needs a socket path, e.g. unix:///run/redis.sock");
    }
    options.path = decodeUrlPart("the socket path", parsed.pathname);
  } else if (scheme === "redis:" || scheme === "rediss:") {
    if (parsed.hostname !== "") options.host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
    if (parsed.port !== "") options.port = numberFrom("port", parsed.port);
    if (scheme === "rediss:") options.tls = true;
    const db = parsed.pathname.replace(/^\//, "");
    if (db !== "") options.db = numberFrom("database (the path)", db);
  } else {
    throw new DataError(
      `url: expected the scheme redis:, rediss:, unix: or redis+unix:, got ${scheme}`,
    );
  }
  if (parsed.username !== "") options.username = decodeUrlPart("the user name", parsed.username);
  if (parsed.password !== "") options.password = decodeUrlPart("the password", parsed.password);
  for (const [rawKey, value] of queryPairs(parsed.search)) {
    const key = QUERY_KEYS.get(rawKey);
    switch (key) {
      case "db":
      case "socketTimeout":
      case "socketConnectTimeout":
      case "healthCheckInterval":
        options[key] = numberFrom(rawKey, value);
        break;
      case "protocol":
        options.protocol = numberFrom(rawKey, value) as 2 | 3;
        break;
      case "username":
      case "password":
      case "clientName":
        options[key] = value;
        break;
      default: {
        const near = nearestName(rawKey, [...QUERY_KEYS.keys()]);
        throw new DataError(
          `url: unknown option '${rawKey.slice(0, 40)}' in the query; ${
            near === undefined ? "" : `did you mean '${near}'? `
          }(known: ${QUERY_OPTIONS.join(", ")})`,
        );
      }
    }
  }
  return options;
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
  if (
    input !== undefined && typeof input !== "string" &&
    (typeof input !== "object" || input === null)
  ) {
    throw new DataError(
      `options: expected a URL string or an options object, got ${describeValue(input)}`,
    );
  }
  const given: RedisOptions = typeof input === "string" ? { url: input } : input ?? {};
  assertKnownKeys(given, REDIS_OPTION_KEYS, "the client options", CLIENT_OPTION_HINTS);
  const url = checkString("url", given.url);
  // Spread and Object.fromEntries define properties (a `__proto__` key stays
  // an ignored own key), where assignment would set the prototype.
  const options: RedisOptions = url === undefined ? { ...given } : {
    ...parseRedisUrl(url),
    ...Object.fromEntries(
      Object.entries(given).filter(([key, value]) => key !== "url" && value !== undefined),
    ),
  };
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
  const credentials = checkCredentials(options.credentials) ??
    (password === undefined ? undefined : staticCredentials(username, password));
  return {
    host,
    port: checkInteger("port", options.port ?? 6379, 1, 65535),
    path: checkString("path", options.path),
    tls,
    username,
    credentials,
    db: checkInteger("db", options.db ?? 0, 0, 2 ** 31 - 1),
    clientName: checkString("clientName", options.clientName),
    protocol,
    connectTimeout: checkInteger(
      "socketConnectTimeout",
      options.socketConnectTimeout ?? 10_000,
      1,
      2 ** 31 - 1,
    ),
    commandTimeout: checkInteger("socketTimeout", options.socketTimeout ?? 30_000, 0, 2 ** 31 - 1),
    healthCheckInterval: checkInteger(
      "healthCheckInterval",
      options.healthCheckInterval ?? 0,
      0,
      2 ** 31 - 1,
    ),
    pool: checkPool(options.pool),
    reconnect: checkReconnect(options.reconnect),
    offlineQueue: checkOfflineQueue(options.offlineQueue),
    retry: checkRetry(options.retry),
    sentinel: resolveSentinel(options.sentinel),
    callerStacks: checkBoolean("callerStacks", options.callerStacks) ?? false,
  };
}
