/**
 * Scripting and function commands: EVAL, EVALSHA, FCALL (and their `_RO`
 * forms), SCRIPT …, FUNCTION ….
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  bare,
  count,
  fieldsOf,
  listOf,
  orNull,
  recordOf,
  text,
  textOrNull,
  texts,
} from "./admin_shapes.ts";
import { CommandBase, type Mode, type Reply, type Text } from "./command_base.ts";
import { toCounts, toOk, toRaw, toText } from "./replies.ts";
import { arrayOf, toStrings } from "./transforms.ts";
import { assertOptions, describeValue, optionKeys } from "./validate.ts";

const FUNCTION_LOAD_KEYS = optionKeys<{ replace?: boolean }>({ replace: true });
const FUNCTION_LIST_KEYS = optionKeys<{ libraryName?: RedisArg; withcode?: boolean }>({
  libraryName: true,
  withcode: true,
});

/** A function of a library, as FUNCTION LIST describes it. */
export interface FunctionInfo {
  /** The function's name. */
  name: string;
  /** Its description, or `null`. */
  description: string | null;
  /** Its flags (`no-writes`, `allow-oom`, …). */
  flags: string[];
}

/** A library of FUNCTION LIST. */
export interface FunctionLibrary {
  /** The library's name. */
  libraryName: string;
  /** Its engine, `LUA`. */
  engine: string;
  /** Its functions. */
  functions: FunctionInfo[];
  /** Its source, with `withcode`. */
  libraryCode?: string;
}

/** The function running now, as FUNCTION STATS describes it. */
export interface RunningFunction {
  /** The function's name. */
  name: string;
  /** The command that called it, with its arguments. */
  command: string[];
  /** How long it has run, in milliseconds. */
  duration_ms: number;
}

/** What an engine of FUNCTION STATS holds. */
export interface FunctionEngineStats {
  /** How many libraries it has loaded. */
  libraries_count: number;
  /** How many functions those libraries have. */
  functions_count: number;
}

/** The reply of FUNCTION STATS, the same over RESP2 and RESP3. */
export interface FunctionStats {
  /** The function running now, or `null`. */
  running_script: RunningFunction | null;
  /** Each engine (`LUA`) with its counts. */
  engines: Record<string, FunctionEngineStats>;
}

function scriptArgs(
  command: string,
  script: RedisArg,
  keys: readonly RedisArg[],
  args: readonly RedisArg[],
): RedisArg[] {
  return [command, script, keys.length, ...keys, ...args];
}

const toFunctionInfo = fieldsOf<FunctionInfo>({
  name: text,
  description: textOrNull,
  flags: texts,
});

/** One library of FUNCTION LIST, under the names keel gives its fields. */
const toLibraryFields = fieldsOf<{
  library_name: string;
  engine: string;
  functions: FunctionInfo[];
  library_code?: string;
}>(
  { library_name: text, engine: text, functions: listOf(toFunctionInfo), library_code: text },
  ["library_code"],
);

function toLibraries(reply: RespValue): FunctionLibrary[] {
  return arrayOf(reply).map((library) => {
    const fields = toLibraryFields(library);
    const result = bare<FunctionLibrary>({
      libraryName: fields.library_name,
      engine: fields.engine,
      functions: fields.functions,
    });
    if (fields.library_code !== undefined) result.libraryCode = fields.library_code;
    return result;
  });
}

const toFunctionStats = fieldsOf<FunctionStats>({
  running_script: orNull(
    fieldsOf<RunningFunction>({ name: text, command: texts, duration_ms: count }),
  ),
  engines: recordOf(
    fieldsOf<FunctionEngineStats>({ libraries_count: count, functions_count: count }),
  ),
});

/**
 * Commands that run Lua scripts and functions on the server. For scripts,
 * `redis.script(lua)` sends EVALSHA and falls back to EVAL by itself.
 *
 * @example
 * ```ts
 * await redis.eval("return ARGV[1]", [], ["hi"]); // "hi"
 * ```
 */
