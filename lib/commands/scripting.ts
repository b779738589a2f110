/**
 * Scripting and function commands: EVAL, EVALSHA, FCALL (and their `_RO`
 * forms), SCRIPT …, FUNCTION ….
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, Reply, Text } from "./command_base.ts";
import { StreamCommands } from "./stream.ts";
import { asString, toBooleans, toRecord, toStrings } from "./transforms.ts";

/** A library of FUNCTION LIST. */
export interface FunctionLibrary {
  /** The library's name. */
  libraryName: string;
  /** Its engine, `LUA`. */
  engine: string;
  /** Its functions. */
  functions: { name: string; description: string | null; flags: string[] }[];
  /** Its source, with `withcode`. */
  libraryCode?: string;
}

function scriptArgs(
  command: string,
  script: RedisArg,
  keys: readonly RedisArg[],
  args: readonly RedisArg[],
): RedisArg[] {
  return [command, script, keys.length, ...keys, ...args];
}

function toLibraries(reply: RespValue): FunctionLibrary[] {
  return (reply as RespValue[]).map((library) => {
    const record = toRecord(library);
    const result: FunctionLibrary = {
      libraryName: asString(record.library_name),
      engine: asString(record.engine),
      functions: (record.functions as RespValue[]).map((fn) => {
        const info = toRecord(fn);
        return {
          name: asString(info.name),
          description: info.description === null ? null : asString(info.description),
          flags: toStrings(info.flags),
        };
      }),
    };
    if (record.library_code !== undefined) result.libraryCode = asString(record.library_code);
    return result;
  });
}

/**
 * Commands that run Lua scripts and functions on the server. For scripts,
 * `redis.script(lua)` sends EVALSHA and falls back to EVAL by itself.
 *
 * @example
 * ```ts
 * await redis.eval("return ARGV[1]", [], ["hi"]); // "hi"
 * ```
 */
export abstract class ScriptingCommands<M extends Mode, S extends Text>
  extends StreamCommands<M, S> {
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
    return this.call(scriptArgs("EVAL", script, keys, args));
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
    return this.call(scriptArgs("EVAL_RO", script, keys, args));
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
    return this.call(scriptArgs("EVALSHA", sha1, keys, args));
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
    return this.call(scriptArgs("EVALSHA_RO", sha1, keys, args));
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
    return this.call(scriptArgs("FCALL", fn, keys, args));
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
    return this.call(scriptArgs("FCALL_RO", fn, keys, args));
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
    return this.call(["SCRIPT", "LOAD", script], asString);
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
    return this.call(["SCRIPT", "EXISTS", ...sha1s], toBooleans);
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
    return this.call(["SCRIPT", "KILL"]);
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
    return this.call(["SCRIPT", "DEBUG", mode.toUpperCase()]);
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
    return this.call(["SCRIPT", "SHOW", sha1]);
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
    return this.call(
      options.replace ? ["FUNCTION", "LOAD", "REPLACE", code] : ["FUNCTION", "LOAD", code],
      asString,
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
    return this.call(["FUNCTION", "DELETE", library]);
  }

  /**
   * Every library, or those whose name matches `libraryName` (a pattern);
   * `withcode` adds their source.
   *
   * @example
   * ```ts
   * (await redis.functionList())[0].functions[0].name; // "f"
   * ```
   */
  functionList(
    options: { libraryName?: RedisArg; withcode?: boolean } = {},
  ): Reply<M, FunctionLibrary[], this> {
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
    return this.call(["FUNCTION", "DUMP"]);
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
        `functionRestore policy: expected flush, append or replace, got ${String(policy)}`,
      );
    }
    return this.call(
      policy === undefined
        ? ["FUNCTION", "RESTORE", payload]
        : ["FUNCTION", "RESTORE", payload, policy.toUpperCase()],
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
    return this.call(["FUNCTION", "KILL"]);
  }

  /**
   * The running function and the engines, as an object with string keys.
   *
   * @example
   * ```ts
   * (await redis.functionStats()).running_script; // null
   * ```
   */
  functionStats(): Reply<M, Record<string, RespValue>, this> {
    return this.call(["FUNCTION", "STATS"], toRecord);
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
    throw new DataError(`${name} mode: expected "async" or "sync", got ${String(mode)}`);
  }
  return mode.toUpperCase();
}
