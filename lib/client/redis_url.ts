/**
 * Connection URLs: `redis://`, `rediss://` (TLS), their Valkey spellings
 * `valkey://` and `valkeys://`, `unix://` and `redis+unix://`, parsed strictly
 * into the options they set. No message ever repeats the URL or a part of it
 * that may be a password.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import { nearestName } from "../errors/unknown_option.ts";

/**
 * The options a connection URL can set (a subset of the client options).
 *
 * @example
 * ```ts
 * const fromUrl: UrlOptions = parseRedisUrl("redis://h.example:6380/2"); // { host, port: 6380, db: 2 }
 * ```
 */
export interface UrlOptions {
  /** From the URL's host. */
  host?: string;
  /** From the URL's port. */
  port?: number;
  /** From a `unix://` URL's path. */
  path?: string;
  /** `true` for `rediss://` and `valkeys://`. */
  tls?: true;
  /** From the path of a `redis://` (or `valkey://`) URL, or `?db=`. */
  db?: number;
  /** From the user part, or `?username=`/`?user=`. */
  username?: string;
  /** From the password part, or `?password=`. */
  password?: string;
  /** `?protocol=`. */
  protocol?: 2 | 3;
  /** `?clientName=`, `?client_name=` or `?name=`. */
  clientName?: string;
  /** `?socketTimeout=` or `?socket_timeout=`. */
  socketTimeout?: number;
  /** `?socketConnectTimeout=` or `?socket_connect_timeout=`. */
  socketConnectTimeout?: number;
  /** `?healthCheckInterval=` or `?health_check_interval=`. */
  healthCheckInterval?: number;
}

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

/**
 * The fields a URL sets. Never echoes the URL, which may hold a password.
 * Values are parsed, not checked (a port of 0 is the resolution's to refuse).
 * `valkey://` and `valkeys://` mean the same as `redis://` and `rediss://`.
 *
 * @example
 * ```ts
 * parseRedisUrl("rediss://alice:pw@h.example:6380/2?name=app");
 * // { host: "h.example", port: 6380, tls: true, db: 2, username: "alice", password: "pw", clientName: "app" }
 * ```
 */
export function parseRedisUrl(url: string): UrlOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DataError(
      "url: not a valid URL (expected redis://host:port, rediss://…, valkey://…, valkeys://…, unix:///path)",
    );
  }
  const options: UrlOptions = {};
  const scheme = parsed.protocol;
  if (scheme === "unix:" || scheme === "redis+unix:") {
    if (parsed.pathname === "" || parsed.pathname === "/") {
      throw new DataError("url: a unix:// URL needs a socket path, e.g. unix:///run/redis.sock");
    }
    options.path = decodeUrlPart("the socket path", parsed.pathname);
  } else if (
    scheme === "redis:" || scheme === "rediss:" || scheme === "valkey:" || scheme === "valkeys:"
  ) {
    if (parsed.hostname !== "") options.host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
    if (parsed.port !== "") options.port = numberFrom("port", parsed.port);
    if (scheme === "rediss:" || scheme === "valkeys:") options.tls = true;
    const db = parsed.pathname.replace(/^\//, "");
    if (db !== "") options.db = numberFrom("database (the path)", db);
  } else {
    throw new DataError(
      `url: expected the scheme redis:, rediss:, valkey:, valkeys:, unix: or redis+unix:, got ${scheme}`,
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