export abstract class ScriptingCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Run a Lua script with `keys` (KEYS) and `args` (ARGV); the reply as decoded.
   *
   * @example
   * ```ts
   * await redis.eval("return redis.call('GET', KEYS[1])", ["k"]); // "v"
   * ```
   */
  eval(
    script: RedisArg,
    keys: readonly RedisArg[] = [],
    args: readonly RedisArg[] = [],
  ): Reply<M, RespValue, this> {
    return this.call(scriptArgs("EVAL", script, keys, args), toRaw);
  }

  /**
   * `eval` of a read-only script (runs on replicas; writes fail).
   *
   * @example
   * ```ts
   * await redis.evalRo("return redis.call('GET', KEYS[1])", ["k"]); // "v"
   * ```
   */
  evalRo(
    script: RedisArg,
    keys: readonly RedisArg[] = [],
    args: readonly RedisArg[] = [],
  ): Reply<M, RespValue, this> {
    return this.call(scriptArgs("EVAL_RO", script, keys, args), toRaw);
  }

  /**
   * Run a cached script by its SHA1 (`NoScriptError` when not cached).
   *
   * @example
   * ```ts
   * await redis.evalsha(sha, ["k"]); // the script's reply
   * ```
   */
  evalsha(
    sha1: RedisArg,
    keys: readonly RedisArg[] = [],
    args: readonly RedisArg[] = [],
  ): Reply<M, RespValue, this> {
    return this.call(scriptArgs("EVALSHA", sha1, keys, args), toRaw);
  }

  /**
   * `evalsha` of a read-only script.
   *
   * @example
   * ```ts
   * await redis.evalshaRo(sha, ["k"]);
   * ```
   */
  evalshaRo(
    sha1: RedisArg,
    keys: readonly RedisArg[] = [],
    args: readonly RedisArg[] = [],
  ): Reply<M, RespValue, this> {
    return this.call(scriptArgs("EVALSHA_RO", sha1, keys, args), toRaw);
  }

  /**
   * Call a function of a loaded library.
   *
   * @example
   * ```ts
   * await redis.fcall("knockknock", [], []); // "Who's there?"
   * ```
   */
  fcall(
    fn: RedisArg,
    keys: readonly RedisArg[] = [],
    args: readonly RedisArg[] = [],
  ): Reply<M, RespValue, this> {
    return this.call(scriptArgs("FCALL", fn, keys, args), toRaw);
  }

  /**
   * Call a read-only function (flag `no-writes`).
   *
   * @example
   * ```ts
   * await redis.fcallRo("peek", ["k"]);
   * ```
   */
  fcallRo(
    fn: RedisArg,
    keys: readonly RedisArg[] = [],
    args: readonly RedisArg[] = [],
  ): Reply<M, RespValue, this> {
    return this.call(scriptArgs("FCALL_RO", fn, keys, args), toRaw);
  }

  /**
   * Cache a script; returns its SHA1.
   *
   * @example
   * ```ts
   * await redis.scriptLoad("return 1"); // "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"
   * ```
   */
  scriptLoad(script: RedisArg): Reply<M, string, this> {
    return this.call(["SCRIPT", "LOAD", script], text);
  }

  /**
   * For each SHA1, whether the script is cached.
   *
   * @example
   * ```ts
   * await redis.scriptExists(sha, "0".repeat(40)); // [true, false]
   * ```
   */
  scriptExists(...sha1s: RedisArg[]): Reply<M, boolean[], this> {
    return this.call(
      ["SCRIPT", "EXISTS", ...sha1s],
      (reply) => toCounts(reply).map((exists) => exists === 1),
    );
  }

  /**
   * Empty the script cache (`async` in the background).
   *
   * @example
   * ```ts
   * await redis.scriptFlush(); // "OK"
   * ```
   */
  scriptFlush(mode?: "async" | "sync"): Reply<M, "OK", this> {
    return this.call(
      mode === undefined
        ? ["SCRIPT", "FLUSH"]
        : ["SCRIPT", "FLUSH", flushMode("scriptFlush", mode)],
      toOk,
    );
  }

  /**
   * Stop the running script (if it has not written yet).
   *
   * @example
   * ```ts
   * await redis.scriptKill(); // "OK", or NOTBUSY
   * ```
   */
  scriptKill(): Reply<M, "OK", this> {
    return this.call(["SCRIPT", "KILL"], toOk);
  }

  /**
   * Set the debug mode of scripts sent on this connection (`yes`, `sync`, `no`).
   *
   * @example
   * ```ts
   * await redis.scriptDebug("no"); // "OK"
   * ```
   */
  scriptDebug(mode: "yes" | "sync" | "no"): Reply<M, "OK", this> {
    return this.call(["SCRIPT", "DEBUG", mode.toUpperCase()], toOk);
  }

  /**
   * The source of a cached script (Valkey 8+).
   *
   * @example
   * ```ts
   * await redis.scriptShow(sha); // "return 1"
   * ```
   */
  scriptShow(sha1: RedisArg): Reply<M, S, this> {
    return this.call(["SCRIPT", "SHOW", sha1], toText<S>);
  }

  /**
   * Help text of SCRIPT, one line per element.
   *
   * @example
   * ```ts
   * (await redis.scriptHelp())[0]; // "SCRIPT <subcommand> [<arg> ..."
   * ```
   */
  scriptHelp(): Reply<M, string[], this> {
    return this.call(["SCRIPT", "HELP"], toStrings);
  }

  /**
   * Load a library (`#!lua name=…` source); returns its name. `replace`
   * overwrites one of the same name.
   *
   * @example
   * ```ts
   * await redis.functionLoad("#!lua name=mylib\nredis.register_function('f', function() return 1 end)");
   * ```
   */
  functionLoad(code: RedisArg, options: { replace?: boolean } = {}): Reply<M, string, this> {
    assertOptions("functionLoad", options, FUNCTION_LOAD_KEYS);
    return this.call(
      options.replace ? ["FUNCTION", "LOAD", "REPLACE", code] : ["FUNCTION", "LOAD", code],
      text,
    );
  }

  /**
   * Delete a library.
   *
   * @example
   * ```ts
   * await redis.functionDelete("mylib"); // "OK"
   * ```
   */
  functionDelete(library: RedisArg): Reply<M, "OK", this> {
    return this.call(["FUNCTION", "DELETE", library], toOk);
  }

  /**
   * Every library, or those whose name matches `libraryName` (a pattern);
   * `withcode` adds their source. Objects without prototype, the same over
   * RESP2 and RESP3.
   *
   * @example
   * ```ts
   * (await redis.functionList())[0].functions[0].name; // "f"
   * ```
   */
  functionList(
    options: { libraryName?: RedisArg; withcode?: boolean } = {},
  ): Reply<M, FunctionLibrary[], this> {
    assertOptions("functionList", options, FUNCTION_LIST_KEYS);
    const args: RedisArg[] = ["FUNCTION", "LIST"];
    if (options.libraryName !== undefined) args.push("LIBRARYNAME", options.libraryName);
    if (options.withcode) args.push("WITHCODE");
    return this.call(args, toLibraries);
  }

  /**
   * Every library serialized (binary: use `redis.bytes.functionDump()`).
   *
   * @example
   * ```ts
   * const payload = await redis.bytes.functionDump();
   * ```
   */
  functionDump(): Reply<M, S, this> {
    return this.call(["FUNCTION", "DUMP"], toText<S>);
  }

  /**
   * Load libraries from a `functionDump` payload: `append` (default) adds,
   * `flush` replaces all, `replace` overwrites same-named ones.
   *
   * @example
   * ```ts
   * await redis.functionRestore(payload, "replace"); // "OK"
   * ```
   */
  functionRestore(
    payload: RedisArg,
    policy?: "flush" | "append" | "replace",
  ): Reply<M, "OK", this> {
    if (policy !== undefined && !["flush", "append", "replace"].includes(policy)) {
      throw new DataError(
        `functionRestore policy: expected flush, append or replace, got ${describeValue(policy)}`,
      );
    }
    return this.call(
      policy === undefined
        ? ["FUNCTION", "RESTORE", payload]
        : ["FUNCTION", "RESTORE", payload, policy.toUpperCase()],
      toOk,
    );
  }

  /**
   * Delete every library (`async` in the background).
   *
   * @example
   * ```ts
   * await redis.functionFlush(); // "OK"
   * ```
   */
  functionFlush(mode?: "async" | "sync"): Reply<M, "OK", this> {
    return this.call(
      mode === undefined
        ? ["FUNCTION", "FLUSH"]
        : ["FUNCTION", "FLUSH", flushMode("functionFlush", mode)],
      toOk,
    );
  }

  /**
   * Stop the running function (if it has not written yet).
   *
   * @example
   * ```ts
   * await redis.functionKill(); // "OK", or NOTBUSY
   * ```
   */
  functionKill(): Reply<M, "OK", this> {
    return this.call(["FUNCTION", "KILL"], toOk);
  }

  /**
   * The running function (or `null`) and each engine's counts, the same over
   * RESP2 and RESP3 (objects without prototype).
   *
   * @example
   * ```ts
   * (await redis.functionStats()).running_script; // null
   * (await redis.functionStats()).engines.LUA.functions_count; // 1
   * ```
   */
  functionStats(): Reply<M, FunctionStats, this> {
    return this.call(["FUNCTION", "STATS"], toFunctionStats);
  }

  /**
   * Help text of FUNCTION, one line per element.
   *
   * @example
   * ```ts
   * (await redis.functionHelp())[0]; // "FUNCTION <subcommand> [<arg> ..."
   * ```
   */
  functionHelp(): Reply<M, string[], this> {
    return this.call(["FUNCTION", "HELP"], toStrings);
  }
}

function flushMode(name: string, mode: "async" | "sync"): string {
  if (mode !== "async" && mode !== "sync") {
    throw new DataError(`${name} mode: expected "async" or "sync", got ${describeValue(mode)}`);
  }
  return mode.toUpperCase();
}
