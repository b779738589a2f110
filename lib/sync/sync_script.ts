/**
 * Lua scripts on the blocking client.
 *
 * @module
 */
import { NoScriptError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { ScriptSource } from "../client/script_source.ts";
import type { SyncRoute } from "./sync_route.ts";
import { withKeyPrefix } from "../commands/key_prefix.ts";

/**
 * A Lua script bound to a blocking client: `run` sends EVALSHA and, on
 * `NOSCRIPT`, EVAL with the source. Usable in `pipeline().runScript()` too.
 *
 * @example
 * ```ts
 * const incrTo = redis.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
 * incrTo.run(["counter"], [5]); // 5
 * ```
 */
export class SyncScript extends ScriptSource {
  readonly #sync: SyncRoute;
  readonly #timeout: number | undefined;

  /** @internal Made by `redis.script()`, with the view's `with({ timeout })`. */
  constructor(route: SyncRoute, source: string, readOnly = false, timeout?: number) {
    super(source, readOnly);
    this.#sync = route;
    this.#timeout = timeout;
  }

  /**
   * Run the script with `keys` (KEYS) and `args` (ARGV); the reply as
   * decoded. A script that fails throws the server's typed error. The view's
   * `with({ timeout })` applies to each command sent.
   *
   * @example
   * ```ts
   * redis.script("return {KEYS[1], ARGV[1]}").run(["k"], ["v"]); // ["k", "v"]
   * ```
   */
  run(keys: readonly RedisArg[] = [], args: readonly RedisArg[] = []): RespValue {
    try {
      return this.#send(this.evalshaArgs(keys, args));
    } catch (error) {
      if (!(error instanceof NoScriptError)) throw error;
      return this.#send(this.evalArgs(keys, args));
    }
  }

  /**
   * Cache the script on the server (SCRIPT LOAD); returns its SHA1.
   *
   * @example
   * ```ts
   * script.load(); // "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"
   * ```
   */
  load(): string {
    return String(this.#send(this.loadArgs()));
  }

  #send(args: RedisArg[]): RespValue {
    const sent = withKeyPrefix(args, this.#sync.keyPrefix);
    return this.#sync.connection().send(sent, undefined, false, this.#timeout) as RespValue;
  }
}
