/**
 * Generic key commands: DEL, EXISTS, EXPIRE(AT), TTL, PTTL, PERSIST, RENAME, TYPE, COPY, DUMP,
 * RESTORE, SORT, OBJECT …, ….
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { asString, toBoolean, toStringOrNull, toStrings } from "./transforms.ts";
import { ConnectionCommands } from "./connection.ts";
import { assertExclusive, assertInteger, assertNotEmpty } from "./validate.ts";

/** When `EXPIRE` applies: only without a TTL (`nx`), only with one (`xx`), only later (`gt`) or earlier (`lt`). */
export type ExpireCondition =
  | { nx: true; xx?: never; gt?: never; lt?: never }
  | { xx: true; nx?: never; gt?: never; lt?: never }
  | { gt: true; nx?: never; xx?: never; lt?: never }
  | { lt: true; nx?: never; xx?: never; gt?: never };

const EXPIRE_CONDITIONS = ["nx", "xx", "gt", "lt"] as const;

function withCondition(args: RedisArg[], condition: ExpireCondition | undefined): RedisArg[] {
  if (condition === undefined) return args;
  assertExclusive(String(args[0]).toLowerCase(), condition, EXPIRE_CONDITIONS);
  for (const token of EXPIRE_CONDITIONS) if (condition[token]) args.push(token.toUpperCase());
  return args;
}

/** Options of `SORT` and `SORT_RO`. */
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

function sortArgs(command: string, key: RedisKey, options: SortOptions): RedisArg[] {
  const args: RedisArg[] = [command, key];
  if (options.by !== undefined) args.push("BY", options.by);
  if (options.limit !== undefined) {
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
export abstract class GenericCommands<M extends Mode, S extends Text>
  extends ConnectionCommands<M, S> {
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
    return this.call(["DEL", ...keys]);
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
    return this.call(["EXISTS", ...keys]);
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
    return this.call(withCondition(["EXPIRE", key, seconds], condition));
  }

  /**
   * Seconds to live of `key`: -1 when it has no timeout, -2 when it does not exist.
   *
   * @example
   * ```ts
   * await redis.ttl("session"); // 59
   * ```
   */
  ttl(key: RedisKey): Reply<M, number, this> {
    return this.call(["TTL", key]);
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
    options: { db?: number; replace?: boolean } = {},
  ): Reply<M, boolean, this> {
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
    return this.call(["DUMP", key]);
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
    options: { replace?: boolean; absttl?: boolean; idletime?: number; freq?: number } = {},
  ): Reply<M, "OK", this> {
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
    return this.call(args);
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
    return this.call(withCondition(["EXPIREAT", key, unixSeconds], condition));
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
    return this.call(withCondition(["PEXPIRE", key, milliseconds], condition));
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
    return this.call(withCondition(["PEXPIREAT", key, unixMilliseconds], condition));
  }

  /**
   * The Unix time in seconds when `key` expires: -1 without expiry, -2 when missing.
   *
   * @example
   * ```ts
   * await redis.expiretime("k"); // 1893456000
   * ```
   */
  expiretime(key: RedisKey): Reply<M, number, this> {
    return this.call(["EXPIRETIME", key]);
  }

  /**
   * The Unix time in milliseconds when `key` expires: -1 without expiry, -2 when missing.
   *
   * @example
   * ```ts
   * await redis.pexpiretime("k"); // 1893456000000
   * ```
   */
  pexpiretime(key: RedisKey): Reply<M, number, this> {
    return this.call(["PEXPIRETIME", key]);
  }

  /**
   * Milliseconds to live of `key`: -1 without expiry, -2 when missing.
   *
   * @example
   * ```ts
   * await redis.pttl("k"); // 59000
   * ```
   */
  pttl(key: RedisKey): Reply<M, number, this> {
    return this.call(["PTTL", key]);
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
    return this.call(["KEYS", pattern]);
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
    options: {
      copy?: boolean;
      replace?: boolean;
      auth?: { password: RedisArg; username?: RedisArg };
    } = {},
  ): Reply<M, "OK" | "NOKEY", this> {
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
    return this.call(args);
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
    return this.call(["OBJECT", "FREQ", key]);
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
    return this.call(["OBJECT", "IDLETIME", key]);
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
    return this.call(["OBJECT", "REFCOUNT", key]);
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
    return this.call(["RANDOMKEY"]);
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
    return this.call(["RENAME", key, newKey]);
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
    if (options.store !== undefined) args.push("STORE", options.store);
    return this.call(args);
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
    return this.call(sortArgs("SORT_RO", key, options));
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
    return this.call(["TOUCH", ...keys]);
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
    return this.call(["TYPE", key], asString);
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
    return this.call(["UNLINK", ...keys]);
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
    return this.call(["WAIT", replicas, timeout]);
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
    return this.call(["WAITAOF", local, replicas, timeout]);
  }
}
