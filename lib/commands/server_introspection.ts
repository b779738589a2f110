/**
 * Server introspection commands: COMMAND …, CONFIG …, MEMORY …, LATENCY …, SLOWLOG …, MODULE ….
 *
 * @module
 */
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, RedisKey, Reply, Text } from "./command_base.ts";
import { AclCommands } from "./acl.ts";
import { asString, toNumber, toRecord, toStrings } from "./transforms.ts";
import { assertExclusive, assertInteger, assertNotEmpty } from "./validate.ts";

/** What COMMAND INFO says about one command. */
export interface CommandInfo {
  /** The command's name, lower case. */
  name: string;
  /** Its arity (negative: at least that many arguments). */
  arity: number;
  /** Its flags (`write`, `readonly`, `fast`, …). */
  flags: string[];
  /** Position of the first key (0: none). */
  firstKey: number;
  /** Position of the last key (negative: from the end). */
  lastKey: number;
  /** Step between keys. */
  step: number;
  /** Its ACL categories (`@read`, …). */
  aclCategories: string[];
  /** Its tips (`request_policy:all_shards`, …). */
  tips: string[];
  /** Its key specifications, as objects. */
  keySpecs: Record<string, RespValue>[];
  /** Its subcommands. */
  subcommands: CommandInfo[];
}

/** One entry of the slow log. */
export interface SlowlogEntry {
  /** A unique, increasing id. */
  id: number;
  /** Unix time in seconds when it ran. */
  timestamp: number;
  /** How long it ran, in microseconds. */
  durationMicros: number;
  /** The command and its arguments (long ones shortened by the server). */
  args: string[];
  /** The client's address. */
  clientAddress: string;
  /** The client's name. */
  clientName: string;
}

function toCommandInfo(value: RespValue): CommandInfo | null {
  if (value === null) return null;
  const [name, arity, flags, first, last, step, categories, tips, specs, subcommands] =
    value as RespValue[];
  return {
    name: asString(name),
    arity: toNumber(arity),
    flags: toStrings(flags),
    firstKey: toNumber(first),
    lastKey: toNumber(last),
    step: toNumber(step),
    aclCategories: toStrings(categories ?? []),
    tips: toStrings(tips ?? []),
    keySpecs: ((specs ?? []) as RespValue[]).map(toRecord),
    subcommands: ((subcommands ?? []) as RespValue[]).map(toCommandInfo).filter((info) =>
      info !== null
    ) as CommandInfo[],
  };
}

function toStringRecord(value: RespValue): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, item] of Object.entries(toRecord(value))) record[key] = asString(item);
  return record;
}

/**
 * Commands that inspect and configure the server.
 *
 * @example
 * ```ts
 * await redis.configGet("maxmemory"); // { maxmemory: "0" }
 * ```
 */
