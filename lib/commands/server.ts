/**
 * Server commands: INFO, FLUSHDB, FLUSHALL, DBSIZE, TIME, SAVE, BGSAVE, ROLE, REPLICAOF, FAILOVER,
 * SHUTDOWN, SWAPDB, DEBUG, …. SYNC and PSYNC are not declared: the replication stream they start
 * is not RESP (the RDB payload has no closing CRLF), so no client connection can carry it.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { TransactionCommands } from "./transactions.ts";
import { asString, type InfoSections, toInfoSections, toNumber } from "./transforms.ts";
import { assertExclusive, assertInteger, assertNotEmpty } from "./validate.ts";

/** What ROLE says about this server. */
export type ReplicationRole =
  | { role: "master"; offset: number; replicas: { host: string; port: number; offset: number }[] }
  | { role: "slave"; masterHost: string; masterPort: number; state: string; offset: number }
  | { role: "sentinel"; masters: string[] };

function toRole(reply: RespValue): ReplicationRole {
  const [role, ...rest] = reply as RespValue[];
  const name = asString(role);
  if (name === "master") {
    return {
      role: name,
      offset: toNumber(rest[0]),
      replicas: (rest[1] as RespValue[][]).map(([host, port, offset]) => ({
        host: asString(host),
        port: toNumber(port),
        offset: toNumber(offset),
      })),
    };
  }
  if (name === "slave") {
    return {
      role: name,
      masterHost: asString(rest[0]),
      masterPort: toNumber(rest[1]),
      state: asString(rest[2]),
      offset: toNumber(rest[3]),
    };
  }
  return { role: "sentinel", masters: (rest[0] as RespValue[]).map(asString) };
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
export abstract class ServerCommands<M extends Mode, S extends Text>
  extends TransactionCommands<M, S> {
  /**
   * Server information, parsed into sections (names in lower case) of
   * `key: value` strings. Name sections to get only those (`"all"`,
   * `"everything"` and `"default"` work too).
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
    return this.call(["INFO", ...sections], asString);
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
      throw new DataError(`flushdb mode: expected "async" or "sync", got ${String(mode)}`);
    }
    return this.call(mode === undefined ? ["FLUSHDB"] : ["FLUSHDB", mode.toUpperCase()]);
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
    return this.call(["DBSIZE"]);
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
      throw new DataError(`flushall mode: expected "async" or "sync", got ${String(mode)}`);
    }
    return this.call(mode === undefined ? ["FLUSHALL"] : ["FLUSHALL", mode.toUpperCase()]);
  }

  /**
   * The server's clock: Unix seconds and microseconds.
   *
   * @example
   * ```ts
   * await redis.time(); // { seconds: 1700000000, microseconds: 123456 }
   * ```
   */
  time(): Reply<M, { seconds: number; microseconds: number }, this> {
    return this.call(["TIME"], (reply) => {
      const [seconds, microseconds] = reply as RespValue[];
      return { seconds: toNumber(seconds), microseconds: toNumber(microseconds) };
    });
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
    return this.call(["LASTSAVE"]);
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
    return this.call(["SAVE"]);
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
    return this.call(options.schedule ? ["BGSAVE", "SCHEDULE"] : ["BGSAVE"], asString);
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
    return this.call(["BGREWRITEAOF"], asString);
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
    return this.call(["SWAPDB", index1, index2]);
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
    const args: RedisArg[] = ["LOLWUT"];
    if (options.version !== undefined) {
      assertInteger("lolwut version", options.version, 0);
      args.push("VERSION", options.version);
    }
    return this.call(args, asString);
  }

  /**
   * The replication role: `{ role: "master", offset, replicas }`, `{ role: "slave", masterHost, masterPort, state, offset }` or `{ role: "sentinel", masters }`.
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
    return this.call(["REPLICAOF", host, port]);
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
    return this.call(["REPLICAOF", "NO", "ONE"]);
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
    return this.call(["SLAVEOF", host, port]);
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
    const args: RedisArg[] = ["FAILOVER"];
    if (options.to !== undefined) {
      assertInteger("failover to.port", options.to.port, 1);
      args.push("TO", options.to.host, options.to.port);
      if (options.to.force) args.push("FORCE");
    }
    if (options.abort) args.push("ABORT");
    if (options.timeout !== undefined) {
      assertInteger("failover timeout", options.timeout, 0);
      args.push("TIMEOUT", options.timeout);
    }
    return this.call(args);
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
    assertExclusive("shutdown", options, ["nosave", "save"]);
    const args: RedisArg[] = ["SHUTDOWN"];
    for (const token of ["nosave", "save", "now", "force", "abort"] as const) {
      if (options[token]) args.push(token.toUpperCase());
    }
    return this.call(args);
  }

  /**
   * A DEBUG subcommand (`"sleep"`, `"object"`, `"jmap"`, …), raw reply. Needs `enable-debug-command`.
   *
   * @example
   * ```ts
   * await redis.debug("sleep", 0); // "OK"
   * ```
   */
  debug(subcommand: RedisArg, ...args: RedisArg[]): Reply<M, RespValue, this> {
    return this.call(["DEBUG", subcommand, ...args]);
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
    assertInteger("restoreAsking ttl", ttl, 0);
    const args: RedisArg[] = ["RESTORE-ASKING", key, ttl, payload];
    if (options.replace) args.push("REPLACE");
    return this.call(args);
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
    return this.call(["REPLCONF", ...args]);
  }
}
