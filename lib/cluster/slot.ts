/**
 * Hash slots: CRC16 (XMODEM) of the key, or of its hash tag (`{…}`), modulo
 * 16384, as Redis Cluster computes them.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";

/** How many hash slots a cluster has. */
export const SLOT_COUNT = 16384;

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  TABLE[i] = crc & 0xffff;
}

const utf8 = new TextEncoder();

function crc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff]) & 0xffff;
  }
  return crc;
}

/**
 * The hash slot of `key`. When the key holds `{tag}` with a non-empty tag,
 * only the tag is hashed, so `{user:1}:name` and `{user:1}:mail` share a slot.
 *
 * @example
 * ```ts
 * slotOf("foo"); // 12182
 * slotOf("{user:1}:name") === slotOf("{user:1}:mail"); // true
 * ```
 */
export function slotOf(key: RedisArg): number {
  if (typeof key === "string") {
    const ascii = asciiSlot(key);
    if (ascii !== -1) return ascii;
  }
  const bytes = key instanceof Uint8Array ? key : utf8.encode(String(key));
  let start = 0;
  let end = bytes.length;
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) {
      start = open + 1;
      end = close;
    }
  }
  return crc16(bytes, start, end) % SLOT_COUNT;
}

/** The slot of an all-ASCII string without encoding it; `-1` when it is not ASCII. */
function asciiSlot(key: string): number {
  let start = 0;
  let end = key.length;
  const open = key.indexOf("{");
  if (open !== -1) {
    const close = key.indexOf("}", open + 1);
    if (close > open + 1) {
      start = open + 1;
      end = close;
    }
  }
  let crc = 0;
  for (let i = start; i < end; i++) {
    const code = key.charCodeAt(i);
    if (code >= 0x80) return -1;
    crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ code) & 0xff]) & 0xffff;
  }
  // A non-ASCII character before the tag would have moved the byte offsets, not the tag itself.
  for (let i = 0; i < start; i++) if (key.charCodeAt(i) >= 0x80) return -1;
  return crc % SLOT_COUNT;
}
