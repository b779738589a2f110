/**
 * Stream commands: XADD, XRANGE, XREAD, XGROUP …, XINFO ….
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { GeoCommands } from "./geo.ts";

/**
 * Commands on streams.
 *
 * @example
 * ```ts
 * await redis.xadd("events", "*", { type: "login" }); // "1700000000000-0"
 * ```
 */
export abstract class StreamCommands<M extends Mode, S extends Text> extends GeoCommands<M, S> {
}
