/**
 * Server introspection commands: COMMAND …, CONFIG …, MEMORY …, LATENCY …, SLOWLOG …, MODULE ….
 *
 * @module
 */
import { ProtocolError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  bare,
  count,
  fieldsOf,
  listOf,
  recordOf,
  text,
  texts,
  toModuleInfo,
} from "./admin_shapes.ts";
import { CommandBase, type Mode, type RedisKey, type Reply, type Text } from "./command_base.ts";
import type { ModuleInfo } from "./connection.ts";
import {
  isText,
  toCount,
  toCountOrNull,
  toOk,
  toText,
  toTexts,
  unexpectedReply,
} from "./replies.ts";
import { arrayOf, pairsOf, toNumber, toStrings } from "./transforms.ts";
import {
  assertExclusive,
  assertInteger,
  assertNotEmpty,
  assertOptions,
  optionKeys,
} from "./validate.ts";

const COMMAND_LIST_KEYS = optionKeys<
  { module?: RedisArg; aclcat?: RedisArg; pattern?: RedisArg }
>({ module: true, aclcat: true, pattern: true });
const MEMORY_USAGE_KEYS = optionKeys<{ samples?: number }>({ samples: true });
const MODULE_LOADEX_KEYS = optionKeys<{ configs?: Record<string, RedisArg>; args?: RedisArg[] }>({
  configs: true,
  args: true,
});

/**
 * How a key specification finds its first key (`begin_search`) or its keys
 * from there (`find_keys`): a `type` and the `spec` of that type.
 */
export interface KeySearch {
  /** `index`, `keyword` or `unknown` (begin_search); `range`, `keynum` or `unknown` (find_keys). */
  type: string;
  /** The type's parameters: `{ index: 1 }`, `{ keyword: "STREAMS", startfrom: 1 }`, `{ lastkey: 0, keystep: 1, limit: 0 }`, …. */
  spec: Record<string, number | string>;
}

/** A key specification of COMMAND INFO: where a command's keys are and how it uses them. */
export interface CommandKeySpec {
  /** Why the specification is what it is, when it is unusual. */
  notes?: string;
  /** How the keys are used: `RW`, `access`, `update`, `variable_flags`, …. */
  flags: string[];
  /** How the first key is found. */
  begin_search: KeySearch;
  /** How the keys are found from there. */
  find_keys: KeySearch;
}

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
  /** Its key specifications (Redis 7+). */
  keySpecs: CommandKeySpec[];
  /** Its subcommands. */
  subcommands: CommandInfo[];
}

/** An argument of a command, as COMMAND DOCS describes it. */
export interface CommandArgument {
  /** The argument's name. */
  name: string;
  /** `string`, `integer`, `double`, `key`, `pattern`, `unix-time`, `pure-token`, `oneof` or `block`. */
  type: string;
  /** The name to show (Redis 7.2+). */
  display_text?: string;
  /** The index of the key specification of a `key` argument. */
  key_spec_index?: number;
  /** The token before the argument (`EX`). */
  token?: string;
  /** A short description. */
  summary?: string;
  /** The version that added it. */
  since?: string;
  /** The version that deprecated it. */
  deprecated_since?: string;
  /** `optional`, `multiple`, `multiple_token`. */
  flags?: string[];
  /** The value shown for it (modules). */
  value?: string;
  /** The arguments of a `oneof` or `block` argument. */
  arguments?: CommandArgument[];
}

/**
 * A command's documentation, from COMMAND DOCS: the same over RESP2 and
 * RESP3. Only `group` is always there.
 */
export interface CommandDoc {
  /** A short description. */
  summary?: string;
  /** The version that added it. */
  since?: string;
  /** Its group: `string`, `server`, `connection`, …. */
  group: string;
  /** Its time complexity (none for `MONITOR`, `LOLWUT`, …). */
  complexity?: string;
  /** The module that added it. */
  module?: string;
  /** `deprecated`, `syscmd`. */
  doc_flags?: string[];
  /** The version that deprecated it. */
  deprecated_since?: string;
  /** What replaces it. */
  replaced_by?: string;
  /** Its changes: `[version, description]` pairs. */
  history?: [version: string, description: string][];
  /** Its arguments. */
  arguments?: CommandArgument[];
  /** Its subcommands' documentation, by name (`client|kill`). */
  subcommands?: Record<string, CommandDoc>;
}

/** A command's latency histogram, from LATENCY HISTOGRAM. */
export interface LatencyHistogram {
  /** How many calls were measured. */
  calls: number;
  /**
   * Calls per bucket: each key is a bucket's upper bound in microseconds (a
   * power of 2, as a decimal string), its value how many calls took at most
   * that long and more than the bucket before.
   */
  histogram_usec: Record<string, number>;
}

