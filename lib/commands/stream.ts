/**
 * Stream commands: XADD, XRANGE, XREAD, XREADGROUP, XACK, XPENDING, XCLAIM,
 * XAUTOCLAIM, XGROUP …, XINFO …, XTRIM, ….
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import { toCount, toOk, toText, unexpectedReply } from "./replies.ts";
import {
  arrayOf,
  asString,
  pairsOf,
  toBoolean,
  toRecord,
  toStrings,
  toTextRecord,
} from "./transforms.ts";
import {
  assertExclusive,
  assertInteger,
  assertNeeds,
  assertNotEmpty,
  assertOptions,
  describeValue,
  optionKeys,
  pairsArg,
} from "./validate.ts";

const COUNT_KEYS = optionKeys<{ count?: number }>({ count: true });
const XREAD_KEYS = optionKeys<{ count?: number; block?: number }>({ count: true, block: true });
const XREADGROUP_KEYS = optionKeys<{ count?: number; block?: number; noack?: boolean }>({
  count: true,
  block: true,
  noack: true,
});
const XSETID_KEYS = optionKeys<{ entriesAdded?: number; maxDeletedId?: string }>({
  entriesAdded: true,
  maxDeletedId: true,
});
const XPENDING_RANGE_KEYS = optionKeys<
  { start: string; end: string; count: number; idle?: number; consumer?: RedisArg }
>({ start: true, end: true, count: true, idle: true, consumer: true });
const XAUTOCLAIM_KEYS = optionKeys<{ count?: number; justid?: boolean }>({
  count: true,
  justid: true,
});
const XGROUP_CREATE_KEYS = optionKeys<{ mkstream?: boolean; entriesRead?: number }>({
  mkstream: true,
  entriesRead: true,
});
const XGROUP_SETID_KEYS = optionKeys<{ entriesRead?: number }>({ entriesRead: true });
const XINFO_STREAM_KEYS = optionKeys<{ full?: boolean; count?: number }>({
  full: true,
  count: true,
});

/**
 * One entry of a stream: its id and its fields (`null` for an entry deleted
 * while pending, in XREADGROUP replies). The fields are a record without
 * prototype, so that any field name — `__proto__` too — is an own property.
 *
 * @example
 * ```ts
 * const [entry]: StreamEntry<string>[] = await redis.xrange("events", "-", "+", { count: 1 });
 * entry.fields?.type; // "login"
 * ```
 */
export interface StreamEntry<S> {
  /** The entry id, `<ms>-<seq>`. */
  id: string;
  /** Field names and values. */
  fields: Record<string, S> | null;
}

/**
 * What XAUTOCLAIM returns: the cursor of the next call, the entries claimed, the ids deleted meanwhile.
 *
 * @example
 * ```ts
 * const claimed: AutoClaimed<string> = await redis.xautoclaim("events", "workers", "w2", 60_000, "0-0");
 * claimed.entries; // [{ id, fields }]
 * ```
 */
export interface AutoClaimed<S> {
  /** Where the next call starts; `"0-0"` when the whole pending list was scanned. */
  next: string;
  /** The entries claimed. */
  entries: StreamEntry<S>[];
  /** Ids that were pending but no longer exist (removed from the pending list). */
  deleted: string[];
}

/**
 * What XAUTOCLAIM … JUSTID returns: the ids claimed instead of the entries.
 *
 * @example
 * ```ts
 * const claimed: AutoClaimedIds = await redis.xautoclaim("events", "workers", "w2", 60_000, "0-0", { justid: true });
 * claimed.ids; // ["1700000000000-0"]
 * ```
 */
export interface AutoClaimedIds {
  /** Where the next call starts; `"0-0"` when the whole pending list was scanned. */
  next: string;
  /** The ids claimed. */
  ids: string[];
  /** Ids that were pending but no longer exist (removed from the pending list). */
  deleted: string[];
}

/**
 * Options of `xclaim`: `idle` or `time` (not both) set when the entries
 * count as last delivered.
 *
 * @example
 * ```ts
 * const options: XClaimOptions = { idle: 0, retrycount: 3, justid: true };
 * await redis.xclaim("events", "workers", "w2", 60_000, [id], options);
 * ```
 */
export type XClaimOptions =
  & (
    | {
      /** Set the entries' idle time to this many ms. */
      idle?: number;
      /** Not with `idle`. */
      time?: never;
    }
    | {
      /** Set the entries' last delivery to this Unix time in ms. */
      time?: number;
      /** Not with `time`. */
      idle?: never;
    }
  )
  & {
    /** Set the entries' delivery count. */
    retrycount?: number;
    /** Claim ids that are not pending yet (if they exist). */
    force?: boolean;
    /** Return the ids only, without entries and without counting a delivery. */
    justid?: boolean;
  };

