/**
 * Server commands: INFO, FLUSHDB.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { Mode, Reply, Text } from "./command_base.ts";
import { TransactionCommands } from "./transactions.ts";
import { asString, type InfoSections, toInfoSections } from "./transforms.ts";

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
}
