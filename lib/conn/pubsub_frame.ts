/**
 * Telling a RESP2 pub/sub frame (an array starting with `message`,
 * `subscribe`, …) from the reply to a command, on a subscriber connection.
 *
 * @module
 */
import type { RespValue } from "../resp/types.ts";

const PUBSUB_KINDS = new Set([
  "message",
  "pmessage",
  "smessage",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
]);

/**
 * Whether a RESP2 reply is a pub/sub frame rather than the answer to a command.
 *
 * @example
 * ```ts
 * isPubSubFrame(["message", "news", "hello"]); // true
 * isPubSubFrame(["a", "b", "c"]); // false
 * ```
 */
export function isPubSubFrame(value: RespValue): value is RespValue[] {
  if (!Array.isArray(value) || value.length < 3) return false;
  const kind = value[0];
  if (typeof kind === "string") return PUBSUB_KINDS.has(kind);
  // A byte-mode subscriber connection: the kind is a short ASCII word.
  return kind instanceof Uint8Array && kind.length <= 12 &&
    PUBSUB_KINDS.has(String.fromCharCode(...kind));
}
