/**
 * Geospatial commands: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH,
 * GEOSEARCHSTORE and the deprecated GEORADIUS family.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  CommandBase,
  type Mode,
  type RedisKey,
  type Reply,
  type Text,
  type Transform,
} from "./command_base.ts";
import { toCount, toText, toTexts } from "./replies.ts";
import { arrayOf, toNumber, toNumberOrNull, toStringOrNull } from "./transforms.ts";
import {
  assertExclusive,
  assertFinite,
  assertInteger,
  assertNotEmpty,
  assertOneOf,
  assertOptions,
  describeValue,
  optionKeys,
} from "./validate.ts";

/**
 * A distance unit.
 *
 * @example
 * ```ts
 * const unit: GeoUnit = "km";
 * await redis.geodist("places", "Palermo", "Catania", unit);
 * ```
 */
export type GeoUnit = "m" | "km" | "mi" | "ft";

/**
 * A place to add: its position and name.
 *
 * @example
 * ```ts
 * const place: GeoMember = { longitude: 13.361389, latitude: 38.115556, member: "Palermo" };
 * await redis.geoadd("places", place);
 * ```
 */
export interface GeoMember {
  /** Longitude in degrees. */
  longitude: number;
  /** Latitude in degrees. */
  latitude: number;
  /** The member's name. */
  member: RedisArg;
}

/**
 * A position.
 *
 * @example
 * ```ts
 * const [position]: (GeoPosition | null)[] = await redis.geopos("places", "Palermo");
 * position?.longitude; // 13.36…
 * ```
 */
export interface GeoPosition {
  /** Longitude in degrees. */
  longitude: number;
  /** Latitude in degrees. */
  latitude: number;
}

/**
 * A member found by a search, with what was asked for.
 *
 * @example
 * ```ts
 * const [match]: GeoMatch<string>[] = await redis.geosearch("places", search, { withdist: true });
 * match.distance; // 56.4…
 * ```
 */
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

/**
 * Where and how GEOSEARCH looks.
 *
 * @example
 * ```ts
 * const search: GeoSearchOptions = { from: { member: "Palermo" }, by: { radius: 200, unit: "km" }, order: "asc" };
 * await redis.geosearch("places", search);
 * ```
 */
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

/**
 * Options of the deprecated GEORADIUS family: what each match carries, how many, in which order.
 *
 * @example
 * ```ts
 * const options: GeoRadiusOptions = { withdist: true, count: 5, order: "asc" };
 * await redis.georadius("places", 15, 37, 200, "km", options);
 * ```
 */
export type GeoRadiusOptions = GeoWith & {
  /** At most this many; with `any`, the first found rather than the nearest. */
  count?: number;
  /** With `count`: stop at the first `count` found. */
  any?: boolean;
  /** Nearest first (`"asc"`) or farthest first. */
  order?: "asc" | "desc";
};

/**
 * Where GEORADIUS and GEORADIUSBYMEMBER store what they find instead of
 * returning it: `store` keeps the members with their geohashes (a geo set),
 * `storedist` with their distances as scores. Not with `withdist`,
 * `withhash` or `withcoord`.
 *
 * @example
 * ```ts
 * const store: GeoRadiusStore = { storedist: "near" };
 * await redis.georadius("places", 15, 37, 200, "km", store); // 2
 * ```
 */
export type GeoRadiusStore =
  | { store: RedisKey; storedist?: never }
  | { storedist: RedisKey; store?: never };

/**
 * Options of GEORADIUS and GEORADIUSBYMEMBER that store the matches.
 *
 * @example
 * ```ts
 * const options: GeoRadiusStoreOptions = { store: "near", count: 10 };
 * await redis.georadiusbymember("places", "Palermo", 200, "km", options); // 2
 * ```
 */
export type GeoRadiusStoreOptions =
  & GeoRadiusStore
  & Omit<GeoRadiusOptions, keyof GeoWith>
  & { withdist?: never; withhash?: never; withcoord?: never };

/**
 * GEORADIUS options that ask for members only.
 *
 * @example
 * ```ts
 * const options: GeoRadiusMembersOptions = { order: "asc" };
 * await redis.georadius("places", 15, 37, 200, "km", options); // ["Catania", "Palermo"]
 * ```
 */
export type GeoRadiusMembersOptions = GeoRadiusOptions & {
  withdist?: false;
  withhash?: false;
  withcoord?: false;
};

