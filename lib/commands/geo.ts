/**
 * Geospatial commands: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH,
 * GEOSEARCHSTORE and the deprecated GEORADIUS family.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { HyperLogLogCommands } from "./hyperloglog.ts";
import { asString, toNumber, toNumberOrNull } from "./transforms.ts";
import { assertExclusive, assertInteger, assertNotEmpty, assertScore } from "./validate.ts";

/** A distance unit. */
export type GeoUnit = "m" | "km" | "mi" | "ft";

/** A place to add: its position and name. */
export interface GeoMember {
  /** Longitude in degrees. */
  longitude: number;
  /** Latitude in degrees. */
  latitude: number;
  /** The member's name. */
  member: RedisArg;
}

/** A position. */
export interface GeoPosition {
  /** Longitude in degrees. */
  longitude: number;
  /** Latitude in degrees. */
  latitude: number;
}

/** A member found by a search, with what was asked for. */
export interface GeoMatch<S> {
  /** The member. */
  member: S;
  /** Its distance from the center, in the search's unit (`withdist`). */
  distance?: number;
  /** Its geohash as an integer (`withhash`). */
  hash?: number;
  /** Its longitude (`withcoord`). */
  longitude?: number;
  /** Its latitude (`withcoord`). */
  latitude?: number;
}

/** Where and how GEOSEARCH looks. */
export interface GeoSearchOptions {
  /** The center: a member of the set, or a position. */
  from: { member: RedisArg } | GeoPosition;
  /** The area: a circle or a box around the center. */
  by: { radius: number; unit: GeoUnit } | { width: number; height: number; unit: GeoUnit };
  /** Nearest first (`"asc"`) or farthest first. */
  order?: "asc" | "desc";
  /** At most this many; with `any`, the first found rather than the nearest. */
  count?: number;
  /** With `count`: stop at the first `count` found. */
  any?: boolean;
}

/** Options of the deprecated GEORADIUS family: what each match carries, how many, in which order. */
export type GeoRadiusOptions = GeoWith & { count?: number; any?: boolean; order?: "asc" | "desc" };

/** What each match of a search carries. */
export interface GeoWith {
  /** Add the distance from the center. */
  withdist?: boolean;
  /** Add the raw geohash. */
  withhash?: boolean;
  /** Add the coordinates. */
  withcoord?: boolean;
}

function searchArgs(name: string, options: GeoSearchOptions): RedisArg[] {
  const args: RedisArg[] = [];
  if ("member" in options.from) args.push("FROMMEMBER", options.from.member);
  else {
    assertScore(`${name} from.longitude`, options.from.longitude);
    assertScore(`${name} from.latitude`, options.from.latitude);
    args.push("FROMLONLAT", options.from.longitude, options.from.latitude);
  }
  if ("radius" in options.by) args.push("BYRADIUS", options.by.radius, unit(name, options.by.unit));
  else args.push("BYBOX", options.by.width, options.by.height, unit(name, options.by.unit));
  if (options.order !== undefined) args.push(options.order.toUpperCase());
  if (options.count !== undefined) {
    assertInteger(`${name} count`, options.count, 1);
    args.push("COUNT", options.count);
    if (options.any) args.push("ANY");
  } else if (options.any) throw new DataError(`${name} any: needs count`);
  return args;
}

function unit(name: string, value: string): string {
  if (!["m", "km", "mi", "ft"].includes(value)) {
    throw new DataError(`${name} unit: expected m, km, mi or ft, got ${String(value)}`);
  }
  return value;
}

function withArgs(options: GeoWith): RedisArg[] {
  const args: RedisArg[] = [];
  if (options.withcoord) args.push("WITHCOORD");
  if (options.withdist) args.push("WITHDIST");
  if (options.withhash) args.push("WITHHASH");
  return args;
}

