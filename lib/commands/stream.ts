/**
 * Stream commands: XADD, XRANGE, XREAD, XREADGROUP, XACK, XPENDING, XCLAIM,
 * XAUTOCLAIM, XGROUP …, XINFO …, XTRIM, ….
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { GeoCommands } from "./geo.ts";
import { asString, toNumber, toRecord, toStrings } from "./transforms.ts";
import { assertInteger, assertNotEmpty } from "./validate.ts";

/** One entry of a stream: its id and its fields (`null` for a deleted entry in XCLAIM replies). */
export interface StreamEntry<S> {
  /** The entry id, `<ms>-<seq>`. */
  id: string;
  /** Field names and values. */
  fields: Record<string, S> | null;
}

/** The entries XREAD and XREADGROUP return for one stream. */
export interface StreamEntries<S> {
  /** The stream's key. */
  key: string;
  /** Its new entries. */
  entries: StreamEntry<S>[];
}

/** How XADD and XTRIM trim: to a length (`maxlen`) or an oldest id (`minid`), `approx` for `~`. */
export type StreamTrim =
  | { maxlen: number; minid?: never; approx?: boolean; limit?: number }
  | { minid: string; maxlen?: never; approx?: boolean; limit?: number };

/** Options of `xadd`. */
export interface XAddOptions {
  /** Do not create the stream when it does not exist (the reply is then `null`). */
  nomkstream?: boolean;
  /** Trim the stream as the entry is added. */
  trim?: StreamTrim;
}

/** A pending entry, as the extended XPENDING lists them. */
export interface PendingEntry {
  /** The entry id. */
  id: string;
  /** The consumer that has it. */
  consumer: string;
  /** Milliseconds since it was last delivered. */
  idle: number;
  /** How many times it was delivered. */
  deliveries: number;
}

/** The summary form of XPENDING. */
export interface PendingSummary {
  /** How many entries are pending. */
  count: number;
  /** The smallest pending id, or `null`. */
  minId: string | null;
  /** The greatest pending id, or `null`. */
  maxId: string | null;
  /** Pending entries per consumer. */
  consumers: { name: string; count: number }[];
}

function toEntry(value: RespValue): StreamEntry<RespValue> {
  const [id, fields] = value as [RespValue, RespValue[] | null];
  if (fields === null) return { id: asString(id), fields: null };
  const record: Record<string, RespValue> = {};
  for (let i = 0; i < fields.length; i += 2) record[asString(fields[i])] = fields[i + 1];
  return { id: asString(id), fields: record };
}

function toEntries(value: RespValue): StreamEntry<RespValue>[] {
  return (value as RespValue[]).map(toEntry);
}

/** XREAD: RESP2 `[[key, entries], …]` or RESP3 `{ key: entries }` → `{ key, entries }[]`. */
function toStreams(value: RespValue): StreamEntries<RespValue>[] | null {
  if (value === null) return null;
  const pairs = value instanceof Map ? [...value] : (value as RespValue[][]);
  return pairs.map(([key, entries]) => ({ key: asString(key), entries: toEntries(entries) }));
}

/** An XINFO record: string keys, entries parsed where the server gives entries. */
function toInfo(value: RespValue): Record<string, unknown> {
  const record: Record<string, unknown> = toRecord(value);
  for (const key of ["first-entry", "last-entry"]) {
    if (Array.isArray(record[key])) record[key] = toEntry(record[key] as RespValue);
  }
  if (Array.isArray(record.entries)) record.entries = toEntries(record.entries as RespValue);
  if (Array.isArray(record.groups)) {
    record.groups = (record.groups as RespValue[]).map((group) => {
      const info = toRecord(group) as Record<string, unknown>;
      if (Array.isArray(info.consumers)) {
        info.consumers = (info.consumers as RespValue[]).map(toRecord);
      }
      return info;
    });
  }
  return record;
}

