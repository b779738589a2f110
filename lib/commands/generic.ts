/**
 * Generic key commands: DEL, EXISTS, EXPIRE(AT), TTL, PTTL, PERSIST, RENAME, TYPE, COPY, DUMP,
 * RESTORE, SORT, OBJECT …, ….
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import {
  type Integer,
  toCount,
  toCountOrNull,
  toCounts,
  toInteger,
  toOk,
  toStatus,
  toTextOrNull,
  toTexts,
  toTextsOrNull,
  unexpectedReply,
} from "./replies.ts";
import { toBoolean, toScanReply, toStringOrNull, toStrings } from "./transforms.ts";
import {
  assertExclusive,
  assertInteger,
  assertNotEmpty,
  assertOptions,
  optionKeys,
  scanArgs,
} from "./validate.ts";

/**
 * When `EXPIRE` applies: only without a TTL (`nx`), only with one (`xx`), only later (`gt`) or earlier (`lt`).
 *
 * @example
 * ```ts
 * const condition: ExpireCondition = { gt: true };
 * await redis.expire("session", 60, condition); // 1 only if that is later
 * ```
 */
export type ExpireCondition =
  | { nx: true; xx?: never; gt?: never; lt?: never }
  | { xx: true; nx?: never; gt?: never; lt?: never }
  | { gt: true; nx?: never; xx?: never; lt?: never }
  | { lt: true; nx?: never; xx?: never; gt?: never };

const EXPIRE_CONDITIONS = ["nx", "xx", "gt", "lt"] as const;
const EXPIRE_CONDITION_KEYS = optionKeys<ExpireCondition>({
  nx: true,
  xx: true,
  gt: true,
  lt: true,
});

function withCondition(args: RedisArg[], condition: ExpireCondition | undefined): RedisArg[] {
  if (condition === undefined) return args;
  const name = String(args[0]).toLowerCase();
  assertOptions(name, condition, EXPIRE_CONDITION_KEYS);
  assertExclusive(name, condition, EXPIRE_CONDITIONS);
  for (const token of EXPIRE_CONDITIONS) if (condition[token]) args.push(token.toUpperCase());
  return args;
}

/**
 * Options of `SORT` and `SORT_RO`.
 *
 * @example
 * ```ts
 * const options: SortOptions = { by: "weight_*", limit: { offset: 0, count: 10 }, desc: true };
 * await redis.sort("ids", options);
 * ```
 */
export interface SortOptions {
  /** Sort by the values of other keys (`"weight_*"`), or `"nosort"`. */
  by?: RedisArg;
  /** Return at most `count` elements after skipping `offset`. */
  limit?: { offset: number; count: number };
  /** Return other keys' values instead (`"object_*"`, `"#"` for the element). */
  get?: RedisArg[];
  /** Descending order. */
  desc?: boolean;
  /** Sort as strings, not numbers. */
  alpha?: boolean;
}

/** The keys `sort` and `sortRo` read (`sortRo` refuses `store` itself). */
const SORT_KEYS = optionKeys<SortOptions & { store?: RedisKey }>({
  by: true,
  limit: true,
  get: true,
  desc: true,
  alpha: true,
  store: true,
});
const SORT_LIMIT_KEYS = optionKeys<SortOptions["limit"]>({ offset: true, count: true });

/**
 * Options of the page forms of SCAN, HSCAN, SSCAN and ZSCAN.
 *
 * @example
 * ```ts
 * const options: ScanPageOptions = { match: "a*", count: 100 };
 * await redis.sscanPage("tags", "0", options);
 * ```
 */
export interface ScanPageOptions {
  /** Only elements matching this glob-style pattern (`"user:*"`). */
  match?: RedisArg;
  /** A hint of how many elements the server looks at for this page (≥ 1). */
  count?: number;
}

/**
 * Options of `scanPage`: `type` keeps keys of one type.
 *
 * @example
 * ```ts
 * const options: KeyScanPageOptions = { match: "user:*", type: "hash" };
 * await redis.scanPage("0", options);
 * ```
 */
export interface KeyScanPageOptions extends ScanPageOptions {
  /** Only keys of this type (`"string"`, `"hash"`, …). */
  type?: string;
}

