/**
 * Server commands: INFO, FLUSHDB, FLUSHALL, DBSIZE, TIME, SAVE, BGSAVE, ROLE, REPLICAOF, FAILOVER,
 * SHUTDOWN, SWAPDB, DEBUG, …. SYNC and PSYNC are not declared: the replication stream they start
 * is not RESP (the RDB payload has no closing CRLF), so no client connection can carry it.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { bare, count, integer, text, texts } from "./admin_shapes.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import { type Integer, toCount, toOk, toRaw, toStatus, unexpectedReply } from "./replies.ts";
import { arrayOf, type InfoSections, toInfoSections } from "./transforms.ts";
import {
  assertExclusive,
  assertInteger,
  assertNotEmpty,
  assertOptions,
  describeValue,
  optionKeys,
} from "./validate.ts";

const BGSAVE_KEYS = optionKeys<{ schedule?: boolean }>({ schedule: true });
const LOLWUT_KEYS = optionKeys<{ version?: number }>({ version: true });
/** Options of `FAILOVER`, as `failover` reads them. */
type FailoverOptions = {
  to?: { host: RedisArg; port: number; force?: boolean };
  abort?: boolean;
  timeout?: number;
};
const FAILOVER_KEYS = optionKeys<FailoverOptions>({ to: true, abort: true, timeout: true });
const FAILOVER_TO_KEYS = optionKeys<FailoverOptions["to"]>({
  host: true,
  port: true,
  force: true,
});
const SHUTDOWN_KEYS = optionKeys<
  { nosave?: boolean; save?: boolean; now?: boolean; force?: boolean; abort?: boolean }
>({ nosave: true, save: true, now: true, force: true, abort: true });
const REPLACE_KEYS = optionKeys<{ replace?: boolean }>({ replace: true });

/** A replica as its master's ROLE lists it. */
export interface RoleReplica {
  /** The replica's address. */
  host: string;
  /** Its port. */
  port: number;
  /** The replication offset it acknowledged: an {@link Integer}. */
  offset: Integer;
}

/**
 * What ROLE says about this server. Replication offsets are {@link Integer}s
 * (a `bigint` beyond ±2^53).
 */
export type ReplicationRole =
  | { role: "master"; offset: Integer; replicas: RoleReplica[] }
  | { role: "slave"; masterHost: string; masterPort: number; state: string; offset: Integer }
  | { role: "sentinel"; masters: string[] };

/** The server's clock, from TIME. */
export interface ServerTime {
  /** Unix time in seconds. */
  seconds: number;
  /** Microseconds within the second. */
  microseconds: number;
}

function toRole(reply: RespValue): ReplicationRole {
  const [role, ...rest] = arrayOf(reply);
  const name = text(role);
  if (name === "master") {
    return bare<ReplicationRole>({
      role: name,
      offset: integer(rest[0]),
      replicas: arrayOf(rest[1]).map((replica) => {
        const [host, port, offset] = arrayOf(replica);
        return bare({ host: text(host), port: count(port), offset: integer(offset) });
      }),
    });
  }
  if (name === "slave") {
    return bare<ReplicationRole>({
      role: name,
      masterHost: text(rest[0]),
      masterPort: count(rest[1]),
      state: text(rest[2]),
      offset: integer(rest[3]),
    });
  }
  if (name === "sentinel") return bare<ReplicationRole>({ role: name, masters: texts(rest[0]) });
  throw unexpectedReply("a master, slave or sentinel role", role);
}

function toTime(reply: RespValue): ServerTime {
  const [seconds, microseconds] = arrayOf(reply);
  return bare({ seconds: count(seconds), microseconds: count(microseconds) });
}

export type { InfoSections } from "./transforms.ts";

/**
 * Commands about the server.
 *
 * @example
 * ```ts
 * (await redis.info("server")).server.redis_version; // "7.0.15"
 * ```
 */