function trimArgs(name: string, trim: StreamTrim): RedisArg[] {
  const args: RedisArg[] = [];
  if (trim.maxlen !== undefined) {
    assertInteger(`${name} maxlen`, trim.maxlen, 0);
    args.push("MAXLEN", trim.approx ? "~" : "=", trim.maxlen);
  } else if (trim.minid !== undefined) args.push("MINID", trim.approx ? "~" : "=", trim.minid);
  else throw new DataError(`${name}: a trim needs maxlen or minid`);
  if (trim.limit !== undefined) {
    if (!trim.approx) throw new DataError(`${name} limit: needs approx: true`);
    assertInteger(`${name} limit`, trim.limit, 0);
    args.push("LIMIT", trim.limit);
  }
  return args;
}

function readArgs(
  name: string,
  streams: Record<string, string> | [RedisKey, string][],
  count: number | undefined,
  block: number | undefined,
): RedisArg[] {
  const pairs = Array.isArray(streams) ? streams : Object.entries(streams);
  assertNotEmpty(`${name} streams`, pairs);
  const args: RedisArg[] = [];
  if (count !== undefined) {
    assertInteger(`${name} count`, count, 1);
    args.push("COUNT", count);
  }
  if (block !== undefined) {
    assertInteger(`${name} block`, block, 0);
    args.push("BLOCK", block);
  }
  args.push("STREAMS", ...pairs.map(([key]) => key), ...pairs.map(([, id]) => id));
  return args;
}

/**
 * Commands on streams.
 *
 * @example
 * ```ts
 * const id = await redis.xadd("events", "*", { type: "login" });
 * await redis.xrange("events", "-", "+"); // [{ id, fields: { type: "login" } }]
 * ```
 */
export abstract class StreamCommands<M extends Mode, S extends Text> extends GeoCommands<M, S> {
  /**
   * Append an entry (`id` `"*"`: generated); returns its id (`null` with
   * `nomkstream` on a missing stream).
   *
   * @example
   * ```ts
   * await redis.xadd("events", "*", { type: "login" }, { trim: { maxlen: 1000, approx: true } });
   * ```
   */
  xadd(
    key: RedisKey,
    id: string,
    fields: Record<string, RedisArg> | [RedisArg, RedisArg][],
    options: XAddOptions = {},
  ): Reply<M, string | null, this> {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    assertNotEmpty("xadd fields", pairs);
    const args: RedisArg[] = ["XADD", key];
    if (options.nomkstream) args.push("NOMKSTREAM");
    if (options.trim !== undefined) args.push(...trimArgs("xadd", options.trim));
    args.push(id);
    for (const [field, value] of pairs) args.push(field, value);
    return this.call(args, (reply) => reply === null ? null : asString(reply));
  }

  /**
   * The number of entries.
   *
   * @example
   * ```ts
   * await redis.xlen("events"); // 42
   * ```
   */
  xlen(key: RedisKey): Reply<M, number, this> {
    return this.call(["XLEN", key]);
  }

  /**
   * Entries from `start` to `end` (`"-"` and `"+"` for the ends, `"("` to exclude).
   *
   * @example
   * ```ts
   * await redis.xrange("events", "-", "+", { count: 10 });
   * ```
   */
  xrange(
    key: RedisKey,
    start: string,
    end: string,
    options: { count?: number } = {},
  ): Reply<M, StreamEntry<S>[], this> {
    return this.call(["XRANGE", key, start, end, ...countArgs("xrange", options.count)], toEntries);
  }

  /**
   * Entries from `end` down to `start`.
   *
   * @example
   * ```ts
   * await redis.xrevrange("events", "+", "-", { count: 1 }); // the newest entry
   * ```
   */
  xrevrange(
    key: RedisKey,
    end: string,
    start: string,
    options: { count?: number } = {},
  ): Reply<M, StreamEntry<S>[], this> {
    return this.call(
      ["XREVRANGE", key, end, start, ...countArgs("xrevrange", options.count)],
      toEntries,
    );
  }