const XCLAIM_KEYS = optionKeys<XClaimOptions>({
  idle: true,
  time: true,
  retrycount: true,
  force: true,
  justid: true,
});

/**
 * The entries XREAD and XREADGROUP return for one stream.
 *
 * @example
 * ```ts
 * const [stream]: StreamEntries<string>[] = (await redis.xread({ events: "0" }))!;
 * stream.entries.length; // 42
 * ```
 */
export interface StreamEntries<S> {
  /** The stream's key. */
  key: string;
  /** Its new entries. */
  entries: StreamEntry<S>[];
}

/**
 * How XADD and XTRIM trim: to a length (`maxlen`) or an oldest id (`minid`), `approx` for `~`.
 *
 * @example
 * ```ts
 * const trim: StreamTrim = { maxlen: 1000, approx: true };
 * await redis.xtrim("events", trim);
 * ```
 */
export type StreamTrim =
  | { maxlen: number; minid?: never; approx?: boolean; limit?: number }
  | { minid: string; maxlen?: never; approx?: boolean; limit?: number };

/**
 * Options of `xadd`.
 *
 * @example
 * ```ts
 * const options: XAddOptions = { nomkstream: true, trim: { minid: "1700000000000-0" } };
 * await redis.xadd("events", "*", { type: "login" }, options);
 * ```
 */
export interface XAddOptions {
  /** Do not create the stream when it does not exist (the reply is then `null`). */
  nomkstream?: boolean;
  /** Trim the stream as the entry is added. */
  trim?: StreamTrim;
}

const XADD_KEYS = optionKeys<XAddOptions>({ nomkstream: true, trim: true });
const TRIM_KEYS = optionKeys<StreamTrim>({ maxlen: true, minid: true, approx: true, limit: true });

/**
 * A pending entry, as the extended XPENDING lists them.
 *
 * @example
 * ```ts
 * const [pending]: PendingEntry[] = await redis.xpending("events", "workers", { start: "-", end: "+", count: 1 });
 * pending.deliveries; // 1
 * ```
 */
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

/**
 * The summary form of XPENDING.
 *
 * @example
 * ```ts
 * const summary: PendingSummary = await redis.xpending("events", "workers");
 * summary.consumers; // [{ name: "w1", count: 2 }]
 * ```
 */
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

/** An entry id: text, as a string. */
function toId(value: RespValue): string {
  return asString(toText(value));
}

/** A count the server sends as text (XPENDING's per-consumer counts) or as an integer. */
function toCountText(value: RespValue): number {
  if (typeof value === "number") return toCount(value);
  const text = asString(toText(value));
  if (!/^\d{1,15}$/.test(text)) throw unexpectedReply("a count", value);
  return Number(text);
}

/** `[id, [f1, v1, …]]` → `{ id, fields }`, the fields a record without prototype. */
function toEntry<S extends Text>(value: RespValue): StreamEntry<S> {
  const [id, fields] = arrayOf(value);
  return { id: toId(id), fields: fields === null ? null : toTextRecord<S>(arrayOf(fields)) };
}

function toEntries<S extends Text>(value: RespValue): StreamEntry<S>[] {
  return arrayOf(value).map(toEntry<S>);
}

/** An array of entry ids (`JUSTID`, the deleted ids of XAUTOCLAIM). */
function toIds(value: RespValue): string[] {
  return arrayOf(value).map(toId);
}

/** XREAD: RESP2 `[[key, entries], …]` or RESP3 `{ key: entries }` → `{ key, entries }[]`. */
function toStreams<S extends Text>(value: RespValue): StreamEntries<S>[] | null {
  if (value === null) return null;
  const pairs = value instanceof Map ? [...pairsOf(value)] : arrayOf(value).map(arrayOf);
  return pairs.map(([key, entries]) => ({ key: toId(key), entries: toEntries<S>(entries) }));
}

/** XAUTOCLAIM: `[next, entries or ids, deleted]` (`deleted` since Redis 7). */
function toAutoClaim<T>(
  reply: RespValue,
  read: (value: RespValue) => T,
): { next: string; claimed: T; deleted: string[] } {
  const [next, claimed, deleted] = arrayOf(reply);
  return {
    next: toId(next),
    claimed: read(claimed),
    deleted: deleted === undefined ? [] : toIds(deleted),
  };
}

/** An XINFO record (without prototype): string keys, entries parsed where the server gives entries. */
function toInfo(value: RespValue): Record<string, unknown> {
  const record: Record<string, unknown> = toRecord(value);
  for (const key of ["first-entry", "last-entry"]) {
    const entry = record[key];
    if (Array.isArray(entry)) record[key] = toEntry(entry);
  }
  const { entries, groups } = record;
  if (Array.isArray(entries)) record.entries = toEntries(entries);
  if (Array.isArray(groups)) {
    record.groups = groups.map((group) => {
      const info: Record<string, unknown> = toRecord(group);
      const { consumers } = info;
      if (Array.isArray(consumers)) info.consumers = consumers.map(toRecord);
      return info;
    });
  }
  return record;
}