/**
 * GEORADIUS options that ask for matches with something more than the member.
 *
 * @example
 * ```ts
 * const options: GeoRadiusMatchOptions = { withcoord: true };
 * await redis.georadius("places", 15, 37, 200, "km", options); // [{ member, longitude, latitude }]
 * ```
 */
export type GeoRadiusMatchOptions = GeoRadiusOptions & GeoWithSome;

/**
 * At least one of the `GeoWith` flags on.
 *
 * @example
 * ```ts
 * const withOptions: GeoWithSome = { withhash: true };
 * await redis.geosearch("places", search, withOptions);
 * ```
 */
export type GeoWithSome = { withdist: true } | { withhash: true } | { withcoord: true };

/**
 * What each match of a search carries.
 *
 * @example
 * ```ts
 * const withOptions: GeoWith = { withdist: true, withcoord: true };
 * await redis.geosearch("places", search, { ...withOptions, withdist: true });
 * ```
 */
export interface GeoWith {
  /** Add the distance from the center. */
  withdist?: boolean;
  /** Add the raw geohash. */
  withhash?: boolean;
  /** Add the coordinates. */
  withcoord?: boolean;
}

const GEO_SEARCH_KEYS = optionKeys<GeoSearchOptions>({
  from: true,
  by: true,
  order: true,
  count: true,
  any: true,
});
const GEO_FROM_KEYS = optionKeys<GeoSearchOptions["from"]>({
  member: true,
  longitude: true,
  latitude: true,
});
const GEO_BY_KEYS = optionKeys<GeoSearchOptions["by"]>({
  radius: true,
  width: true,
  height: true,
  unit: true,
});
const GEO_WITH_KEYS = optionKeys<GeoWith>({ withdist: true, withhash: true, withcoord: true });
/** Every key of the GEORADIUS family (the read-only forms refuse `store` themselves). */
const GEO_RADIUS_KEYS = optionKeys<GeoRadiusOptions | GeoRadiusStoreOptions>({
  withdist: true,
  withhash: true,
  withcoord: true,
  count: true,
  any: true,
  order: true,
  store: true,
  storedist: true,
});
const GEOSEARCHSTORE_KEYS = optionKeys<{ storedist?: boolean }>({ storedist: true });

function checkObject(name: string, value: unknown): asserts value is object {
  if (typeof value !== "object" || value === null) {
    throw new DataError(`${name}: expected an object, got ${describeValue(value)}`);
  }
}

function searchArgs(name: string, options: GeoSearchOptions): RedisArg[] {
  checkObject(`${name} search`, options);
  assertOptions(`${name} search`, options, GEO_SEARCH_KEYS);
  checkObject(`${name} from`, options.from);
  checkObject(`${name} by`, options.by);
  assertOptions(`${name} from`, options.from, GEO_FROM_KEYS);
  assertOptions(`${name} by`, options.by, GEO_BY_KEYS);
  assertExclusive(`${name} from`, options.from, ["member", "longitude"]);
  assertExclusive(`${name} from`, options.from, ["member", "latitude"]);
  assertExclusive(`${name} by`, options.by, ["radius", "width"]);
  assertExclusive(`${name} by`, options.by, ["radius", "height"]);
  const args: RedisArg[] = [];
  if ("member" in options.from) args.push("FROMMEMBER", options.from.member);
  else {
    assertFinite(`${name} from.longitude`, options.from.longitude);
    assertFinite(`${name} from.latitude`, options.from.latitude);
    args.push("FROMLONLAT", options.from.longitude, options.from.latitude);
  }
  if ("radius" in options.by) {
    args.push("BYRADIUS", distance(`${name} by.radius`, options.by.radius));
    args.push(unit(name, options.by.unit));
  } else {
    args.push("BYBOX", distance(`${name} by.width`, options.by.width));
    args.push(distance(`${name} by.height`, options.by.height), unit(name, options.by.unit));
  }
  if (options.order !== undefined) args.push(order(name, options.order));
  args.push(...countArgs(name, options));
  return args;
}

/** A distance: a finite number ≥ 0. */
function distance(name: string, value: unknown): number {
  assertFinite(name, value);
  if (value < 0) throw new DataError(`${name}: expected a distance ≥ 0, got ${value}`);
  return value;
}

function unit(name: string, value: unknown): GeoUnit {
  return assertOneOf(`${name} unit`, value, ["m", "km", "mi", "ft"]);
}

function order(name: string, value: unknown): string {
  return assertOneOf(`${name} order`, value, ["asc", "desc"]).toUpperCase();
}

