/**
 * Geospatial commands: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE, GEORADIUS….
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { HyperLogLogCommands } from "./hyperloglog.ts";

/**
 * Commands on geospatial indexes (sorted sets of positions).
 *
 * @example
 * ```ts
 * await redis.geoadd("places", { longitude: 13.36, latitude: 38.11, member: "Palermo" }); // 1
 * ```
 */
export abstract class GeoCommands<M extends Mode, S extends Text>
  extends HyperLogLogCommands<M, S> {
}