export abstract class ServerCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Server information, parsed into sections (names in lower case) of
   * `key: value` strings, as records without prototype (text over RESP2 and
   * RESP3 alike). Name sections to get only those (`"all"`, `"everything"`
   * and `"default"` work too).
   *
   * @example
   * ```ts
   * const info = await redis.info("server", "clients");
   * info.server.redis_version; // "7.0.15"
   * info.clients.connected_clients; // "1"
   * ```
   */
  info(...sections: string[]): Reply<M, InfoSections, this> {
    return this.call(["INFO", ...sections], toInfoSections);
  }

  /**
   * The `INFO` text as the server sends it.
   *
   * @example
   * ```ts
   * (await redis.infoRaw("server")).startsWith("# Server"); // true
   * ```
   */
  infoRaw(...sections: string[]): Reply<M, string, this> {
    return this.call(["INFO", ...sections], text);
  }

  /**
   * Delete every key of the selected database. `mode: "async"` frees memory
   * in the background.
   *
   * @example
   * ```ts
   * await redis.flushdb(); // "OK"
   * ```
   */
  flushdb(mode?: "async" | "sync"): Reply<M, "OK", this> {
    if (mode !== undefined && mode !== "async" && mode !== "sync") {
      throw new DataError(`flushdb mode: expected "async" or "sync", got ${describeValue(mode)}`);
    }
    return this.call(mode === undefined ? ["FLUSHDB"] : ["FLUSHDB", mode.toUpperCase()], toOk);
  }

  /**
   * How many keys the selected database holds.
   *
   * @example
   * ```ts
   * await redis.dbsize(); // 42
   * ```
   */
  dbsize(): Reply<M, number, this> {
    return this.call(["DBSIZE"], toCount);
  }

  /**
   * Delete every key of every database (`"async"` frees memory in the background).
   *
   * @example
   * ```ts
   * await redis.flushall(); // "OK"
   * ```
   */
  flushall(mode?: "async" | "sync"): Reply<M, "OK", this> {
    if (mode !== undefined && mode !== "async" && mode !== "sync") {
      throw new DataError(`flushall mode: expected "async" or "sync", got ${describeValue(mode)}`);
    }
    return this.call(
      mode === undefined ? ["FLUSHALL"] : ["FLUSHALL", mode.toUpperCase()],
      toOk,
    );
  }

  /**
   * The server's clock: Unix seconds and microseconds, as numbers.
   *
   * @example
   * ```ts
   * await redis.time(); // { seconds: 1700000000, microseconds: 123456 }
   * ```
   */
  time(): Reply<M, ServerTime, this> {
    return this.call(["TIME"], toTime);
  }

  /**
   * The Unix time of the last successful save to disk.
   *
   * @example
   * ```ts
   * await redis.lastsave(); // 1700000000
   * ```
   */
  lastsave(): Reply<M, number, this> {
    return this.call(["LASTSAVE"], toCount);
  }

  /**
   * Save the dataset to disk now, blocking the server (prefer `bgsave`).
   *
   * @example
   * ```ts
   * await redis.save(); // "OK"
   * ```
   */
  save(): Reply<M, "OK", this> {
    return this.call(["SAVE"], toOk);
  }

  /**
   * Save the dataset to disk in the background (`schedule`: once a rewrite ends); the server's status line.
   *
   * @example
   * ```ts
   * await redis.bgsave(); // "Background saving started"
   * ```
   */
  bgsave(options: { schedule?: boolean } = {}): Reply<M, string, this> {
    assertOptions("bgsave", options, BGSAVE_KEYS);
    return this.call(options.schedule ? ["BGSAVE", "SCHEDULE"] : ["BGSAVE"], toStatus);
  }

  /**
   * Rewrite the append-only file in the background; the server's status line.
   *
   * @example
   * ```ts
   * await redis.bgrewriteaof(); // "Background append only file rewriting started"
   * ```
   */
  bgrewriteaof(): Reply<M, string, this> {
    return this.call(["BGREWRITEAOF"], toStatus);
  }

  /**
   * Swap two databases.
   *
   * @example
   * ```ts
   * await redis.swapdb(0, 1); // "OK"
   * ```
   */
  swapdb(index1: number, index2: number): Reply<M, "OK", this> {
    assertInteger("swapdb index1", index1, 0);
    assertInteger("swapdb index2", index2, 0);
    return this.call(["SWAPDB", index1, index2], toOk);
  }

  /**
   * The server's version art (`version` picks the art).
   *
   * @example
   * ```ts
   * await redis.lolwut(); // "… Redis ver. 7.0.15"
   * ```
   */
  lolwut(options: { version?: number } = {}): Reply<M, string, this> {
    assertOptions("lolwut", options, LOLWUT_KEYS);
    const args: RedisArg[] = ["LOLWUT"];
    if (options.version !== undefined) {
      assertInteger("lolwut version", options.version, 0);
      args.push("VERSION", options.version);
    }
    return this.call(args, text);
  }

  /**
   * The replication role: `{ role: "master", offset, replicas }`, `{ role: "slave", masterHost, masterPort, state, offset }` or `{ role: "sentinel", masters }`,
   * objects without prototype; offsets are {@link Integer}s (a `bigint` beyond ±2^53).
   *
   * @example
   * ```ts
   * (await redis.role()).role; // "master"
   * ```
   */
  role(): Reply<M, ReplicationRole, this> {
    return this.call(["ROLE"], toRole);
  }

  /**
   * Make this server a replica of `host:port`: `"OK"`, or `"OK Already connected to specified master"`.
   *
   * @example
   * ```ts
   * await redis.replicaof("127.0.0.1", 6380); // "OK"
   * ```
   */
  replicaof(host: RedisArg, port: number): Reply<M, string, this> {
    assertInteger("replicaof port", port, 1);
    return this.call(["REPLICAOF", host, port], toStatus);
  }

  /**
   * Stop replicating and become a master.
   *
   * @example
   * ```ts
   * await redis.replicaofNoOne(); // "OK"
   * ```
   */
  replicaofNoOne(): Reply<M, "OK", this> {
    return this.call(["REPLICAOF", "NO", "ONE"], toOk);
  }

  /**
   * Make this server a replica of `host:port`: `"OK"`, or `"OK Already connected to specified master"`.
   *
   * @deprecated Use `replicaof` instead.
   *
   * @example
   * ```ts
   * await redis.slaveof("127.0.0.1", 6380); // "OK"
   * ```
   */
  slaveof(host: RedisArg, port: number): Reply<M, string, this> {
    assertInteger("slaveof port", port, 1);
    return this.call(["SLAVEOF", host, port], toStatus);
  }

  /**
   * Hand the master role to a replica (`to` one, `force`, `timeout` ms, or `abort`).
   *
   * @example
   * ```ts
   * await redis.failover({ to: { host: "127.0.0.1", port: 6380 }, timeout: 5000 }); // "OK"
   * ```
   */
  failover(
    options: {
      to?: { host: RedisArg; port: number; force?: boolean };
      abort?: boolean;
      timeout?: number;
    } = {},
  ): Reply<M, "OK", this> {
    assertOptions("failover", options, FAILOVER_KEYS);
    const args: RedisArg[] = ["FAILOVER"];
    if (options.to !== undefined) {
      assertOptions("failover to", options.to, FAILOVER_TO_KEYS);
      assertInteger("failover to.port", options.to.port, 1);
      args.push("TO", options.to.host, options.to.port);
      if (options.to.force) args.push("FORCE");
    }
    if (options.abort) args.push("ABORT");
    if (options.timeout !== undefined) {
      assertInteger("failover timeout", options.timeout, 0);
      args.push("TIMEOUT", options.timeout);
    }
    return this.call(args, toOk);
  }

  /**
   * Stop the server (saving unless `nosave`; `now`, `force`, or `abort` a pending one). The connection closes: the promise usually rejects with `ConnectionError`.
   *
   * @example
   * ```ts
   * await redis.shutdown({ nosave: true });
   * ```
   */
  shutdown(
    options: { nosave?: boolean; save?: boolean; now?: boolean; force?: boolean; abort?: boolean } =
      {},
  ): Reply<M, "OK", this> {
    assertOptions("shutdown", options, SHUTDOWN_KEYS);
    assertExclusive("shutdown", options, ["nosave", "save"]);
    const args: RedisArg[] = ["SHUTDOWN"];
    for (const token of ["nosave", "save", "now", "force", "abort"] as const) {
      if (options[token]) args.push(token.toUpperCase());
    }
    return this.call(args, toOk);
  }

  /**
   * A DEBUG subcommand (`"sleep"`, `"object"`, `"digest"`, …), its reply as
   * decoded: it depends on the subcommand, and on the protocol for those that
   * test it (`DEBUG PROTOCOL map` is a `Map` over RESP3, an array over RESP2).
   * Needs `enable-debug-command`.
   *
   * @example
   * ```ts
   * await redis.debug("sleep", 0); // "OK"
   * ```
   */
  debug(subcommand: RedisArg, ...args: RedisArg[]): Reply<M, RespValue, this> {
    return this.call(["DEBUG", subcommand, ...args], toRaw);
  }

  /**
   * RESTORE during a slot migration (cluster internal; as `restore`).
   *
   * @example
   * ```ts
   * await redis.restoreAsking("k", 0, payload); // "OK"
   * ```
   */
  restoreAsking(
    key: RedisKey,
    ttl: number,
    payload: RedisArg,
    options: { replace?: boolean } = {},
  ): Reply<M, "OK", this> {
    assertOptions("restoreAsking", options, REPLACE_KEYS);
    assertInteger("restoreAsking ttl", ttl, 0);
    const args: RedisArg[] = ["RESTORE-ASKING", key, ttl, payload];
    if (options.replace) args.push("REPLACE");
    return this.call(args, toOk);
  }

  /**
   * A replication handshake option (replica internal), raw reply.
   *
   * @example
   * ```ts
   * await redis.replconf("listening-port", 6380); // "OK"
   * ```
   */
  replconf(...args: RedisArg[]): Reply<M, RespValue, this> {
    assertNotEmpty("replconf args", args);
    return this.call(["REPLCONF", ...args], toRaw);
  }
}