/** `COUNT n [ANY]`; `any` needs `count`. */
function countArgs(name: string, options: { count?: number; any?: boolean }): RedisArg[] {
  if (options.count === undefined) {
    if (options.any) throw new DataError(`${name}: option any needs count`);
    return [];
  }
  assertInteger(`${name} count`, options.count, 1);
  return options.any ? ["COUNT", options.count, "ANY"] : ["COUNT", options.count];
}

function withArgs(options: GeoWith): RedisArg[] {
  checkObject("geo options", options);
  const args: RedisArg[] = [];
  if (options.withcoord) args.push("WITHCOORD");
  if (options.withdist) args.push("WITHDIST");
  if (options.withhash) args.push("WITHHASH");
  return args;
}

function hasWith(options: GeoWith): boolean {
  return Boolean(options.withcoord || options.withdist || options.withhash);
}

/** Search replies with `withdist`/`withhash`/`withcoord`: `[member, dist?, hash?, [lon, lat]?]` → `GeoMatch`. */
function toMatches<S extends Text>(options: GeoWith): Transform<GeoMatch<S>[]> {
  const { withdist, withhash, withcoord } = options;
  return (reply) =>
    arrayOf(reply).map((value) => {
      const item = arrayOf(value);
      const match: GeoMatch<S> = { member: toText<S>(item[0]) };
      let at = 1;
      if (withdist) match.distance = toNumber(item[at++]);
      if (withhash) match.hash = toCount(item[at++]);
      if (withcoord) {
        const [longitude, latitude] = arrayOf(item[at]);
        match.longitude = toNumber(longitude);
        match.latitude = toNumber(latitude);
      }
      return match;
    });
}

/** GEOPOS: a position or `null` per member. */
function toPositions(reply: RespValue): (GeoPosition | null)[] {
  return arrayOf(reply).map((position) => {
    if (position === null) return null;
    const [longitude, latitude] = arrayOf(position);
    return { longitude: toNumber(longitude), latitude: toNumber(latitude) };
  });
}

/** GEOHASH: a geohash or `null` per member. */
function toHashes(reply: RespValue): (string | null)[] {
  return arrayOf(reply).map(toStringOrNull);
}

function radiusArgs(
  name: string,
  radius: number,
  geoUnit: GeoUnit,
  options: GeoRadiusOptions,
): RedisArg[] {
  checkObject(`${name} options`, options);
  const args: RedisArg[] = [distance(`${name} radius`, radius), unit(name, geoUnit)];
  args.push(...withArgs(options), ...countArgs(name, options));
  if (options.order !== undefined) args.push(order(name, options.order));
  return args;
}

/** `STORE key` or `STOREDIST key`, checking they are alone and without `with…`; `[]` for neither. */
function storeArgs(name: string, options: object): RedisArg[] {
  assertExclusive(name, options, ["store", "storedist"]);
  const store: unknown = Reflect.get(options, "store");
  const storedist: unknown = Reflect.get(options, "storedist");
  if (store === undefined && storedist === undefined) return [];
  for (const flag of ["withdist", "withhash", "withcoord"]) {
    assertExclusive(name, options, [store === undefined ? "storedist" : "store", flag]);
  }
  const target = store ?? storedist;
  if (typeof target !== "string" && !(target instanceof Uint8Array)) {
    throw new DataError(`${name} store: expected a key, got ${describeValue(target)}`);
  }
  return [store === undefined ? "STOREDIST" : "STORE", target];
}

/**
 * Options of `geoadd`: only add (`nx`) or only update (`xx`); `ch` counts changed places too.
 *
 * @example
 * ```ts
 * const options: GeoAddOptions = { xx: true, ch: true };
 * await redis.geoadd("places", options, { longitude: 13.4, latitude: 38.1, member: "Palermo" });
 * ```
 */
export interface GeoAddOptions {
  /** Only add new members. */
  nx?: boolean;
  /** Only update existing members. */
  xx?: boolean;
  /** Return how many were added or changed. */
  ch?: boolean;
}

const GEOADD_KEYS = optionKeys<GeoAddOptions>({ nx: true, xx: true, ch: true });

/** Whether an argument of `geoadd` is a place (it has a member) rather than the options. */
function isGeoMember(value: GeoMember | GeoAddOptions): value is GeoMember {
  return typeof value === "object" && value !== null && "member" in value;
}

/**
 * Commands on geospatial indexes (sorted sets of positions).
 *
 * @example
 * ```ts
 * await redis.geoadd("places", { longitude: 13.36, latitude: 38.11, member: "Palermo" }); // 1
 * ```
 */
