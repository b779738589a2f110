/**
 * Lua scripts run by their SHA1 (EVALSHA), sent whole (EVAL) only when the
 * server does not have them cached yet.
 *
 * @module
 */
import { commandRequest, type SendOptions } from "../conn/command_request.ts";
import { NoScriptError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { CommandRoute } from "./command_route.ts";
import { ScriptSource } from "./script_source.ts";
import { withKeyPrefix } from "../commands/key_prefix.ts";

/**
 * A Lua script bound to a client. `run` sends EVALSHA and, on `NOSCRIPT`,
 * EVAL with the source (which caches it on the server for next time).
 *
 * @example
 * ```ts
 * const incrTo = redis.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
 * await incrTo.run(["counter"], [5]); // 5
 * ```
 */
export class Script extends ScriptSource {
  readonly #route: Pick<CommandRoute, "send" | "keyPrefix">;
  readonly #options: SendOptions | undefined;

  /** @internal Made by `redis.script()`, with the view's `with()` settings. */
  constructor(
    route: Pick<CommandRoute, "send" | "keyPrefix">,
    source: string,
    readOnly = false,
    options?: SendOptions,
  ) {
    super(source, readOnly);
    this.#route = route;
    this.#options = options;
  }

  /**
   * Run the script with `keys` (KEYS) and `args` (ARGV); the reply as
   * decoded. A script that fails rejects with the server's typed error. The
   * view's `with({ timeout, signal })` applies to each command sent. With
   * `keyPrefix`, `keys` get the prefix (`args` do not).
   *
   * @example
   * ```ts
   * await redis.script("return {KEYS[1], ARGV[1]}").run(["k"], ["v"]); // ["k", "v"]
   * ```
   */
  async run(keys: readonly RedisArg[] = [], args: readonly RedisArg[] = []): Promise<RespValue> {
    try {
      return await this.#send(this.evalshaArgs(keys, args));
    } catch (error) {
      if (!(error instanceof NoScriptError)) throw error;
      return await this.#send(this.evalArgs(keys, args));
    }
  }

  /**
   * Cache the script on the server (SCRIPT LOAD); returns its SHA1. (In
   * pipelines and transactions, `runScript` does this by itself.)
   *
   * @example
   * ```ts
   * const sha = await script.load();
   * await redis.sendCommand(["EVALSHA", sha, 0]);
   * ```
   */
  async load(): Promise<string> {
    return String(await this.#send(this.loadArgs()));
  }

  #send(args: RedisArg[]): Promise<RespValue> {
    return this.#route.send(
      commandRequest(withKeyPrefix(args, this.#route.keyPrefix), undefined, false, this.#options),
    ) as Promise<RespValue>;
  }
}
