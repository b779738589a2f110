/**
 * Canonical key strings: the one text form of a Redis key that both a
 * request and an invalidation frame map to, so that the cache can match the
 * keys a reply depends on with the keys the server says have changed.
 *
 * The server knows keys as bytes; invalidation frames carry them as bulk
 * strings that the decoder turns into text (UTF-8, a leading U+FEFF kept).
 * A request's key becomes the same text here:
 *
 * - a string is itself, unless it is not well-formed UTF-16: a lone
 *   surrogate goes out as U+FFFD (what `TextEncoder` sends), so it is that;
 * - a `Uint8Array` is its bytes decoded as UTF-8, non-fatally, with a leading
 *   U+FEFF kept (`ignoreBOM`), as the decoder reads an invalidation frame;
 * - a number or bigint is the decimal text the encoder sends.
 *
 * Two different byte keys that are not valid UTF-8 may decode alike: the
 * cache then drops an entry of one when the other changes (it never keeps
 * one that changed).
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";

/** Byte-exact like the reply decoder: a leading U+FEFF is text, not a byte order mark. */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The canonical text of a key: what the server's invalidation frame for it
 * decodes to.
 *
 * @example
 * ```ts
 * canonicalKey("user:1"); // "user:1"
 * canonicalKey(new Uint8Array([0x6b])); // "k"
 * canonicalKey("a\uD800"); // "a\uFFFD" (a lone surrogate is sent as U+FFFD)
 * canonicalKey(42); // "42"
 * ```
 */
export function canonicalKey(arg: RedisArg): string {
  if (typeof arg === "string") return arg.isWellFormed() ? arg : arg.toWellFormed();
  if (arg instanceof Uint8Array) return utf8.decode(arg);
  if (typeof arg === "number") {
    // As the encoder writes it: infinities as Redis spells them.
    if (arg === Infinity) return "inf";
    if (arg === -Infinity) return "-inf";
  }
  return String(arg);
}