export abstract class GeoCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Add or update places; returns how many were added (with `ch`, changed too).
   *
   * @example
   * ```ts
   * await redis.geoadd("places", { longitude: 13.361389, latitude: 38.115556, member: "Palermo" }); // 1
   * await redis.geoadd("places", { xx: true, ch: true }, { longitude: 13.4, latitude: 38.1, member: "Palermo" }); // 1
   * ```
   */
  geoadd(key: RedisKey, ...rest: (GeoMember | GeoAddOptions)[]): Reply<M, number, this> {
    const [first, ...others] = rest;
    let options: GeoAddOptions = {};
    let members = rest;
    if (first !== undefined && !isGeoMember(first)) {
      assertOptions("geoadd", first, GEOADD_KEYS);
      options = first;
      members = others;
    }
    assertNotEmpty("geoadd members", members);
    assertExclusive("geoadd", options, ["nx", "xx"]);
    const args: RedisArg[] = ["GEOADD", key];
    if (options.nx) args.push("NX");
    if (options.xx) args.push("XX");
    if (options.ch) args.push("CH");
    members.forEach((place, i) => {
      if (!isGeoMember(place)) {
        throw new DataError(
          `geoadd members[${i}]: expected { longitude, latitude, member }, got ${
            describeValue(place)
          }`,
        );
      }
      assertFinite(`geoadd members[${i}].longitude`, place.longitude);
      assertFinite(`geoadd members[${i}].latitude`, place.latitude);
      args.push(place.longitude, place.latitude, place.member);
    });
    return this.call(args, toCount);
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
    return this.call(["GEOPOS", key, ...members], toPositions);
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
    return this.call(["GEOHASH", key, ...members], toHashes);
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
    withOptions: GeoWith & GeoWithSome,
  ): Reply<M, GeoMatch<S>[], this>;
  /** Members within a circle or box around a member or position. */
  geosearch(key: RedisKey, search: GeoSearchOptions): Reply<M, S[], this>;
  geosearch(
    key: RedisKey,
    search: GeoSearchOptions,
    withOptions: GeoWith = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    const args = ["GEOSEARCH", key, ...searchArgs("geosearch", search), ...withArgs(withOptions)];
    assertOptions("geosearch", withOptions, GEO_WITH_KEYS);
    return hasWith(withOptions)
      ? this.call(args, toMatches<S>(withOptions))
      : this.call(args, toTexts<S>);
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
    assertOptions("geosearchstore", options, GEOSEARCHSTORE_KEYS);
    const args = ["GEOSEARCHSTORE", destination, source, ...searchArgs("geosearchstore", search)];
    checkObject("geosearchstore options", options);
    if (options.storedist) args.push("STOREDIST");
    return this.call(args, toCount);
  }

  /**
   * Members within `radius` of a position; with `withdist`/`withhash`/`withcoord`,
   * `GeoMatch` objects; with `store` or `storedist`, saves them at that key
   * instead (members with geohashes, or with distances as scores) and
   * returns how many.
   *
   * @deprecated Use `geosearch` (or `geosearchstore`) with `from: { longitude, latitude }` and `by: { radius, unit }`.
   * @example
   * ```ts
   * await redis.georadius("places", 15, 37, 200, "km"); // ["Palermo", "Catania"]
   * await redis.georadius("places", 15, 37, 200, "km", { storedist: "near" }); // 2
   * ```
   */
  georadius(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusStoreOptions,
  ): Reply<M, number, this>;
  /** Members within `radius` of a position, with what `options` asks for. */
  georadius(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusMatchOptions,
  ): Reply<M, GeoMatch<S>[], this>;
  /** Members within `radius` of a position. */
  georadius(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusMembersOptions,
  ): Reply<M, S[], this>;
  /** Members within `radius` of a position: members, or matches when a `with…` flag is on. */
  georadius(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusOptions,
  ): Reply<M, S[] | GeoMatch<S>[], this>;
  georadius(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions | GeoRadiusStoreOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[] | number, this> {
    assertOptions("georadius", options, GEO_RADIUS_KEYS);
    const center = lonLat("georadius", longitude, latitude);
    const args = [
      "GEORADIUS",
      key,
      ...center,
      ...radiusArgs("georadius", radius, geoUnit, options),
    ];
    const store = storeArgs("georadius", options);
    if (store.length > 0) return this.call([...args, ...store], toCount);
    return this.call(args, toMembersOrMatches<S>(options));
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
    options: GeoRadiusMatchOptions,
  ): Reply<M, GeoMatch<S>[], this>;
  /** `georadius` for replicas: members. */
  georadiusRo(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusMembersOptions,
  ): Reply<M, S[], this>;
  /** `georadius` for replicas: members, or matches when a `with…` flag is on. */
  georadiusRo(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusOptions,
  ): Reply<M, S[] | GeoMatch<S>[], this>;
  georadiusRo(
    key: RedisKey,
    longitude: number,
    latitude: number,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    assertOptions("georadiusRo", options, GEO_RADIUS_KEYS);
    const center = lonLat("georadiusRo", longitude, latitude);
    const args = [
      "GEORADIUS_RO",
      key,
      ...center,
      ...radiusArgs("georadiusRo", radius, geoUnit, options),
    ];
    noStore("georadiusRo", options);
    return this.call(args, toMembersOrMatches<S>(options));
  }

  /**
   * Members within `radius` of another member; with `withdist`/`withhash`/`withcoord`,
   * `GeoMatch` objects; with `store` or `storedist`, saves them at that key
   * instead and returns how many.
   *
   * @deprecated Use `geosearch` (or `geosearchstore`) with `from: { member }` instead.
   * @example
   * ```ts
   * await redis.georadiusbymember("places", "Palermo", 200, "km");
   * await redis.georadiusbymember("places", "Palermo", 200, "km", { store: "near" }); // 2
   * ```
   */
  georadiusbymember(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusStoreOptions,
  ): Reply<M, number, this>;
  /** Members within `radius` of another member, with what `options` asks for. */
  georadiusbymember(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusMatchOptions,
  ): Reply<M, GeoMatch<S>[], this>;
  /** Members within `radius` of another member. */
  georadiusbymember(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusMembersOptions,
  ): Reply<M, S[], this>;
  /** Members within `radius` of another member: members, or matches when a `with…` flag is on. */
  georadiusbymember(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusOptions,
  ): Reply<M, S[] | GeoMatch<S>[], this>;
  georadiusbymember(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions | GeoRadiusStoreOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[] | number, this> {
    assertOptions("georadiusbymember", options, GEO_RADIUS_KEYS);
    const args = [
      "GEORADIUSBYMEMBER",
      key,
      member,
      ...radiusArgs("georadiusbymember", radius, geoUnit, options),
    ];
    const store = storeArgs("georadiusbymember", options);
    if (store.length > 0) return this.call([...args, ...store], toCount);
    return this.call(args, toMembersOrMatches<S>(options));
  }

  /**
   * `georadiusbymember` for replicas (no STORE).
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
    options: GeoRadiusMatchOptions,
  ): Reply<M, GeoMatch<S>[], this>;
  /** `georadiusbymember` for replicas: members. */
  georadiusbymemberRo(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusMembersOptions,
  ): Reply<M, S[], this>;
  /** `georadiusbymember` for replicas: members, or matches when a `with…` flag is on. */
  georadiusbymemberRo(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options?: GeoRadiusOptions,
  ): Reply<M, S[] | GeoMatch<S>[], this>;
  georadiusbymemberRo(
    key: RedisKey,
    member: RedisArg,
    radius: number,
    geoUnit: GeoUnit,
    options: GeoRadiusOptions = {},
  ): Reply<M, S[] | GeoMatch<S>[], this> {
    assertOptions("georadiusbymemberRo", options, GEO_RADIUS_KEYS);
    const args = [
      "GEORADIUSBYMEMBER_RO",
      key,
      member,
      ...radiusArgs("georadiusbymemberRo", radius, geoUnit, options),
    ];
    noStore("georadiusbymemberRo", options);
    return this.call(args, toMembersOrMatches<S>(options));
  }
}

/** The transform of a GEORADIUS-family reply: members, or `GeoMatch`es when a `with…` flag is on. */
function toMembersOrMatches<S extends Text>(options: GeoWith): Transform<S[] | GeoMatch<S>[]> {
  return hasWith(options) ? toMatches<S>(options) : toTexts<S>;
}

/** The center of GEORADIUS: a finite longitude and latitude. */
function lonLat(name: string, longitude: number, latitude: number): [number, number] {
  assertFinite(`${name} longitude`, longitude);
  assertFinite(`${name} latitude`, latitude);
  return [longitude, latitude];
}

/** The read-only forms take no STORE. */
function noStore(name: string, options: object): void {
  for (const key of ["store", "storedist"]) {
    if (Reflect.get(options, key) !== undefined) {
      throw new DataError(`${name}: option ${key} is not allowed (read-only command)`);
    }
  }
}
