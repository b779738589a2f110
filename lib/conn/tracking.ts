/**
 * Server-assisted client-side caching at the protocol level: the
 * `CLIENT TRACKING` command a connection sends to have the server track
 * what it reads, and the invalidation frames the server sends back — a
 * RESP3 push `["invalidate", keys | null]` on the tracking connection
 * itself, or under RESP2 a pub/sub message on the `__redis__:invalidate`
 * channel of the connection the tracking is redirected to. Data only, so
 * that every connection that tracks (a client's, a cluster node's) shares it.
 *
 * @module
 */
import type { RedisArg, RespValue } from "../resp/types.ts";

/**
 * What the server tracks for a connection: `"default"`, the keys it read;
 * `"optin"`, the keys read by commands right after `CLIENT CACHING YES`;
 * `{ broadcast: prefixes }`, every key starting with one of the prefixes
 * (all keys when the list is empty), read or not.
 *
 * @example
 * ```ts
 * const mode: TrackingMode = { broadcast: ["user:", "product:"] };
 * ```
 */
export type TrackingMode = "default" | "optin" | { readonly broadcast: readonly string[] };

/**
 * The channel whose messages carry invalidations under RESP2.
 *
 * @example
 * ```ts
 * connection.sendOneway(["SUBSCRIBE", INVALIDATE_CHANNEL]);
 * ```
 */
export const INVALIDATE_CHANNEL = "__redis__:invalidate";

/**
 * `CLIENT TRACKING ON` for `mode`; with `redirect`, the invalidations go to
 * that client id (a RESP2 connection subscribed to
 * {@link INVALIDATE_CHANNEL}) instead of arriving as pushes.
 *
 * @example
 * ```ts
 * trackingCommand("default"); // ["CLIENT", "TRACKING", "ON"]
 * trackingCommand({ broadcast: ["user:"] }, 7); // [..., "REDIRECT", 7, "BCAST", "PREFIX", "user:"]
 * ```
 */
export function trackingCommand(mode: TrackingMode, redirect?: number | bigint): RedisArg[] {
  const args: RedisArg[] = ["CLIENT", "TRACKING", "ON"];
  if (redirect !== undefined) args.push("REDIRECT", redirect);
  if (mode === "optin") args.push("OPTIN");
  else if (typeof mode === "object") {
    args.push("BCAST");
    for (const prefix of mode.broadcast) args.push("PREFIX", prefix);
  }
  return args;
}

/** As the reply decoder reads text: a leading U+FEFF is kept. */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The keys an invalidation frame names (as text, decoded as every reply
 * is), `null` when it invalidates everything (FLUSHALL, FLUSHDB), or
 * `undefined` when the frame is no invalidation. Takes both forms: the
 * RESP3 push `["invalidate", keys | null]` and the RESP2 message
 * `["message", "__redis__:invalidate", keys | null]`.
 *
 * @example
 * ```ts
 * invalidatedKeys(["invalidate", ["user:1"]]); // ["user:1"]
 * invalidatedKeys(["message", "__redis__:invalidate", null]); // null
 * invalidatedKeys(["message", "news", "hello"]); // undefined
 * ```
 */
export function invalidatedKeys(frame: readonly RespValue[]): string[] | null | undefined {
  let payload: RespValue;
  if (frame.length === 2 && frame[0] === "invalidate") payload = frame[1];
  else if (frame.length === 3 && frame[0] === "message" && frame[1] === INVALIDATE_CHANNEL) {
    payload = frame[2];
  } else return undefined;
  if (payload === null) return null;
  if (!Array.isArray(payload)) return undefined;
  const keys: string[] = [];
  for (const key of payload) {
    if (typeof key === "string") keys.push(key);
    else if (key instanceof Uint8Array) keys.push(utf8.decode(key));
  }
  return keys;
}
