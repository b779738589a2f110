/**
 * What every kind of script object shares: the Lua source, its SHA1, and
 * the EVALSHA and EVAL commands that run it.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { RedisArg } from "../resp/types.ts";

/**
 * A Lua script's source and identity. The async and blocking clients'
 * scripts extend it with `run` and `load`; pipelines take any of them in
 * `runScript`.
 *
 * @example
 * ```ts
 * const script = new ScriptSource("return 1");
 * script.sha(); // "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"
 * ```
 */
export class ScriptSource {
  /** The Lua source. */
  readonly source: string;
  /** Whether it runs with EVALSHA_RO/EVAL_RO (refuses writes, runs on replicas). */
  readonly readOnly: boolean;
  #sha: string | undefined;

  /**
   * A script from its source.
   * @param source The Lua source.
   * @param readOnly Run with EVALSHA_RO/EVAL_RO.
   */
  constructor(source: string, readOnly = false) {
    this.source = source;
    this.readOnly = readOnly;
  }

  /**
   * The script's SHA1, as EVALSHA names it.
   *
   * @example
   * ```ts
   * redis.script("return 1").sha(); // "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"
   * ```
   */
  sha(): string {
    this.#sha ??= createHash("sha1").update(this.source).digest("hex");
    return this.#sha;
  }

  /**
   * The EVALSHA (or EVALSHA_RO) command that runs it.
   *
   * @example
   * ```ts
   * script.evalshaArgs(["k"], [1]); // ["EVALSHA", "<sha>", 1, "k", 1]
   * ```
   */
  evalshaArgs(keys: readonly RedisArg[], args: readonly RedisArg[]): RedisArg[] {
    return [this.readOnly ? "EVALSHA_RO" : "EVALSHA", this.sha(), keys.length, ...keys, ...args];
  }

  /**
   * The EVAL (or EVAL_RO) command that runs it, source and all.
   *
   * @example
   * ```ts
   * script.evalArgs([], []); // ["EVAL", "return 1", 0]
   * ```
   */
  evalArgs(keys: readonly RedisArg[], args: readonly RedisArg[]): RedisArg[] {
    return [this.readOnly ? "EVAL_RO" : "EVAL", this.source, keys.length, ...keys, ...args];
  }

  /**
   * The SCRIPT LOAD command that caches it on a server.
   *
   * @example
   * ```ts
   * script.loadArgs(); // ["SCRIPT", "LOAD", "return 1"]
   * ```
   */
  loadArgs(): RedisArg[] {
    return ["SCRIPT", "LOAD", this.source];
  }
}