/**
 * One page of `SCAN`: the cursor of the next page (`"0"`: the last page) and its keys.
 *
 * @example
 * ```ts
 * const page: ScanPage<string> = await redis.scanPage("0");
 * page.cursor; // "0" when it was the last page
 * ```
 */
export interface ScanPage<S> {
  /** Pass it to the next call; `"0"` when the scan is complete. */
  cursor: string;
  /** The keys of this page (maybe none, maybe some seen before). */
  keys: S[];
}

/**
 * The cursor of the first page of a scan, and of none after the last one.
 *
 * @example
 * ```ts
 * let cursor: ScanCursor = "0";
 * cursor = (await redis.scanPage(cursor)).cursor;
 * ```
 */
export type ScanCursor = string | bigint | number;

/**
 * A SCAN reply as a {@link ScanPage}.
 *
 * @example
 * ```ts
 * toScanPage<string>(["17", ["a", "b"]]); // { cursor: "17", keys: ["a", "b"] }
 * ```
 */
export function toScanPage<S extends Text>(reply: RespValue): ScanPage<S> {
  const page = toScanReply(reply);
  return { cursor: page.cursor, keys: toTexts<S>(page.items) };
}

/** `OK`, or `NOKEY` when MIGRATE found none of the keys. */
function toMigrateReply(reply: RespValue): "OK" | "NOKEY" {
  if (reply === "OK" || reply === "NOKEY") return reply;
  throw unexpectedReply("an OK or NOKEY", reply);
}

/** WAITAOF's `[local, replicas]`. */
function toLocalAndReplicas(reply: RespValue): [number, number] {
  const counts = toCounts(reply);
  if (counts.length !== 2) throw unexpectedReply("a pair of counts", reply);
  return [counts[0], counts[1]];
}

/**
 * Options of `COPY`: the destination database, and whether to overwrite.
 *
 * @example
 * ```ts
 * const options: CopyOptions = { db: 1, replace: true };
 * await redis.copy("a", "b", options);
 * ```
 */
export type CopyOptions = { db?: number; replace?: boolean };
const COPY_KEYS = optionKeys<CopyOptions>({ db: true, replace: true });

/**
 * Options of `RESTORE`.
 *
 * @example
 * ```ts
 * const options: RestoreOptions = { replace: true, idletime: 60 };
 * await redis.restore("copy", 0, payload, options);
 * ```
 */
export type RestoreOptions = {
  replace?: boolean;
  absttl?: boolean;
  idletime?: number;
  freq?: number;
};
const RESTORE_KEYS = optionKeys<RestoreOptions>({
  replace: true,
  absttl: true,
  idletime: true,
  freq: true,
});

/**
 * Options of `MIGRATE`.
 *
 * @example
 * ```ts
 * const options: MigrateOptions = { copy: true, auth: { password: "secret" } };
 * await redis.migrate("127.0.0.1", 7000, ["k"], 0, 5000, options);
 * ```
 */
export type MigrateOptions = {
  copy?: boolean;
  replace?: boolean;
  auth?: { password: RedisArg; username?: RedisArg };
};
const MIGRATE_KEYS = optionKeys<MigrateOptions>({ copy: true, replace: true, auth: true });
const MIGRATE_AUTH_KEYS = optionKeys<MigrateOptions["auth"]>({ password: true, username: true });

function sortArgs(command: string, key: RedisKey, options: SortOptions): RedisArg[] {
  const name = command === "SORT" ? "sort" : "sortRo";
  assertOptions(name, options, SORT_KEYS);
  const args: RedisArg[] = [command, key];
  if (options.by !== undefined) args.push("BY", options.by);
  if (options.limit !== undefined) {
    assertOptions(`${name} limit`, options.limit, SORT_LIMIT_KEYS);
    assertInteger(`${command.toLowerCase()} limit.offset`, options.limit.offset, 0);
    assertInteger(`${command.toLowerCase()} limit.count`, options.limit.count);
    args.push("LIMIT", options.limit.offset, options.limit.count);
  }
  for (const pattern of options.get ?? []) args.push("GET", pattern);
  if (options.desc) args.push("DESC");
  if (options.alpha) args.push("ALPHA");
  return args;
}