  /**
   * New entries of several streams after the given ids (`"$"`: only newer
   * than now); `null` when none. With `block` (ms, 0: forever) it waits, on
   * a pooled connection.
   *
   * @example
   * ```ts
   * await redis.xread({ events: "0" }, { count: 10 }); // [{ key: "events", entries: [...] }]
   * ```
   */
  xread(
    streams: Record<string, string> | [RedisKey, string][],
    options: { count?: number; block?: number } = {},
  ): Reply<M, StreamEntries<S>[] | null, this> {
    return this.call(
      ["XREAD", ...readArgs("xread", streams, options.count, options.block)],
      toStreams,
    );
  }

  /**
   * Entries for `consumer` of `group` (`">"`: never delivered ones; an id:
   * its own pending ones); `noack` skips the pending list.
   *
   * @example
   * ```ts
   * await redis.xreadgroup("workers", "w1", { events: ">" }, { count: 10 });
   * ```
   */
  xreadgroup(
    group: RedisArg,
    consumer: RedisArg,
    streams: Record<string, string> | [RedisKey, string][],
    options: { count?: number; block?: number; noack?: boolean } = {},
  ): Reply<M, StreamEntries<S>[] | null, this> {
    const args: RedisArg[] = ["XREADGROUP", "GROUP", group, consumer];
    const rest = readArgs("xreadgroup", streams, options.count, options.block);
    if (options.noack) rest.splice(rest.indexOf("STREAMS"), 0, "NOACK");
    return this.call([...args, ...rest], toStreams);
  }

  /**
   * Acknowledge entries of `group`; returns how many were pending.
   *
   * @example
   * ```ts
   * await redis.xack("events", "workers", id); // 1
   * ```
   */
  xack(key: RedisKey, group: RedisArg, ...ids: string[]): Reply<M, number, this> {
    assertNotEmpty("xack ids", ids);
    return this.call(["XACK", key, group, ...ids]);
  }

  /**
   * Delete entries; returns how many existed.
   *
   * @example
   * ```ts
   * await redis.xdel("events", id); // 1
   * ```
   */
  xdel(key: RedisKey, ...ids: string[]): Reply<M, number, this> {
    assertNotEmpty("xdel ids", ids);
    return this.call(["XDEL", key, ...ids]);
  }

  /**
   * Trim the stream; returns how many entries were removed.
   *
   * @example
   * ```ts
   * await redis.xtrim("events", { maxlen: 1000 }); // 12
   * ```
   */
  xtrim(key: RedisKey, trim: StreamTrim): Reply<M, number, this> {
    return this.call(["XTRIM", key, ...trimArgs("xtrim", trim)]);
  }

  /**
   * Set the stream's last id (and, Redis 7+, entries-added and max-deleted-id).
   *
   * @example
   * ```ts
   * await redis.xsetid("events", "1700000000000-0"); // "OK"
   * ```
   */
  xsetid(
    key: RedisKey,
    lastId: string,
    options: { entriesAdded?: number; maxDeletedId?: string } = {},
  ): Reply<M, "OK", this> {
    const args: RedisArg[] = ["XSETID", key, lastId];
    if (options.entriesAdded !== undefined) {
      assertInteger("xsetid entriesAdded", options.entriesAdded, 0);
      args.push("ENTRIESADDED", options.entriesAdded);
    }
    if (options.maxDeletedId !== undefined) args.push("MAXDELETEDID", options.maxDeletedId);
    return this.call(args);
  }