/** XINFO GROUPS and XINFO CONSUMERS: an array of records without prototype. */
function toRecords(value: RespValue): Record<string, RespValue>[] {
  return arrayOf(value).map(toRecord);
}

function trimArgs(name: string, trim: StreamTrim): RedisArg[] {
  if (typeof trim !== "object" || trim === null) {
    throw new DataError(`${name} trim: expected an object, got ${describeValue(trim)}`);
  }
  assertOptions(`${name} trim`, trim, TRIM_KEYS);
  assertExclusive(`${name} trim`, trim, ["maxlen", "minid"]);
  assertNeeds(`${name} trim`, trim, "limit", "approx");
  const args: RedisArg[] = [];
  const operator = trim.approx ? "~" : "=";
  if (trim.maxlen !== undefined) {
    assertInteger(`${name} maxlen`, trim.maxlen, 0);
    args.push("MAXLEN", operator, trim.maxlen);
  } else if (trim.minid !== undefined) {
    const minid: unknown = trim.minid;
    if (typeof minid !== "string") {
      throw new DataError(`${name} minid: expected an id, got ${describeValue(minid)}`);
    }
    args.push("MINID", operator, minid);
  } else throw new DataError(`${name}: a trim needs maxlen or minid`);
  if (trim.limit !== undefined) {
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
  const pairs = pairsArg(`${name} streams`, streams);
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
export abstract class StreamCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
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
    assertOptions("xadd", options, XADD_KEYS);
    const pairs = pairsArg("xadd fields", fields);
    assertNotEmpty("xadd fields", pairs);
    const args: RedisArg[] = ["XADD", key];
    if (options.nomkstream) args.push("NOMKSTREAM");
    if (options.trim !== undefined) args.push(...trimArgs("xadd", options.trim));
    args.push(id);
    for (const [field, value] of pairs) args.push(field, value);
    return this.call(args, (reply) => reply === null ? null : toId(reply));
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
    return this.call(["XLEN", key], toCount);
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
    assertOptions("xrange", options, COUNT_KEYS);
    return this.call(
      ["XRANGE", key, start, end, ...countArgs("xrange", options.count)],
      toEntries<S>,
    );
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
    assertOptions("xrevrange", options, COUNT_KEYS);
    return this.call(
      ["XREVRANGE", key, end, start, ...countArgs("xrevrange", options.count)],
      toEntries<S>,
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
    assertOptions("xread", options, XREAD_KEYS);
    return this.call(
      ["XREAD", ...readArgs("xread", streams, options.count, options.block)],
      toStreams<S>,
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
    assertOptions("xreadgroup", options, XREADGROUP_KEYS);
    const args: RedisArg[] = ["XREADGROUP", "GROUP", group, consumer];
    const rest = readArgs("xreadgroup", streams, options.count, options.block);
    if (options.noack) rest.splice(rest.indexOf("STREAMS"), 0, "NOACK");
    return this.call([...args, ...rest], toStreams<S>);
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
    return this.call(["XACK", key, group, ...ids], toCount);
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
    return this.call(["XDEL", key, ...ids], toCount);
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
    return this.call(["XTRIM", key, ...trimArgs("xtrim", trim)], toCount);
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
    assertOptions("xsetid", options, XSETID_KEYS);
    const args: RedisArg[] = ["XSETID", key, lastId];
    if (options.entriesAdded !== undefined) {
      assertInteger("xsetid entriesAdded", options.entriesAdded, 0);
      args.push("ENTRIESADDED", options.entriesAdded);
    }
    if (options.maxDeletedId !== undefined) args.push("MAXDELETEDID", options.maxDeletedId);
    return this.call(args, toOk);
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
        const [count, minId, maxId, consumers] = arrayOf(reply);
        return {
          count: toCount(count),
          minId: minId === null ? null : toId(minId),
          maxId: maxId === null ? null : toId(maxId),
          consumers: consumers === null ? [] : arrayOf(consumers).map((consumer) => {
            const [name, n] = arrayOf(consumer);
            return { name: toId(name), count: toCountText(n) };
          }),
        };
      });
    }
    assertOptions("xpending", range, XPENDING_RANGE_KEYS);
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
        arrayOf(reply).map((item) => {
          const [id, consumer, idle, deliveries] = arrayOf(item);
          return {
            id: toId(id),
            consumer: toId(consumer),
            idle: toCount(idle),
            deliveries: toCount(deliveries),
          };
        }),
    );
  }

  /**
   * Take over pending entries idle for at least `minIdle` ms; returns them,
   * or with `justid` their ids only (without counting a delivery).
   *
   * @example
   * ```ts
   * await redis.xclaim("events", "workers", "w2", 60_000, [id]); // [{ id, fields }]
   * await redis.xclaim("events", "workers", "w2", 60_000, [id], { justid: true }); // [id]
   * ```
   */
  xclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    ids: string[],
    options: XClaimOptions & { justid: true },
  ): Reply<M, string[], this>;
  /** Take over pending entries idle for at least `minIdle` ms; returns them. */
  xclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    ids: string[],
    options?: XClaimOptions & { justid?: false },
  ): Reply<M, StreamEntry<S>[], this>;
  xclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    ids: string[],
    options: XClaimOptions = {},
  ): Reply<M, StreamEntry<S>[] | string[], this> {
    assertOptions("xclaim", options, XCLAIM_KEYS);
    assertInteger("xclaim minIdle", minIdle, 0);
    assertNotEmpty("xclaim ids", ids);
    assertExclusive("xclaim", options, ["idle", "time"]);
    const args: RedisArg[] = ["XCLAIM", key, group, consumer, minIdle, ...ids];
    for (const token of ["idle", "time", "retrycount"] as const) {
      const value = options[token];
      if (value === undefined) continue;
      assertInteger(`xclaim ${token}`, value, 0);
      args.push(token.toUpperCase(), value);
    }
    if (options.force) args.push("FORCE");
    if (!options.justid) return this.call(args, toEntries<S>);
    args.push("JUSTID");
    return this.call(args, toIds);
  }

  /**
   * Take over pending entries idle for at least `minIdle` ms, scanning from
   * `start`: `{ next, entries, deleted }` (`next` `"0-0"` when done); with
   * `justid`, `{ next, ids, deleted }` (without counting a delivery).
   *
   * @example
   * ```ts
   * await redis.xautoclaim("events", "workers", "w2", 60_000, "0-0", { count: 10 });
   * await redis.xautoclaim("events", "workers", "w2", 60_000, "0-0", { justid: true }); // { next, ids, deleted }
   * ```
   */
  xautoclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    start: string,
    options: { count?: number; justid: true },
  ): Reply<M, AutoClaimedIds, this>;
  /** Take over pending entries idle for at least `minIdle` ms, scanning from `start`. */
  xautoclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    start: string,
    options?: { count?: number; justid?: false },
  ): Reply<M, AutoClaimed<S>, this>;
  xautoclaim(
    key: RedisKey,
    group: RedisArg,
    consumer: RedisArg,
    minIdle: number,
    start: string,
    options: { count?: number; justid?: boolean } = {},
  ): Reply<M, AutoClaimed<S> | AutoClaimedIds, this> {
    assertInteger("xautoclaim minIdle", minIdle, 0);
    assertOptions("xautoclaim", options, XAUTOCLAIM_KEYS);
    const args: RedisArg[] = ["XAUTOCLAIM", key, group, consumer, minIdle, start];
    if (options.count !== undefined) {
      assertInteger("xautoclaim count", options.count, 1);
      args.push("COUNT", options.count);
    }
    if (!options.justid) {
      return this.call(args, (reply): AutoClaimed<S> => {
        const { next, claimed, deleted } = toAutoClaim(reply, toEntries<S>);
        return { next, entries: claimed, deleted };
      });
    }
    args.push("JUSTID");
    return this.call(args, (reply): AutoClaimedIds => {
      const { next, claimed, deleted } = toAutoClaim(reply, toIds);
      return { next, ids: claimed, deleted };
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
    assertOptions("xgroupCreate", options, XGROUP_CREATE_KEYS);
    const args: RedisArg[] = ["XGROUP", "CREATE", key, group, id];
    if (options.mkstream) args.push("MKSTREAM");
    if (options.entriesRead !== undefined) {
      assertInteger("xgroupCreate entriesRead", options.entriesRead, 0);
      args.push("ENTRIESREAD", options.entriesRead);
    }
    return this.call(args, toOk);
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
    return this.call(["XGROUP", "CREATECONSUMER", key, group, consumer], toBoolean);
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
    return this.call(["XGROUP", "DELCONSUMER", key, group, consumer], toCount);
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
    return this.call(["XGROUP", "DESTROY", key, group], toBoolean);
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
    assertOptions("xgroupSetid", options, XGROUP_SETID_KEYS);
    const args: RedisArg[] = ["XGROUP", "SETID", key, group, id];
    if (options.entriesRead !== undefined) {
      assertInteger("xgroupSetid entriesRead", options.entriesRead, 0);
      args.push("ENTRIESREAD", options.entriesRead);
    }
    return this.call(args, toOk);
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
    assertOptions("xinfoStream", options, XINFO_STREAM_KEYS);
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
    return this.call(["XINFO", "GROUPS", key], toRecords);
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
    return this.call(["XINFO", "CONSUMERS", key, group], toRecords);
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
