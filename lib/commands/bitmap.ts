/**
 * Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { StringCommands } from "./string.ts";

/**
 * Commands on strings as bit arrays.
 *
 * @example
 * ```ts
 * await redis.setbit("flags", 7, 1); // 0
 * ```
 */
export abstract class BitmapCommands<M extends Mode, S extends Text> extends StringCommands<M, S> {
}