/** Search replies: plain members, or `[member, dist?, hash?, [lon, lat]?]` → `GeoMatch`. */
function toMatches(options: GeoWith): (reply: RespValue) => unknown {
  if (!options.withcoord && !options.withdist && !options.withhash) return (reply) => reply;
  return (reply) =>
    (reply as RespValue[][]).map((item) => {
      const match: GeoMatch<RespValue> = { member: item[0] };
      let at = 1;
      if (options.withdist) match.distance = toNumber(item[at++]);
      if (options.withhash) match.hash = toNumber(item[at++]);
      if (options.withcoord) {
        const [longitude, latitude] = item[at] as RespValue[];
        match.longitude = toNumber(longitude);
        match.latitude = toNumber(latitude);
      }
      return match;
    });
}

function radiusArgs(
  name: string,
  radius: number,
  geoUnit: GeoUnit,
  options: GeoRadiusOptions,
): RedisArg[] {
  assertScore(`${name} radius`, radius);
  const args: RedisArg[] = [radius, unit(name, geoUnit), ...withArgs(options)];
  if (options.count !== undefined) {
    assertInteger(`${name} count`, options.count, 1);
    args.push("COUNT", options.count);
    if (options.any) args.push("ANY");
  }
  if (options.order !== undefined) args.push(options.order.toUpperCase());
  return args;
}

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
  /**
   * Add or update places; returns how many were added (with `ch`, changed too).
   *
   * @example
   * ```ts
   * await redis.geoadd("places", { longitude: 13.361389, latitude: 38.115556, member: "Palermo" }); // 1
   * ```
   */
  geoadd(
    key: RedisKey,
    ...rest: (GeoMember | { nx?: boolean; xx?: boolean; ch?: boolean })[]
  ): Reply<M, number, this> {
    const first = rest[0];
    const options = first !== undefined && !("member" in first)
      ? rest.shift() as {
        nx?: boolean;
        xx?: boolean;
        ch?: boolean;
      }
      : {};
    const members = rest as GeoMember[];
    assertNotEmpty("geoadd members", members);
    assertExclusive("geoadd", options, ["nx", "xx"]);
    const args: RedisArg[] = ["GEOADD", key];
    if (options.nx) args.push("NX");
    if (options.xx) args.push("XX");
    if (options.ch) args.push("CH");
    members.forEach(({ longitude, latitude, member }, i) => {
      assertScore(`geoadd members[${i}].longitude`, longitude);
      assertScore(`geoadd members[${i}].latitude`, latitude);
      args.push(longitude, latitude, member);
    });
    return this.call(args);
  }

  /**
   * The positions of `members`, `null` for each missing one.
   *
   * @example
   * ```ts
   * await redis.geopos("places", "Palermo"); // [{ longitude: 13.36…, latitude: 38.11… }]
   * ```
   */
  geopos(key: RedisKey, ...members: RedisArg[]): Reply<M, (GeoPosition | null)[], this> {
    assertNotEmpty("geopos members", members);
    return this.call(
      ["GEOPOS", key, ...members],
      (reply) =>
        (reply as (RespValue[] | null)[]).map((position) =>
          position === null
            ? null
            : { longitude: toNumber(position[0]), latitude: toNumber(position[1]) }
        ),
    );
  }

  /**
   * The distance between two members (default unit `"m"`), or `null`.
   *
   * @example
   * ```ts
   * await redis.geodist("places", "Palermo", "Catania", "km"); // 166.27…
   * ```
   */
  geodist(
    key: RedisKey,
    member1: RedisArg,
    member2: RedisArg,
    geoUnit?: GeoUnit,
  ): Reply<M, number | null, this> {
    const args: RedisArg[] = ["GEODIST", key, member1, member2];
    if (geoUnit !== undefined) args.push(unit("geodist", geoUnit));
    return this.call(args, toNumberOrNull);
  }

  /**
   * The geohash strings of `members`, `null` for each missing one.
   *
   * @example
   * ```ts
   * await redis.geohash("places", "Palermo"); // ["sqc8b49rny0"]
   * ```
   */
  geohash(key: RedisKey, ...members: RedisArg[]): Reply<M, (string | null)[], this> {
    assertNotEmpty("geohash members", members);
    return this.call(
      ["GEOHASH", key, ...members],
      (reply) => (reply as RespValue[]).map((hash) => hash === null ? null : asString(hash)),
    );
  }

  /**
   * Members within a circle or box around a member or position; with
   * `withdist`/`withhash`/`withcoord`, `GeoMatch` objects.
   *
   * @example
   * ```ts
   * await redis.geosearch("places", { from: { longitude: 15, latitude: 37 }, by: { radius: 200, unit: "km" } });
   * ```
   */
  geosearch(
    key: RedisKey,
    search: GeoSearchOptions,
    withOptions: GeoWith & ({ withdist: true } | { withhash: true } | { withcoord: true }),
  ): Reply<M, GeoMatch<S>[], this>;
  /** Members within a circle or box around a member or position. */
  geosearch(key: RedisKey, search: GeoSearchOptions): Reply<M, S[], this>;
  geosearch(
    key: RedisKey,
    search: GeoSearchOptions,
    withOptions: GeoWith = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    return this.call(
      ["GEOSEARCH", key, ...searchArgs("geosearch", search), ...withArgs(withOptions)],
      toMatches(withOptions),
    );
  }

  /**
   * Store a search's members at `destination` (with `storedist`, their
   * distances as scores); returns how many.
   *
   * @example
   * ```ts
   * await redis.geosearchstore("near", "places", { from: { member: "Palermo" }, by: { radius: 100, unit: "km" } });
   * ```
   */
  geosearchstore(
    destination: RedisKey,
    source: RedisKey,
    search: GeoSearchOptions,
    options: { storedist?: boolean } = {},
  ): Reply<M, number, this> {
    const args = ["GEOSEARCHSTORE", destination, source, ...searchArgs("geosearchstore", search)];
    if (options.storedist) args.push("STOREDIST");
    return this.call(args);
  }

  /**
   * Members within `radius` of a position.
   *
   * @deprecated Use `geosearch` with `from: { longitude, latitude }` and `by: { radius, unit }`.
   * @example
   * ```ts
   * await redis.georadius("places", 15, 37, 200, "km"); // ["Palermo", "Catania"]
   * ```
   */
  georadius(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    return this.call(
      ["GEORADIUS", key, longitude, latitude, ...radiusArgs("georadius", radius, geoUnit, options)],
      toMatches(options),
    );
  }

  /**
   * `georadius` for replicas (no STORE).
   *
   * @deprecated Use `geosearch` instead.
   * @example
   * ```ts
   * await redis.georadiusRo("places", 15, 37, 200, "km");
   * ```
   */
  georadiusRo(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    return this.call(
      [
        "GEORADIUS_RO",
        key,
        longitude,
        latitude,
        ...radiusArgs("georadiusRo", radius, geoUnit, options),
      ],
      toMatches(options),
    );
  }

  /**
   * Members within `radius` of another member.
   *
   * @deprecated Use `geosearch` with `from: { member }` instead.
   * @example
   * ```ts
   * await redis.georadiusbymember("places", "Palermo", 200, "km");
   * ```
   */
  georadiusbymember(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    return this.call(
      [
        "GEORADIUSBYMEMBER",
        key,
        member,
        ...radiusArgs("georadiusbymember", radius, geoUnit, options),
      ],
      toMatches(options),
    );
  }

  /**
   * `georadiusbymember` for replicas.
   *
   * @deprecated Use `geosearch` instead.
   * @example
   * ```ts
   * await redis.georadiusbymemberRo("places", "Palermo", 200, "km");
   * ```
   */
  georadiusbymemberRo(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    return this.call(
      [
        "GEORADIUSBYMEMBER_RO",
        key,
        member,
        ...radiusArgs("georadiusbymemberRo", radius, geoUnit, options),
      ],
      toMatches(options),
    );
  }
}