export abstract class ServerIntrospectionCommands<M extends Mode, S extends Text>
  extends AclCommands<M, S> {
  /**
   * How many commands the server has.
   *
   * @example
   * ```ts
   * await redis.commandCount(); // 240
   * ```
   */
  commandCount(): Reply<M, number, this> {
    return this.call(["COMMAND", "COUNT"]);
  }

  /**
   * Documentation of commands (all, or those named), by name: `summary`, `since`, `group`, `complexity`, `arguments`, ….
   *
   * @example
   * ```ts
   * (await redis.commandDocs("get")).get.summary; // "Returns the string value of a key."
   * ```
   */
  commandDocs(...names: RedisArg[]): Reply<M, Record<string, Record<string, RespValue>>, this> {
    return this.call(["COMMAND", "DOCS", ...names], (reply) => {
      const docs: Record<string, Record<string, RespValue>> = {};
      for (const [name, doc] of Object.entries(toRecord(reply))) docs[name] = toRecord(doc);
      return docs;
    });
  }

  /**
   * The keys a command would touch.
   *
   * @example
   * ```ts
   * await redis.commandGetkeys(["MSET", "a", "1", "b", "2"]); // ["a", "b"]
   * ```
   */
  commandGetkeys(command: RedisArg[]): Reply<M, S[], this> {
    assertNotEmpty("commandGetkeys command", command);
    return this.call(["COMMAND", "GETKEYS", ...command]);
  }

  /**
   * The keys a command would touch, with their access flags.
   *
   * @example
   * ```ts
   * await redis.commandGetkeysandflags(["SET", "k", "v"]); // [{ key: "k", flags: ["OW", "update"] }]
   * ```
   */
  commandGetkeysandflags(command: RedisArg[]): Reply<M, { key: S; flags: string[] }[], this> {
    assertNotEmpty("commandGetkeysandflags command", command);
    return this.call(
      ["COMMAND", "GETKEYSANDFLAGS", ...command],
      (reply) => (reply as RespValue[][]).map(([key, flags]) => ({ key, flags: toStrings(flags) })),
    );
  }

  /**
   * Help text of COMMAND, one line per element.
   *
   * @example
   * ```ts
   * (await redis.commandHelp())[0]; // "COMMAND <subcommand> …"
   * ```
   */
  commandHelp(): Reply<M, string[], this> {
    return this.call(["COMMAND", "HELP"], toStrings);
  }

  /**
   * Details of commands (all when none named): `name`, `arity`, `flags`, `firstKey`, `lastKey`, `step`, `aclCategories`, `tips`, `keySpecs`, `subcommands`; `null` for unknown names.
   *
   * @example
   * ```ts
   * (await redis.commandInfo("get"))[0]?.arity; // 2
   * ```
   */
  commandInfo(...names: RedisArg[]): Reply<M, (CommandInfo | null)[], this> {
    return this.call(
      ["COMMAND", "INFO", ...names],
      (reply) => (reply as RespValue[]).map(toCommandInfo),
    );
  }

  /**
   * Command names, all or filtered by module, ACL category or pattern.
   *
   * @example
   * ```ts
   * await redis.commandList({ aclcat: "hyperloglog" }); // ["pfadd", …]
   * ```
   */
  commandList(
    filter: { module?: RedisArg; aclcat?: RedisArg; pattern?: RedisArg } = {},
  ): Reply<M, string[], this> {
    assertExclusive("commandList", filter, ["module", "aclcat", "pattern"]);
    const args: RedisArg[] = ["COMMAND", "LIST"];
    if (filter.module !== undefined) args.push("FILTERBY", "MODULE", filter.module);
    if (filter.aclcat !== undefined) args.push("FILTERBY", "ACLCAT", filter.aclcat);
    if (filter.pattern !== undefined) args.push("FILTERBY", "PATTERN", filter.pattern);
    return this.call(args, toStrings);
  }

  /**
   * Configuration parameters matching the patterns, as an object.
   *
   * @example
   * ```ts
   * await redis.configGet("maxmemory", "save"); // { maxmemory: "0", save: "" }
   * ```
   */
  configGet(...patterns: RedisArg[]): Reply<M, Record<string, string>, this> {
    assertNotEmpty("configGet patterns", patterns);
    return this.call(["CONFIG", "GET", ...patterns], toStringRecord);
  }

  /**
   * Set configuration parameters.
   *
   * @example
   * ```ts
   * await redis.configSet({ "maxmemory-policy": "allkeys-lru" }); // "OK"
   * ```
   */
  configSet(parameters: Record<string, RedisArg>): Reply<M, "OK", this> {
    const pairs = Object.entries(parameters);
    assertNotEmpty("configSet parameters", pairs);
    return this.call(["CONFIG", "SET", ...pairs.flat()]);
  }

  /**
   * Reset the statistics INFO reports.
   *
   * @example
   * ```ts
   * await redis.configResetstat(); // "OK"
   * ```
   */
  configResetstat(): Reply<M, "OK", this> {
    return this.call(["CONFIG", "RESETSTAT"]);
  }

  /**
   * Write the running configuration to the config file (the server must have one).
   *
   * @example
   * ```ts
   * await redis.configRewrite(); // "OK"
   * ```
   */
  configRewrite(): Reply<M, "OK", this> {
    return this.call(["CONFIG", "REWRITE"]);
  }

  /**
   * Help text of CONFIG, one line per element.
   *
   * @example
   * ```ts
   * (await redis.configHelp())[0]; // "CONFIG <subcommand> …"
   * ```
   */
  configHelp(): Reply<M, string[], this> {
    return this.call(["CONFIG", "HELP"], toStrings);
  }

  /**
   * A report of latency problems, in prose.
   *
   * @example
   * ```ts
   * await redis.latencyDoctor(); // "Dave, no latency spike was observed …"
   * ```
   */
  latencyDoctor(): Reply<M, string, this> {
    return this.call(["LATENCY", "DOCTOR"], asString);
  }

  /**
   * An ASCII graph of an event's latency.
   *
   * @example
   * ```ts
   * await redis.latencyGraph("command");
   * ```
   */
  latencyGraph(event: RedisArg): Reply<M, string, this> {
    return this.call(["LATENCY", "GRAPH", event], asString);
  }

  /**
   * Help text of LATENCY, one line per element.
   *
   * @example
   * ```ts
   * (await redis.latencyHelp())[0]; // "LATENCY <subcommand> …"
   * ```
   */
  latencyHelp(): Reply<M, string[], this> {
    return this.call(["LATENCY", "HELP"], toStrings);
  }

  /**
   * Latency histograms of commands (all, or those named), by command, as objects.
   *
   * @example
   * ```ts
   * (await redis.latencyHistogram("set")).set?.calls; // 3
   * ```
   */
  latencyHistogram(
    ...commands: RedisArg[]
  ): Reply<M, Record<string, Record<string, RespValue>>, this> {
    return this.call(["LATENCY", "HISTOGRAM", ...commands], (reply) => {
      const histograms: Record<string, Record<string, RespValue>> = {};
      for (const [name, histogram] of Object.entries(toRecord(reply))) {
        histograms[name] = toRecord(histogram);
      }
      return histograms;
    });
  }

  /**
   * The latency samples of an event: `{ time, latency }` (seconds, ms).
   *
   * @example
   * ```ts
   * await redis.latencyHistory("command"); // [{ time: 1700000000, latency: 120 }]
   * ```
   */
  latencyHistory(event: RedisArg): Reply<M, { time: number; latency: number }[], this> {
    return this.call(
      ["LATENCY", "HISTORY", event],
      (reply) =>
        (reply as RespValue[][]).map(([time, latency]) => ({
          time: toNumber(time),
          latency: toNumber(latency),
        })),
    );
  }

  /**
   * The latest latency spike of each event: `{ event, time, latency, max }`.
   *
   * @example
   * ```ts
   * await redis.latencyLatest(); // [{ event: "command", time, latency: 120, max: 300 }]
   * ```
   */
  latencyLatest(): Reply<M, { event: string; time: number; latency: number; max: number }[], this> {
    return this.call(
      ["LATENCY", "LATEST"],
      (reply) =>
        (reply as RespValue[][]).map(([event, time, latency, max]) => ({
          event: asString(event),
          time: toNumber(time),
          latency: toNumber(latency),
          max: toNumber(max),
        })),
    );
  }

  /**
   * Forget latency samples (of the named events, or all); returns how many series were reset.
   *
   * @example
   * ```ts
   * await redis.latencyReset(); // 0
   * ```
   */
  latencyReset(...events: RedisArg[]): Reply<M, number, this> {
    return this.call(["LATENCY", "RESET", ...events]);
  }

  /**
   * A report of memory problems, in prose.
   *
   * @example
   * ```ts
   * await redis.memoryDoctor(); // "Hi Sam, …"
   * ```
   */
  memoryDoctor(): Reply<M, string, this> {
    return this.call(["MEMORY", "DOCTOR"], asString);
  }

  /**
   * Help text of MEMORY, one line per element.
   *
   * @example
   * ```ts
   * (await redis.memoryHelp())[0]; // "MEMORY <subcommand> …"
   * ```
   */
  memoryHelp(): Reply<M, string[], this> {
    return this.call(["MEMORY", "HELP"], toStrings);
  }

  /**
   * The allocator's statistics, as text.
   *
   * @example
   * ```ts
   * await redis.memoryMallocStats(); // "___ Begin jemalloc statistics ___ …"
   * ```
   */
  memoryMallocStats(): Reply<M, string, this> {
    return this.call(["MEMORY", "MALLOC-STATS"], asString);
  }

  /**
   * Ask the allocator to release memory.
   *
   * @example
   * ```ts
   * await redis.memoryPurge(); // "OK"
   * ```
   */
  memoryPurge(): Reply<M, "OK", this> {
    return this.call(["MEMORY", "PURGE"]);
  }

  /**
   * Memory use by category (`peak.allocated`, `total.allocated`, `keys.count`, `db.0`, …) as an object.
   *
   * @example
   * ```ts
   * (await redis.memoryStats())["total.allocated"]; // 1048576
   * ```
   */
  memoryStats(): Reply<M, Record<string, RespValue>, this> {
    return this.call(["MEMORY", "STATS"], (reply) => {
      const stats = toRecord(reply);
      for (const [name, value] of Object.entries(stats)) {
        if (value instanceof Map || (Array.isArray(value) && name.startsWith("db."))) {
          stats[name] = toRecord(value) as unknown as RespValue;
        }
      }
      return stats;
    });
  }

  /**
   * Bytes used by the key and its value (`samples` nested values to look at, 0: all), or `null`.
   *
   * @example
   * ```ts
   * await redis.memoryUsage("user:1"); // 72
   * ```
   */
  memoryUsage(key: RedisKey, options: { samples?: number } = {}): Reply<M, number | null, this> {
    const args: RedisArg[] = ["MEMORY", "USAGE", key];
    if (options.samples !== undefined) {
      assertInteger("memoryUsage samples", options.samples, 0);
      args.push("SAMPLES", options.samples);
    }
    return this.call(args);
  }

  /**
   * Help text of MODULE, one line per element.
   *
   * @example
   * ```ts
   * (await redis.moduleHelp())[0]; // "MODULE <subcommand> …"
   * ```
   */
  moduleHelp(): Reply<M, string[], this> {
    return this.call(["MODULE", "HELP"], toStrings);
  }

  /**
   * The loaded modules: `{ name, ver, … }` objects.
   *
   * @example
   * ```ts
   * await redis.moduleList(); // [{ name: "search", ver: 20800, … }]
   * ```
   */
  moduleList(): Reply<M, Record<string, RespValue>[], this> {
    return this.call(["MODULE", "LIST"], (reply) => (reply as RespValue[]).map(toRecord));
  }

  /**
   * Load a module from `path` with arguments.
   *
   * @example
   * ```ts
   * await redis.moduleLoad("/usr/lib/redis/modules/mod.so"); // "OK"
   * ```
   */
  moduleLoad(path: RedisArg, ...args: RedisArg[]): Reply<M, "OK", this> {
    return this.call(["MODULE", "LOAD", path, ...args]);
  }

  /**
   * Load a module with configuration parameters and arguments.
   *
   * @example
   * ```ts
   * await redis.moduleLoadex("/path/mod.so", { configs: { "mod.opt": "1" } }); // "OK"
   * ```
   */
  moduleLoadex(
    path: RedisArg,
    options: { configs?: Record<string, RedisArg>; args?: RedisArg[] } = {},
  ): Reply<M, "OK", this> {
    const args: RedisArg[] = ["MODULE", "LOADEX", path];
    for (const [name, value] of Object.entries(options.configs ?? {})) {
      args.push("CONFIG", name, value);
    }
    if (options.args !== undefined && options.args.length > 0) args.push("ARGS", ...options.args);
    return this.call(args);
  }

  /**
   * Unload a module by name.
   *
   * @example
   * ```ts
   * await redis.moduleUnload("mymodule"); // "OK"
   * ```
   */
  moduleUnload(name: RedisArg): Reply<M, "OK", this> {
    return this.call(["MODULE", "UNLOAD", name]);
  }

  /**
   * The slowest recent commands (up to `count`, -1: all): `{ id, timestamp, durationMicros, args, clientAddress, clientName }`.
   *
   * @example
   * ```ts
   * (await redis.slowlogGet(10))[0]?.args; // ["KEYS", "*"]
   * ```
   */
  slowlogGet(count?: number): Reply<M, SlowlogEntry[], this> {
    if (count !== undefined) assertInteger("slowlogGet count", count, -1);
    return this.call(
      count === undefined ? ["SLOWLOG", "GET"] : ["SLOWLOG", "GET", count],
      (reply) =>
        (reply as RespValue[][]).map(([id, timestamp, duration, args, address, name]) => ({
          id: toNumber(id),
          timestamp: toNumber(timestamp),
          durationMicros: toNumber(duration),
          args: toStrings(args),
          clientAddress: address === undefined ? "" : asString(address),
          clientName: name === undefined ? "" : asString(name),
        })),
    );
  }

  /**
   * How many entries the slow log holds.
   *
   * @example
   * ```ts
   * await redis.slowlogLen(); // 3
   * ```
   */
  slowlogLen(): Reply<M, number, this> {
    return this.call(["SLOWLOG", "LEN"]);
  }

  /**
   * Empty the slow log.
   *
   * @example
   * ```ts
   * await redis.slowlogReset(); // "OK"
   * ```
   */
  slowlogReset(): Reply<M, "OK", this> {
    return this.call(["SLOWLOG", "RESET"]);
  }

  /**
   * Help text of SLOWLOG, one line per element.
   *
   * @example
   * ```ts
   * (await redis.slowlogHelp())[0]; // "SLOWLOG <subcommand> …"
   * ```
   */
  slowlogHelp(): Reply<M, string[], this> {
    return this.call(["SLOWLOG", "HELP"], toStrings);
  }
}