  /**
   * Pending entries of `group`: a summary, or with `range` the entries
   * themselves (`idle` ms minimum, one `consumer`).
   *
   * @example
   * ```ts
   * await redis.xpending("events", "workers"); // { count: 2, minId, maxId, consumers }
   * await redis.xpending("events", "workers", { start: "-", end: "+", count: 10 });
   * ```
   */
  xpending(
    key: RedisKey,
    group: RedisArg,
    range: { start: string; end: string; count: number; idle?: number; consumer?: RedisArg },
  ): Reply<M, PendingEntry[], this>;
  /** The summary of the pending entries of `group`. */
  xpending(key: RedisKey, group: RedisArg): Reply<M, PendingSummary, this>;
  xpending(
    key: RedisKey,
    group: RedisArg,
    range?: { start: string; end: string; count: number; idle?: number; consumer?: RedisArg },
  ): Reply<M, PendingSummary | PendingEntry[], this> {
    if (range === undefined) {
      return this.call(["XPENDING", key, group], (reply) => {
        const [count, minId, maxId, consumers] = reply as RespValue[];
        return {
          count: toNumber(count),
          minId: minId === null ? null : asString(minId),
          maxId: maxId === null ? null : asString(maxId),
          consumers: ((consumers ?? []) as RespValue[][]).map(([name, n]) => ({
            name: asString(name),
            count: toNumber(n),
          })),
        };
      });
    }
    const args: RedisArg[] = ["XPENDING", key, group];
    if (range.idle !== undefined) {
      assertInteger("xpending idle", range.idle, 0);
      args.push("IDLE", range.idle);
    }
    assertInteger("xpending count", range.count, 0);
    args.push(range.start, range.end, range.count);
    if (range.consumer !== undefined) args.push(range.consumer);
    return this.call(
      args,
      (reply) =>
        (reply as RespValue[][]).map(([id, consumer, idle, deliveries]) => ({
          id: asString(id),
          consumer: asString(consumer),
          idle: toNumber(idle),
          deliveries: toNumber(deliveries),
        })),
    );
  }