/**
 * Commands on keys of any type.
 *
 * @example
 * ```ts
 * await redis.del("a", "b"); // 2
 * ```
 */
export abstract class GenericCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Delete keys; returns how many existed.
   *
   * @example
   * ```ts
   * await redis.del("a", "b"); // 2
   * ```
   */
  del(...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("del keys", keys);
    return this.call(["DEL", ...keys], toCount);
  }

  /**
   * Count how many of `keys` exist (a key named twice counts twice).
   *
   * @example
   * ```ts
   * await redis.exists("a", "missing"); // 1
   * ```
   */
  exists(...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("exists keys", keys);
    return this.call(["EXISTS", ...keys], toCount);
  }

  /**
   * Set a timeout of `seconds` on `key`; returns 1 when set, 0 when the key
   * does not exist or the condition did not hold.
   *
   * @example
   * ```ts
   * await redis.expire("session", 60); // 1
   * await redis.expire("session", 10, { gt: true }); // 0: 10 s is not later
   * ```
   */
  expire(key: RedisKey, seconds: number, condition?: ExpireCondition): Reply<M, number, this> {
    assertInteger("expire seconds", seconds);
    return this.call(withCondition(["EXPIRE", key, seconds], condition), toCount);
  }

  /**
   * Seconds to live of `key`: -1 when it has no timeout, -2 when it does not
   * exist. An {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.ttl("session"); // 59
   * ```
   */
  ttl(key: RedisKey): Reply<M, Integer, this> {
    return this.call(["TTL", key], toInteger);
  }

  /**
   * Copy the value at `source` to `destination` (in `db`, with `replace`
   * overwriting); returns whether it copied.
   *
   * @example
   * ```ts
   * await redis.copy("a", "b", { replace: true }); // true
   * ```
   */
  copy(
    source: RedisKey,
    destination: RedisKey,
    options: CopyOptions = {},
  ): Reply<M, boolean, this> {
    assertOptions("copy", options, COPY_KEYS);
    const args: RedisArg[] = ["COPY", source, destination];
    if (options.db !== undefined) {
      assertInteger("copy db", options.db, 0);
      args.push("DB", options.db);
    }
    if (options.replace) args.push("REPLACE");
    return this.call(args, toBoolean);
  }

  /**
   * The value at `key` serialized (binary: use `redis.bytes.dump()`), or `null`.
   *
   * @example
   * ```ts
   * const payload = await redis.bytes.dump("k"); // Uint8Array
   * ```
   */
  dump(key: RedisKey): Reply<M, S | null, this> {
    return this.call(["DUMP", key], toTextOrNull<S>);
  }

  /**
   * Create `key` from a `dump` payload; `ttl` in ms (0: none), `replace`,
   * `absttl` (ttl is a Unix time), `idletime` / `freq` for eviction data.
   *
   * @example
   * ```ts
   * await redis.restore("copy", 0, payload, { replace: true }); // "OK"
   * ```
   */
  restore(
    key: RedisKey,
    ttl: number,
    payload: RedisArg,
    options: RestoreOptions = {},
  ): Reply<M, "OK", this> {
    assertOptions("restore", options, RESTORE_KEYS);
    assertInteger("restore ttl", ttl, 0);
    const args: RedisArg[] = ["RESTORE", key, ttl, payload];
    if (options.replace) args.push("REPLACE");
    if (options.absttl) args.push("ABSTTL");
    if (options.idletime !== undefined) {
      assertInteger("restore idletime", options.idletime, 0);
      args.push("IDLETIME", options.idletime);
    }
    if (options.freq !== undefined) {
      assertInteger("restore freq", options.freq, 0);
      args.push("FREQ", options.freq);
    }
    return this.call(args, toOk);
  }

  /**
   * Expire `key` at a Unix time in seconds; 1 when set, 0 otherwise.
   *
   * @example
   * ```ts
   * await redis.expireat("k", Math.floor(Date.now() / 1000) + 60); // 1
   * ```
   */
  expireat(
    key: RedisKey,
    unixSeconds: number,
    condition?: ExpireCondition,
  ): Reply<M, number, this> {
    assertInteger("expireat unixSeconds", unixSeconds);
    return this.call(withCondition(["EXPIREAT", key, unixSeconds], condition), toCount);
  }

  /**
   * Set a timeout of `milliseconds` on `key`; 1 when set, 0 otherwise.
   *
   * @example
   * ```ts
   * await redis.pexpire("k", 1500); // 1
   * ```
   */
  pexpire(
    key: RedisKey,
    milliseconds: number,
    condition?: ExpireCondition,
  ): Reply<M, number, this> {
    assertInteger("pexpire milliseconds", milliseconds);
    return this.call(withCondition(["PEXPIRE", key, milliseconds], condition), toCount);
  }

  /**
   * Expire `key` at a Unix time in milliseconds; 1 when set, 0 otherwise.
   *
   * @example
   * ```ts
   * await redis.pexpireat("k", Date.now() + 60_000); // 1
   * ```
   */
  pexpireat(
    key: RedisKey,
    unixMilliseconds: number,
    condition?: ExpireCondition,
  ): Reply<M, number, this> {
    assertInteger("pexpireat unixMilliseconds", unixMilliseconds);
    return this.call(withCondition(["PEXPIREAT", key, unixMilliseconds], condition), toCount);
  }

  /**
   * The Unix time in seconds when `key` expires: -1 without expiry, -2 when
   * missing. An {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.expiretime("k"); // 1893456000
   * ```
   */
  expiretime(key: RedisKey): Reply<M, Integer, this> {
    return this.call(["EXPIRETIME", key], toInteger);
  }

  /**
   * The Unix time in milliseconds when `key` expires: -1 without expiry, -2
   * when missing. An {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.pexpiretime("k"); // 1893456000000
   * ```
   */
  pexpiretime(key: RedisKey): Reply<M, Integer, this> {
    return this.call(["PEXPIRETIME", key], toInteger);
  }

  /**
   * Milliseconds to live of `key`: -1 without expiry, -2 when missing. An
   * {@link Integer}: a `bigint` beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.pttl("k"); // 59000
   * ```
   */
  pttl(key: RedisKey): Reply<M, Integer, this> {
    return this.call(["PTTL", key], toInteger);
  }

  /**
   * Remove the expiry of `key`; returns whether there was one.
   *
   * @example
   * ```ts
   * await redis.persist("k"); // true
   * ```
   */
  persist(key: RedisKey): Reply<M, boolean, this> {
    return this.call(["PERSIST", key], toBoolean);
  }

  /**
   * Every key matching `pattern`. It blocks the server while it scans every
   * key: prefer `scan()` outside of tests and small databases.
   *
   * @example
   * ```ts
   * await redis.keys("user:*"); // ["user:1", "user:2"]
   * ```
   */
  keys(pattern: RedisArg): Reply<M, S[], this> {
    return this.call(["KEYS", pattern], toTexts<S>);
  }

  /**
   * Move `key` to database `db`; returns whether it moved.
   *
   * @example
   * ```ts
   * await redis.move("k", 1); // true
   * ```
   */
  move(key: RedisKey, db: number): Reply<M, boolean, this> {
    assertInteger("move db", db, 0);
    return this.call(["MOVE", key, db], toBoolean);
  }

  /**
   * Transfer `keys` to another server (`"OK"`, or `"NOKEY"` when none exist);
   * `copy` keeps them here, `replace` overwrites there, `auth` logs in there.
   *
   * @example
   * ```ts
   * await redis.migrate("127.0.0.1", 7000, ["k"], 0, 5000, { copy: true }); // "OK"
   * ```
   */
  migrate(
    host: RedisArg,
    port: number,
    keys: RedisKey[],
    db: number,
    timeout: number,
    options: MigrateOptions = {},
  ): Reply<M, "OK" | "NOKEY", this> {
    assertOptions("migrate", options, MIGRATE_KEYS);
    if (options.auth !== undefined) assertOptions("migrate auth", options.auth, MIGRATE_AUTH_KEYS);
    assertInteger("migrate port", port, 1);
    assertInteger("migrate db", db, 0);
    assertInteger("migrate timeout", timeout, 0);
    assertNotEmpty("migrate keys", keys);
    const args: RedisArg[] = ["MIGRATE", host, port, "", db, timeout];
    if (options.copy) args.push("COPY");
    if (options.replace) args.push("REPLACE");
    if (options.auth?.username !== undefined) {
      args.push("AUTH2", options.auth.username, options.auth.password);
    } else if (options.auth !== undefined) args.push("AUTH", options.auth.password);
    args.push("KEYS", ...keys);
    return this.call(args, toMigrateReply);
  }

  /**
   * The internal encoding of the value at `key` (`"listpack"`, `"int"`, …), or `null`.
   *
   * @example
   * ```ts
   * await redis.objectEncoding("n"); // "int"
   * ```
   */
  objectEncoding(key: RedisKey): Reply<M, string | null, this> {
    return this.call(["OBJECT", "ENCODING", key], toStringOrNull);
  }

  /**
   * The LFU access frequency of `key` (needs an LFU `maxmemory-policy`).
   *
   * @example
   * ```ts
   * await redis.objectFreq("k"); // 3
   * ```
   */
  objectFreq(key: RedisKey): Reply<M, number | null, this> {
    return this.call(["OBJECT", "FREQ", key], toCountOrNull);
  }

  /**
   * Help text of the OBJECT command, one line per element.
   *
   * @example
   * ```ts
   * (await redis.objectHelp())[0]; // "OBJECT <subcommand> [<arg> ..."
   * ```
   */
  objectHelp(): Reply<M, string[], this> {
    return this.call(["OBJECT", "HELP"], toStrings);
  }

  /**
   * Seconds since `key` was last read or written, or `null`.
   *
   * @example
   * ```ts
   * await redis.objectIdletime("k"); // 12
   * ```
   */
  objectIdletime(key: RedisKey): Reply<M, number | null, this> {
    return this.call(["OBJECT", "IDLETIME", key], toCountOrNull);
  }

  /**
   * The reference count of the value at `key`, or `null`.
   *
   * @example
   * ```ts
   * await redis.objectRefcount("k"); // 1
   * ```
   */
  objectRefcount(key: RedisKey): Reply<M, number | null, this> {
    return this.call(["OBJECT", "REFCOUNT", key], toCountOrNull);
  }

  /**
   * A random key of the database, or `null` when it is empty.
   *
   * @example
   * ```ts
   * await redis.randomkey(); // "user:7"
   * ```
   */
  randomkey(): Reply<M, S | null, this> {
    return this.call(["RANDOMKEY"], toTextOrNull<S>);
  }

  /**
   * Rename `key` (overwriting `newKey`).
   *
   * @example
   * ```ts
   * await redis.rename("old", "new"); // "OK"
   * ```
   */
  rename(key: RedisKey, newKey: RedisKey): Reply<M, "OK", this> {
    return this.call(["RENAME", key, newKey], toOk);
  }

  /**
   * Rename `key` only when `newKey` does not exist; returns whether it did.
   *
   * @example
   * ```ts
   * await redis.renamenx("old", "new"); // true
   * ```
   */
  renamenx(key: RedisKey, newKey: RedisKey): Reply<M, boolean, this> {
    return this.call(["RENAMENX", key, newKey], toBoolean);
  }

  /**
   * The elements of a list, set or sorted set, sorted (numerically unless
   * `alpha`); `by` and `get` use other keys' values (`"weight_*"`,
   * `"#"`); with `store`, saves them and returns the count.
   *
   * @example
   * ```ts
   * await redis.sort("ids", { limit: { offset: 0, count: 10 }, desc: true }); // ["9", "7", …]
   * ```
   */
  sort(key: RedisKey, options: SortOptions & { store: RedisKey }): Reply<M, number, this>;
  /** The elements of a list, set or sorted set, sorted. */
  sort(key: RedisKey, options?: SortOptions): Reply<M, (S | null)[], this>;
  sort(
    key: RedisKey,
    options: SortOptions & { store?: RedisKey } = {},
  ): Reply<M, (S | null)[] | number, this> {
    const args = sortArgs("SORT", key, options);
    if (options.store === undefined) return this.call(args, toTextsOrNull<S>);
    args.push("STORE", options.store);
    return this.call(args, toCount);
  }

  /**
   * `sort` without STORE, allowed on replicas.
   *
   * @example
   * ```ts
   * await redis.sortRo("ids", { alpha: true }); // ["a", "b"]
   * ```
   */
  sortRo(key: RedisKey, options: SortOptions = {}): Reply<M, (S | null)[], this> {
    const args = sortArgs("SORT_RO", key, options);
    if (Reflect.get(options, "store") !== undefined) {
      throw new DataError("sortRo: option store is not allowed (use sort)");
    }
    return this.call(args, toTextsOrNull<S>);
  }

  /**
   * Update the last access time of `keys`; returns how many exist.
   *
   * @example
   * ```ts
   * await redis.touch("a", "b"); // 2
   * ```
   */
  touch(...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("touch keys", keys);
    return this.call(["TOUCH", ...keys], toCount);
  }

  /**
   * The type of the value at `key`: `"string"`, `"list"`, `"set"`, `"zset"`,
   * `"hash"`, `"stream"`, or `"none"`.
   *
   * @example
   * ```ts
   * await redis.type("queue"); // "list"
   * ```
   */
  type(key: RedisKey): Reply<M, string, this> {
    return this.call(["TYPE", key], toStatus);
  }

  /**
   * Delete keys, freeing their memory in the background; returns how many existed.
   *
   * @example
   * ```ts
   * await redis.unlink("big-hash"); // 1
   * ```
   */
  unlink(...keys: RedisKey[]): Reply<M, number, this> {
    assertNotEmpty("unlink keys", keys);
    return this.call(["UNLINK", ...keys], toCount);
  }

  /**
   * Wait until `replicas` replicas acknowledged the writes of this
   * connection, or `timeout` ms (0: forever); returns how many did. Runs on
   * a pooled connection, so it waits for that connection's writes only:
   * send it with the writes in a `transaction()` to wait for those.
   *
   * @example
   * ```ts
   * await redis.wait(1, 100); // 0 without replicas
   * ```
   */
  wait(replicas: number, timeout: number): Reply<M, number, this> {
    assertInteger("wait replicas", replicas, 0);
    assertInteger("wait timeout", timeout, 0);
    return this.call(["WAIT", replicas, timeout], toCount);
  }

  /**
   * Wait until the writes of this connection are fsynced to the AOF locally
   * (`local`) and on `replicas` replicas, or `timeout` ms; returns
   * `[local, replicas]` (Redis 7.2+).
   *
   * @example
   * ```ts
   * await redis.waitaof(1, 0, 100); // [1, 0]
   * ```
   */
  waitaof(local: number, replicas: number, timeout: number): Reply<M, [number, number], this> {
    assertInteger("waitaof local", local, 0);
    assertInteger("waitaof replicas", replicas, 0);
    assertInteger("waitaof timeout", timeout, 0);
    return this.call(["WAITAOF", local, replicas, timeout], toLocalAndReplicas);
  }

  /**
   * One page of `SCAN`: pass `"0"` first, then each reply's `cursor` until it
   * is `"0"` again. Every key present for the whole scan comes at least once
   * (maybe more than once); `match`, `count` and `type` as for SCAN. The
   * cursor is a string so that no digit is lost; a `bigint` or a `number`
   * is accepted too. `scan()` follows the cursor for you.
   *
   * @example
   * ```ts
   * let cursor = "0";
   * do {
   *   const page = await redis.scanPage(cursor, { match: "user:*", count: 100 });
   *   for (const key of page.keys) console.log(key);
   *   cursor = page.cursor;
   * } while (cursor !== "0");
   * ```
   */
  scanPage(cursor: ScanCursor, options: KeyScanPageOptions = {}): Reply<M, ScanPage<S>, this> {
    return this.call(scanArgs("SCAN", undefined, cursor, options), toScanPage<S>);
  }
}