/** A latency sample of LATENCY HISTORY. */
export interface LatencySample {
  /** Unix time in seconds. */
  time: number;
  /** The latency, in milliseconds. */
  latency: number;
}

/** The latest latency spike of an event, from LATENCY LATEST. */
export interface LatencyLatest {
  /** The event: `command`, `fast-command`, `fork`, …. */
  event: string;
  /** Unix time of the spike, in seconds. */
  time: number;
  /** Its latency, in milliseconds. */
  latency: number;
  /** The highest latency of the event, in milliseconds. */
  max: number;
}

/**
 * MEMORY STATS, the same over RESP2 and RESP3: every value a number (RESP2
 * sends ratios and percentages as text), except `db.<n>`, a record of numbers.
 */
export interface MemoryStats {
  /** The most memory allocated, in bytes. */
  "peak.allocated": number;
  /** Memory allocated now, in bytes. */
  "total.allocated": number;
  /** Memory allocated at startup, in bytes. */
  "startup.allocated": number;
  /** The replication backlog's size, in bytes. */
  "replication.backlog": number;
  /** The number of keys. */
  "keys.count": number;
  /** The dataset's size, in bytes. */
  "dataset.bytes": number;
  /** The dataset's share of the memory, in percent. */
  "dataset.percentage": number;
  /** `total.allocated` as a percentage of `peak.allocated`. */
  "peak.percentage": number;
  /** The fragmentation ratio. */
  fragmentation: number;
  /** Every field: numbers, and `db.<n>` records of numbers. */
  [field: string]: number | Record<string, number>;
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

/** A value that is a number over both protocols, or text over both (`keyword`). */
function numberOrText(value: RespValue): number | string {
  if (typeof value === "number") return value;
  if (isText(value)) return text(value);
  throw unexpectedReply("a number or a string", value);
}

const toKeySearch = fieldsOf<KeySearch>({ type: text, spec: recordOf(numberOrText) });

const toKeySpec = fieldsOf<CommandKeySpec>({
  notes: text,
  flags: texts,
  begin_search: toKeySearch,
  find_keys: toKeySearch,
}, ["notes"]);

/** Elements past the end (an older server's shorter reply) are empty lists. */
function listOrEmpty<T>(value: RespValue | undefined, shape: (item: RespValue) => T): T[] {
  return value === undefined ? [] : arrayOf(value).map(shape);
}

function toCommandInfo(value: RespValue): CommandInfo {
  const [name, arity, flags, first, last, step, categories, tips, specs, subcommands] = arrayOf(
    value,
  );
  return bare({
    name: text(name),
    arity: count(arity),
    flags: texts(flags),
    firstKey: count(first),
    lastKey: count(last),
    step: count(step),
    aclCategories: listOrEmpty(categories, text),
    tips: listOrEmpty(tips, text),
    keySpecs: listOrEmpty(specs, toKeySpec),
    subcommands: listOrEmpty(subcommands, toCommandInfo),
  });
}

function toCommandInfoOrNull(value: RespValue): CommandInfo | null {
  return value === null ? null : toCommandInfo(value);
}

function toHistory(value: RespValue): [version: string, description: string][] {
  return arrayOf(value).map((entry) => {
    const [version, description] = arrayOf(entry);
    return [text(version), text(description)];
  });
}

function toCommandArgument(value: RespValue): CommandArgument {
  return toArgumentFields(value);
}

const toArgumentFields = fieldsOf<CommandArgument>({
  name: text,
  type: text,
  display_text: text,
  key_spec_index: count,
  token: text,
  summary: text,
  since: text,
  deprecated_since: text,
  flags: texts,
  value: text,
  arguments: listOf(toCommandArgument),
}, [
  "display_text",
  "key_spec_index",
  "token",
  "summary",
  "since",
  "deprecated_since",
  "flags",
  "value",
  "arguments",
]);

function toCommandDoc(value: RespValue): CommandDoc {
  return toDocFields(value);
}

const toDocFields = fieldsOf<CommandDoc>({
  summary: text,
  since: text,
  group: text,
  complexity: text,
  module: text,
  doc_flags: texts,
  deprecated_since: text,
  replaced_by: text,
  history: toHistory,
  arguments: listOf(toCommandArgument),
  subcommands: recordOf(toCommandDoc),
}, [
  "summary",
  "since",
  "complexity",
  "module",
  "doc_flags",
  "deprecated_since",
  "replaced_by",
  "history",
  "arguments",
  "subcommands",
]);

const toLatencyHistogram = fieldsOf<LatencyHistogram>({
  calls: count,
  histogram_usec: recordOf(count),
});

/** The fields of MEMORY STATS that {@link MemoryStats} declares: numbers, always sent. */
const MEMORY_FIELDS = [
  "peak.allocated",
  "total.allocated",
  "startup.allocated",
  "replication.backlog",
  "keys.count",
  "dataset.bytes",
  "dataset.percentage",
  "peak.percentage",
  "fragmentation",
];

const toNumbers = recordOf(toNumber);

/** MEMORY STATS: numbers (RESP2 sends doubles as text), `db.<n>` records of numbers. */
function toMemoryStats(reply: RespValue): MemoryStats {
  const stats = bare<MemoryStats>({
    "peak.allocated": 0,
    "total.allocated": 0,
    "startup.allocated": 0,
    "replication.backlog": 0,
    "keys.count": 0,
    "dataset.bytes": 0,
    "dataset.percentage": 0,
    "peak.percentage": 0,
    fragmentation: 0,
  });
  const seen = new Set<string>();
  for (const [key, value] of pairsOf(reply)) {
    const name = text(key);
    seen.add(name);
    const nested = (value instanceof Map || Array.isArray(value)) && !MEMORY_FIELDS.includes(name);
    stats[name] = nested ? toNumbers(value) : toNumber(value);
  }
  const missing = MEMORY_FIELDS.find((name) => !seen.has(name));
  if (missing !== undefined) {
    throw new ProtocolError(`expected a field '${missing}' in the MEMORY STATS reply`);
  }
  return stats;
}

const toSlowlogEntry = (value: RespValue): SlowlogEntry => {
  const [id, timestamp, duration, args, address, name] = arrayOf(value);
  return bare({
    id: count(id),
    timestamp: count(timestamp),
    durationMicros: count(duration),
    args: texts(args),
    clientAddress: address === undefined ? "" : text(address),
    clientName: name === undefined ? "" : text(name),
  });
};

/**
 * Commands that inspect and configure the server.
 *
 * @example
 * ```ts
 * await redis.configGet("maxmemory"); // { maxmemory: "0" }
 * ```
 */
export abstract class ServerIntrospectionCommands<M extends Mode, S extends Text>
  extends CommandBase<M, S> {
  /**
   * How many commands the server has.
   *
   * @example
   * ```ts
   * await redis.commandCount(); // 240
   * ```
   */
  commandCount(): Reply<M, number, this> {
    return this.call(["COMMAND", "COUNT"], toCount);
  }

  /**
   * Documentation of commands (all, or those named), by name: `summary`,
   * `since`, `group`, `complexity`, `arguments` (nested), `subcommands`, ….
   * Records without prototype, the same over RESP2 and RESP3.
   *
   * @example
   * ```ts
   * (await redis.commandDocs("get")).get.summary; // "Returns the string value of a key."
   * ```
   */
  commandDocs(...names: RedisArg[]): Reply<M, Record<string, CommandDoc>, this> {
    return this.call(["COMMAND", "DOCS", ...names], recordOf(toCommandDoc));
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
    return this.call(["COMMAND", "GETKEYS", ...command], toTexts<S>);
  }

  /**
   * The keys a command would touch, with their access flags (objects without prototype).
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
      (reply) =>
        arrayOf(reply).map((entry) => {
          const [key, flags] = arrayOf(entry);
          return bare({ key: toText<S>(key), flags: texts(flags) });
        }),
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
   * Details of commands (all when none named): `name`, `arity`, `flags`,
   * `firstKey`, `lastKey`, `step`, `aclCategories`, `tips`, `keySpecs`,
   * `subcommands`; `null` for unknown names. Objects without prototype, the
   * same over RESP2 and RESP3 (key specifications included).
   *
   * @example
   * ```ts
   * (await redis.commandInfo("get"))[0]?.arity; // 2
   * ```
   */
  commandInfo(...names: RedisArg[]): Reply<M, (CommandInfo | null)[], this> {
    return this.call(["COMMAND", "INFO", ...names], listOf(toCommandInfoOrNull));
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
    assertOptions("commandList", filter, COMMAND_LIST_KEYS);
    assertExclusive("commandList", filter, ["module", "aclcat", "pattern"]);
    const args: RedisArg[] = ["COMMAND", "LIST"];
    if (filter.module !== undefined) args.push("FILTERBY", "MODULE", filter.module);
    if (filter.aclcat !== undefined) args.push("FILTERBY", "ACLCAT", filter.aclcat);
    if (filter.pattern !== undefined) args.push("FILTERBY", "PATTERN", filter.pattern);
    return this.call(args, toStrings);
  }

  /**
   * Configuration parameters matching the patterns, as a record without
   * prototype (values as text, as the server sends them).
   *
   * @example
   * ```ts
   * await redis.configGet("maxmemory", "save"); // { maxmemory: "0", save: "" }
   * ```
   */
  configGet(...patterns: RedisArg[]): Reply<M, Record<string, string>, this> {
    assertNotEmpty("configGet patterns", patterns);
    return this.call(["CONFIG", "GET", ...patterns], recordOf(text));
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
    return this.call(["CONFIG", "SET", ...pairs.flat()], toOk);
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
    return this.call(["CONFIG", "RESETSTAT"], toOk);
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
    return this.call(["CONFIG", "REWRITE"], toOk);
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
    return this.call(["LATENCY", "DOCTOR"], text);
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
    return this.call(["LATENCY", "GRAPH", event], text);
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
   * Latency histograms of commands (all that ran, or those named), by
   * command: `{ calls, histogram_usec }`, with `histogram_usec` a record of
   * bucket (µs, as text) → calls. Records without prototype, the same over
   * RESP2 and RESP3.
   *
   * @example
   * ```ts
   * (await redis.latencyHistogram("set")).set?.calls; // 3
   * (await redis.latencyHistogram("set")).set?.histogram_usec; // { "8": 2, "16": 1 }
   * ```
   */
  latencyHistogram(...commands: RedisArg[]): Reply<M, Record<string, LatencyHistogram>, this> {
    return this.call(["LATENCY", "HISTOGRAM", ...commands], recordOf(toLatencyHistogram));
  }

  /**
   * The latency samples of an event: `{ time, latency }` (seconds, ms),
   * objects without prototype.
   *
   * @example
   * ```ts
   * await redis.latencyHistory("command"); // [{ time: 1700000000, latency: 120 }]
   * ```
   */
  latencyHistory(event: RedisArg): Reply<M, LatencySample[], this> {
    return this.call(["LATENCY", "HISTORY", event], (reply) =>
      arrayOf(reply).map((sample) => {
        const [time, latency] = arrayOf(sample);
        return bare({ time: count(time), latency: count(latency) });
      }));
  }

  /**
   * The latest latency spike of each event: `{ event, time, latency, max }`,
   * objects without prototype.
   *
   * @example
   * ```ts
   * await redis.latencyLatest(); // [{ event: "command", time, latency: 120, max: 300 }]
   * ```
   */
  latencyLatest(): Reply<M, LatencyLatest[], this> {
    return this.call(["LATENCY", "LATEST"], (reply) =>
      arrayOf(reply).map((spike) => {
        const [event, time, latency, max] = arrayOf(spike);
        return bare({
          event: text(event),
          time: count(time),
          latency: count(latency),
          max: count(max),
        });
      }));
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
    return this.call(["LATENCY", "RESET", ...events], toCount);
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
    return this.call(["MEMORY", "DOCTOR"], text);
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
    return this.call(["MEMORY", "MALLOC-STATS"], text);
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
    return this.call(["MEMORY", "PURGE"], toOk);
  }

  /**
   * Memory use by category (`peak.allocated`, `total.allocated`, `keys.count`,
   * `db.0`, …) as a record without prototype: numbers over RESP2 and RESP3
   * alike (ratios and percentages included), `db.<n>` records of numbers.
   *
   * @example
   * ```ts
   * (await redis.memoryStats())["total.allocated"]; // 1048576
   * (await redis.memoryStats())["dataset.percentage"]; // 99.86
   * ```
   */
  memoryStats(): Reply<M, MemoryStats, this> {
    return this.call(["MEMORY", "STATS"], toMemoryStats);
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
    assertOptions("memoryUsage", options, MEMORY_USAGE_KEYS);
    const args: RedisArg[] = ["MEMORY", "USAGE", key];
    if (options.samples !== undefined) {
      assertInteger("memoryUsage samples", options.samples, 0);
      args.push("SAMPLES", options.samples);
    }
    return this.call(args, toCountOrNull);
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
   * The loaded modules: `{ name, ver, path, args }` objects without prototype.
   *
   * @example
   * ```ts
   * await redis.moduleList(); // [{ name: "search", ver: 20800, … }]
   * ```
   */
  moduleList(): Reply<M, ModuleInfo[], this> {
    return this.call(["MODULE", "LIST"], listOf(toModuleInfo));
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
    return this.call(["MODULE", "LOAD", path, ...args], toOk);
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
    assertOptions("moduleLoadex", options, MODULE_LOADEX_KEYS);
    const args: RedisArg[] = ["MODULE", "LOADEX", path];
    for (const [name, value] of Object.entries(options.configs ?? {})) {
      args.push("CONFIG", name, value);
    }
    if (options.args !== undefined && options.args.length > 0) args.push("ARGS", ...options.args);
    return this.call(args, toOk);
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
    return this.call(["MODULE", "UNLOAD", name], toOk);
  }

  /**
   * The slowest recent commands (up to `count`, -1: all): `{ id, timestamp, durationMicros, args, clientAddress, clientName }`
   * objects without prototype.
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
      listOf(toSlowlogEntry),
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
    return this.call(["SLOWLOG", "LEN"], toCount);
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
    return this.call(["SLOWLOG", "RESET"], toOk);
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