  /**
   * Take over pending entries idle for at least `minIdle` ms; returns them.
   *
   * @example
   * ```ts
   * await redis.xclaim("events", "workers", "w2", 60_000, [id]);
   * ```
   */
  xclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    ids: string[],
    options: { idle?: number; time?: number; retrycount?: number; force?: boolean } = {},
  ): Reply<M, StreamEntry<S>[], this> {
    assertInteger("xclaim minIdle", minIdle, 0);
    assertNotEmpty("xclaim ids", ids);
    const args: RedisArg[] = ["XCLAIM", key, group, consumer, minIdle, ...ids];
    for (const token of ["idle", "time", "retrycount"] as const) {
      const value = options[token];
      if (value === undefined) continue;
      assertInteger(`xclaim ${token}`, value, 0);
      args.push(token.toUpperCase(), value);
    }
    if (options.force) args.push("FORCE");
    return this.call(args, toEntries);
  }

  /**
   * Take over pending entries idle for at least `minIdle` ms, scanning from
   * `start`: `{ next, entries, deleted }` (`next` `"0-0"` when done).
   *
   * @example
   * ```ts
   * await redis.xautoclaim("events", "workers", "w2", 60_000, "0-0", { count: 10 });
   * ```
   */
  xautoclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    start: string,
    options: { count?: number } = {},
  ): Reply<M, { next: string; entries: StreamEntry<S>[]; deleted: string[] }, this> {
    assertInteger("xautoclaim minIdle", minIdle, 0);
    const args = [
      "XAUTOCLAIM",
      key,
      group,
      consumer,
      minIdle,
      start,
      ...countArgs("xautoclaim", options.count),
    ];
    return this.call(args, (reply) => {
      const [next, entries, deleted] = reply as RespValue[];
      return {
        next: asString(next),
        entries: toEntries(entries),
        deleted: toStrings(deleted ?? []),
      };
    });
  }

  /**
   * Create a consumer group reading from `id` (`"$"`: new entries only);
   * `mkstream` creates the stream.
   *
   * @example
   * ```ts
   * await redis.xgroupCreate("events", "workers", "$", { mkstream: true }); // "OK"
   * ```
   */
  xgroupCreate(
    key: RedisKey,
    group: RedisArg,
    id: string,
    options: { mkstream?: boolean; entriesRead?: number } = {},
  ): Reply<M, "OK", this> {
    const args: RedisArg[] = ["XGROUP", "CREATE", key, group, id];
    if (options.mkstream) args.push("MKSTREAM");
    if (options.entriesRead !== undefined) {
      assertInteger("xgroupCreate entriesRead", options.entriesRead, 0);
      args.push("ENTRIESREAD", options.entriesRead);
    }
    return this.call(args);
  }

  /**
   * Create a consumer in `group`; returns whether it was new.
   *
   * @example
   * ```ts
   * await redis.xgroupCreateconsumer("events", "workers", "w1"); // true
   * ```
   */
  xgroupCreateconsumer(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
  ): Reply<M, boolean, this> {
    return this.call(["XGROUP", "CREATECONSUMER", key, group, consumer], (reply) => reply === 1);
  }

  /**
   * Delete a consumer; returns how many pending entries it had.
   *
   * @example
   * ```ts
   * await redis.xgroupDelconsumer("events", "workers", "w1"); // 0
   * ```
   */
  xgroupDelconsumer(key: RedisKey, group: RedisArg, consumer: RedisArg): Reply<M, number, this> {
    return this.call(["XGROUP", "DELCONSUMER", key, group, consumer]);
  }

  /**
   * Delete a consumer group; returns whether it existed.
   *
   * @example
   * ```ts
   * await redis.xgroupDestroy("events", "workers"); // true
   * ```
   */
  xgroupDestroy(key: RedisKey, group: RedisArg): Reply<M, boolean, this> {
    return this.call(["XGROUP", "DESTROY", key, group], (reply) => reply === 1);
  }

  /**
   * Set the group's last delivered id.
   *
   * @example
   * ```ts
   * await redis.xgroupSetid("events", "workers", "0"); // "OK": redeliver everything
   * ```
   */
  xgroupSetid(
    key: RedisKey,
    group: RedisArg,
    id: string,
    options: { entriesRead?: number } = {},
  ): Reply<M, "OK", this> {
    const args: RedisArg[] = ["XGROUP", "SETID", key, group, id];
    if (options.entriesRead !== undefined) {
      assertInteger("xgroupSetid entriesRead", options.entriesRead, 0);
      args.push("ENTRIESREAD", options.entriesRead);
    }
    return this.call(args);
  }

  /**
   * Help text of XGROUP, one line per element.
   *
   * @example
   * ```ts
   * (await redis.xgroupHelp())[0]; // "XGROUP <subcommand> [<arg> ..."
   * ```
   */
  xgroupHelp(): Reply<M, string[], this> {
    return this.call(["XGROUP", "HELP"], toStrings);
  }

  /**
   * The stream's state: `length`, `last-generated-id`, `first-entry`, … (the
   * server's names); with `full`, every entry and group too.
   *
   * @example
   * ```ts
   * (await redis.xinfoStream("events")).length; // 42
   * ```
   */
  xinfoStream(
    key: RedisKey,
    options: { full?: boolean; count?: number } = {},
  ): Reply<M, Record<string, unknown>, this> {
    const args: RedisArg[] = ["XINFO", "STREAM", key];
    if (options.full) args.push("FULL", ...countArgs("xinfoStream", options.count));
    return this.call(args, toInfo);
  }

  /**
   * The stream's consumer groups: `name`, `consumers`, `pending`, `last-delivered-id`, ….
   *
   * @example
   * ```ts
   * (await redis.xinfoGroups("events"))[0].name; // "workers"
   * ```
   */
  xinfoGroups(key: RedisKey): Reply<M, Record<string, RespValue>[], this> {
    return this.call(["XINFO", "GROUPS", key], (reply) => (reply as RespValue[]).map(toRecord));
  }

  /**
   * The consumers of `group`: `name`, `pending`, `idle`, ….
   *
   * @example
   * ```ts
   * (await redis.xinfoConsumers("events", "workers"))[0].name; // "w1"
   * ```
   */
  xinfoConsumers(key: RedisKey, group: RedisArg): Reply<M, Record<string, RespValue>[], this> {
    return this.call(
      ["XINFO", "CONSUMERS", key, group],
      (reply) => (reply as RespValue[]).map(toRecord),
    );
  }

  /**
   * Help text of XINFO, one line per element.
   *
   * @example
   * ```ts
   * (await redis.xinfoHelp())[0]; // "XINFO <subcommand> [<arg> ..."
   * ```
   */
  xinfoHelp(): Reply<M, string[], this> {
    return this.call(["XINFO", "HELP"], toStrings);
  }
}

function countArgs(name: string, count: number | undefined): RedisArg[] {
  if (count === undefined) return [];
  assertInteger(`${name} count`, count, 0);
  return ["COUNT", count];
}
