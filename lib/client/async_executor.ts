/**
 * The async executor: runs each command declaration on the client's
 * connection and returns a promise of its reply.
 *
 * @module
 */
import type { SendOptions } from "../conn/connection.ts";
import { Commands, type Text, type Transform } from "../commands/mod.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { ConnectionManager } from "./connection_manager.ts";

/** Options applied to every command of a view made with {@link AsyncExecutor.with}. */
export type CommandOptions = SendOptions;

/**
 * Every command, returning promises. {@link Redis} is one; `redis.bytes`
 * and `redis.with({ signal })` are views of the same connection.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = redis.with({ signal: controller.signal }).get("k");
 * controller.abort(); // pending rejects with the signal's reason
 * ```
 */
export class AsyncExecutor<S extends Text> extends Commands<"async", S> {
  /** @internal */
  protected readonly manager: ConnectionManager;
  readonly #bytes: boolean;
  readonly #options: CommandOptions | undefined;

  /** @internal Made by the client; use `redis.bytes` and `redis.with()`. */
  constructor(manager: ConnectionManager, bytes: boolean, options?: CommandOptions) {
    super();
    this.manager = manager;
    this.#bytes = bytes;
    this.#options = options;
  }

  /** @internal */
  protected call<T>(args: RedisArg[], transform?: Transform): Promise<T> {
    return this.manager.send(args, transform, this.#bytes, this.#options) as Promise<T>;
  }

  /**
   * Send any command and get the reply as decoded (RESP3 maps are `Map`s,
   * strings are strings, or bytes on the bytes view). Server errors reject
   * with their typed class.
   *
   * @example
   * ```ts
   * await redis.sendCommand(["OBJECT", "ENCODING", "k"]); // "embstr"
   * ```
   */
  sendCommand(args: readonly RedisArg[], options?: CommandOptions): Promise<RespValue> {
    return this.manager.send(args, undefined, this.#bytes, options ?? this.#options) as Promise<
      RespValue
    >;
  }

  /**
   * A view whose commands all use `options`: an `AbortSignal` that cancels
   * the wait, or a `timeout` in milliseconds for each command.
   *
   * @example
   * ```ts
   * await redis.with({ timeout: 100 }).get("k");
   * ```
   */
  with(options: CommandOptions): AsyncExecutor<S> {
    return new AsyncExecutor<S>(this.manager, this.#bytes, { ...this.#options, ...options });
  }
}
